package io.camunda.community.backup.control;

import io.camunda.community.backup.config.UnknownClusterException;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** HTTP entry for automation: {@code POST /api/clusters/{name}/backups} starts a backup. */
@RestController
@RequestMapping("/api/clusters/{clusterName}")
public class BackupController {

  private final BackupRequests requests;

  public BackupController(BackupRequests requests) {
    this.requests = requests;
  }

  public record BackupRequest(Long backupId, String note) {}

  @PostMapping("/backups")
  public ResponseEntity<Map<String, Object>> start(@PathVariable String clusterName, @RequestBody(required = false) BackupRequest request) {
    BackupRequest body = request == null ? new BackupRequest(null, null) : request;
    long key = requests.start(clusterName, body.backupId(), body.note(), "api");
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(Map.of("clusterName", clusterName, "processInstanceKey", key));
  }

  @PostMapping("/backups/cancellation")
  public ResponseEntity<Map<String, Object>> cancel(@PathVariable String clusterName) {
    requests.cancel(clusterName);
    return ResponseEntity.accepted().body(Map.of("clusterName", clusterName, "cancellationRequested", true));
  }

  @ExceptionHandler(UnknownClusterException.class)
  ResponseEntity<Map<String, Object>> unknownCluster(UnknownClusterException e) {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", e.getMessage()));
  }
}
