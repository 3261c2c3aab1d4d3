package io.camunda.community.backup.control;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import jakarta.validation.Valid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * HTTP entry for automation, per cluster: the backup catalog, starting and cancelling backups,
 * retention runs, and releasing a leaked cluster lock. The clients block (a few seconds at most),
 * so every handler runs on Reactor's bounded elastic scheduler, never on an event-loop thread.
 *
 * <p>Bad input (malformed JSON, unknown fields or query parameters, wrong types, an invalid backup
 * ID, a note over 500 characters) is answered 400 by {@link ApiErrors} before any process starts.
 */
@RestController
@RequestMapping("/api/clusters/{clusterName}")
public class BackupController {

  /** Enough for the lock decision (the cluster-lock process waits 5 s for a token). */
  static final Duration DECISION_WAIT = Duration.ofSeconds(8);
  static final Duration RETENTION_WAIT = Duration.ofMinutes(2);

  private final BackupRequests backups;
  private final RetentionRequests retention;
  private final BackupCatalog catalog;
  private final ClusterLocks locks;
  private final RestoreRequests restores;

  public BackupController(
      BackupRequests backups, RetentionRequests retention, BackupCatalog catalog, ClusterLocks locks, RestoreRequests restores) {
    this.restores = restores;
    this.backups = backups;
    this.retention = retention;
    this.catalog = catalog;
    this.locks = locks;
  }

  @GetMapping("/backups")
  public Mono<List<BackupSet>> catalog(@PathVariable String clusterName, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    return blocking(() -> catalog.list(clusterName));
  }

  /** 202 while the backup runs, 409 when refused (busy, too soon), 200 when it already ended otherwise. */
  @PostMapping("/backups")
  public Mono<ResponseEntity<RunOutcome>> start(
      @PathVariable String clusterName, @Valid @RequestBody(required = false) RequestBodies.Backup request, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    RequestBodies.Backup body = request == null ? new RequestBodies.Backup(null, null) : request;
    return blocking(() -> respond(backups.request(clusterName, body.backupId(), body.note(), "api", DECISION_WAIT)));
  }

  @PostMapping("/backups/cancellation")
  public Mono<ResponseEntity<Map<String, Object>>> cancel(@PathVariable String clusterName) {
    return blocking(() -> {
      backups.cancel(clusterName);
      return ResponseEntity.accepted().body(Map.<String, Object>of("clusterName", clusterName, "cancellationRequested", true));
    });
  }

  @PostMapping("/retention")
  public Mono<ResponseEntity<RunOutcome>> retention(
      @PathVariable String clusterName, @RequestParam(defaultValue = "false") boolean dryRun, ServerHttpRequest http) {
    // ?dry-run=true or ?dryrun=true must not be taken for a real run that deletes.
    onlyQueryParameters(http, Set.of("dryRun"));
    return blocking(() -> {
      RunOutcome outcome = retention.request(clusterName, dryRun, "api", RETENTION_WAIT);
      boolean skipped = outcome.ended() && Boolean.TRUE.equals(outcome.result().get("skipped"));
      return skipped ? ResponseEntity.status(HttpStatus.CONFLICT).body(outcome) : respond(outcome);
    });
  }

  /**
   * Starts a restore: 202 while it waits for approval in Tasklist (or runs), 409 when refused at
   * once (busy, failed pre-flight). Without a backup ID the operator chooses one in Tasklist.
   */
  @PostMapping("/restores")
  public Mono<ResponseEntity<RunOutcome>> restore(
      @PathVariable String clusterName, @Valid @RequestBody(required = false) RequestBodies.Restore request, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    RequestBodies.Restore body = request == null ? new RequestBodies.Restore(null, null) : request;
    return blocking(() -> {
      RunOutcome outcome = restores.request(clusterName, body.backupId(), body.note(), "api", Duration.ofSeconds(15));
      if (!outcome.ended()) {
        return ResponseEntity.accepted().body(outcome);
      }
      return ResponseEntity.status("RESTORED".equals(outcome.state()) ? HttpStatus.OK : HttpStatus.CONFLICT).body(outcome);
    });
  }

  /** Frees a lock whose holder no longer runs; refused (409, with the holder's key) while it runs. */
  @PostMapping("/lock/release")
  public Mono<ResponseEntity<Map<String, Object>>> releaseLock(@PathVariable String clusterName) {
    return blocking(() -> {
      ClusterLocks.ForcedRelease release = locks.forceRelease(clusterName);
      return ResponseEntity.status(release.refused() ? HttpStatus.CONFLICT : HttpStatus.OK).body(release.asMap());
    });
  }

  private static void onlyQueryParameters(ServerHttpRequest http, Set<String> allowed) {
    for (String name : http.getQueryParams().keySet()) {
      if (!allowed.contains(name)) {
        throw new InvalidRequestException(name, "unknown query parameter '" + name + "'",
            allowed.isEmpty() ? "remove it; this endpoint takes no query parameters" : "remove it; the query parameters are: " + allowed);
      }
    }
  }

  private static <T> Mono<T> blocking(java.util.concurrent.Callable<T> call) {
    return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
  }

  private static ResponseEntity<RunOutcome> respond(RunOutcome outcome) {
    if (!outcome.ended()) {
      return ResponseEntity.accepted().body(outcome);
    }
    return ResponseEntity.status("REFUSED".equals(outcome.state()) ? HttpStatus.CONFLICT : HttpStatus.OK).body(outcome);
  }
}
