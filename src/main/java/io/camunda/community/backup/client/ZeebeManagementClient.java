package io.camunda.community.backup.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.client.BackupRejectedException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/**
 * The Orchestration Cluster management API for Zeebe: exporting control ({@code
 * /actuator/exporting}, contract 1.6), partition status (1.7) and runtime backups ({@code
 * /actuator/backupRuntime}, 1.2; the gateway's legacy {@code /actuator/backups} of 8.7 and earlier,
 * 1.4, which has the same verbs and bodies).
 */
public class ZeebeManagementClient {

  private final TargetHttp http;
  /** {@code /actuator/backupRuntime}, or {@code /actuator/backups} on a legacy gateway. */
  private final String backupPath;

  public ZeebeManagementClient(TargetHttp http) {
    this(http, "/actuator/backupRuntime");
  }

  public ZeebeManagementClient(TargetHttp http, String backupPath) {
    this.http = http;
    this.backupPath = backupPath;
  }

  /** The management API this client talks to (a broker's, or the gateway's). */
  public String baseUrl() {
    return http.baseUrl();
  }

  /** Soft pause: exporters keep exporting but stop advancing their position. Idempotent. */
  public void softPauseExporting() {
    confirmExporting(http.send(HttpMethod.POST, "/actuator/exporting/pause?soft=true", null), "soft-pause");
  }

  /** Clears a soft or hard pause. Idempotent. */
  public void resumeExporting() {
    confirmExporting(http.send(HttpMethod.POST, "/actuator/exporting/resume", null), "resume");
  }

  // The actuator always answers HTTP 200; the outcome is the status inside the body (pitfall 1).
  private void confirmExporting(TargetHttp.Response response, String action) {
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    JsonNode body = http.tree(response);
    int status = body.path("status").asInt(-1);
    if (status != 204) {
      String message = body.path("body").path("message").asText(response.body());
      throw new ExportingUnconfirmedException(
          "Zeebe management API: %s answered HTTP 200 but status %d (%s). Exporting may now be %s on only some partitions; the step is retried. Check that every broker is up (GET /actuator/partitions)."
              .formatted(response.request(), status, message, action.equals("resume") ? "resumed" : "paused"));
    }
  }

  /**
   * {@code GET /actuator/partitions}: partition id → status, of the partitions the answering broker
   * hosts only; followers report no exporter phase. {@link ExportingStateReader} reads every broker.
   */
  public Map<String, PartitionStatus> partitions() {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/actuator/partitions", null);
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    JsonNode body = http.tree(response);
    var result = new java.util.TreeMap<String, PartitionStatus>();
    body.fields().forEachRemaining(e -> result.put(e.getKey(), new PartitionStatus(
        e.getValue().path("role").asText(null),
        e.getValue().path("exporterPhase").asText(null),
        e.getValue().path("exportedPosition").isNumber() ? e.getValue().get("exportedPosition").asLong() : null,
        e.getValue().path("processedPosition").isNumber() ? e.getValue().get("processedPosition").asLong() : null)));
    return result;
  }

  public record PartitionStatus(String role, String exporterPhase, Long exportedPosition, Long processedPosition) {}

  /** Spring's {@code GET /actuator/health} status, e.g. UP or DOWN. */
  public String health() {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/actuator/health", null);
    if (!(response.is(200) || response.is(503))) {
      throw http.unexpected(response);
    }
    return http.tree(response).path("status").asText("UNKNOWN");
  }

  /** Starts a backup of every partition (202). */
  public void takeBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.POST, backupPath, Map.of("backupId", backupId));
    switch (response.status()) {
      case 202 -> {}
      case 409 -> throw new BackupRejectedException(Reason.BACKUP_ID_CONFLICT, "Zeebe rejected backup ID %d: %s".formatted(backupId, response.message()));
      case 400 -> throw rejected400(response);
      default -> throw http.unexpected(response);
    }
  }

  /**
   * Starts a backup whose id the cluster generates (8.9+ with continuous backups or a backup
   * scheduler, where a request with an id is refused): {@code POST} without a body, 202.
   *
   * @return the generated id (8.9+ answers it; null when the answer does not say)
   */
  public Long takeBackupWithGeneratedId() {
    TargetHttp.Response response = http.send(HttpMethod.POST, backupPath, null);
    if (response.status() == 400) {
      throw new BackupRejectedException(Reason.INVALID_REQUEST, "Zeebe backup API: " + response.request() + " answered 400: "
          + response.message() + ". A backup without an id needs Camunda 8.9+ with continuous backups"
          + " (camunda.data.primary-storage.backup.continuous: true)");
    }
    if (!response.is(202)) {
      throw http.unexpected(response);
    }
    JsonNode id = http.tree(response).path("backupId");
    return id.canConvertToLong() && id.isIntegralNumber() ? id.asLong() : null;
  }

  /**
   * {@code GET /actuator/backupRuntime/state} (8.9+, contract 1.2.5): checkpoints, backups and
   * backup ranges per partition.
   */
  public BackupRuntimeState runtimeState() {
    TargetHttp.Response response = http.send(HttpMethod.GET, backupPath + "/state", null);
    return switch (response.status()) {
      case 200 -> http.read(response, BackupRuntimeState.class);
      case 404 -> throw new BackupRejectedException(Reason.BACKUP_API_NOT_AVAILABLE, "Zeebe backup API: " + response.request()
          + " answered 404: the runtime state of continuous backups exists from Camunda 8.9 on; check management-url and the"
          + " Camunda version");
      case 400 -> throw rejected400(response);
      default -> throw http.unexpected(response);
    };
  }

  private static BackupRejectedException rejected400(TargetHttp.Response response) {
    String message = response.message();
    String lower = message.toLowerCase();
    Reason reason;
    String hint;
    if (lower.contains("continuous backups") || lower.contains("scheduler")) {
      // 8.9+: continuous/scheduled backups generate their own IDs, which breaks the shared-ID procedure.
      reason = Reason.INVALID_REQUEST;
      hint = " The cluster takes continuous backups, which the configuration does not say: with RDBMS storage set"
          + " continuous-backups.enabled: true for it (the orchestrator then dumps the database and checks the broker's backup"
          + " ranges); with Elasticsearch/OpenSearch, whose backup needs one shared ID, disable continuous backups and the backup"
          + " scheduler on the cluster.";
    } else if (lower.contains("must be > 0") || lower.contains("backupid must")) {
      reason = Reason.INVALID_REQUEST;
      hint = "";
    } else {
      reason = Reason.BACKUP_STORE_NOT_CONFIGURED;
      hint = " Configure a backup store on every broker (camunda.data.backup.store) and restart them.";
    }
    return new BackupRejectedException(reason, "Zeebe backup API: " + response.request() + " answered 400: " + message + "." + hint);
  }

  public Optional<ZeebeBackupInfo> getBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.GET, backupPath + "/" + backupId, null);
    return switch (response.status()) {
      case 200 -> Optional.of(valid(response, http.read(response, ZeebeBackupInfo.class)));
      case 404 -> {
        // "Backup with id X does not exist" vs. an endpoint that is not served at all.
        if (response.message().contains("does not exist")) {
          yield Optional.empty();
        }
        throw new BackupRejectedException(Reason.BACKUP_API_NOT_AVAILABLE, "Zeebe backup API: " + response.request()
            + " answered 404 (" + response.message() + "). /actuator/backupRuntime exists from Camunda 8.8 on; check management-url (port 9600 and context path) and the Camunda version.");
      }
      case 400 -> throw rejected400(response);
      default -> throw http.unexpected(response);
    };
  }

  /** Every Zeebe backup, newest first. */
  public List<ZeebeBackupInfo> listBackups() {
    TargetHttp.Response response = http.send(HttpMethod.GET, backupPath, null);
    return switch (response.status()) {
      case 200 -> Arrays.stream(listed(response)).map(b -> valid(response, b)).toList();
      case 400 -> throw rejected400(response);
      default -> throw http.unexpected(response);
    };
  }

  /** The backups of a 200 listing; a body of {@code null} is no listing (not an empty one). */
  private ZeebeBackupInfo[] listed(TargetHttp.Response response) {
    ZeebeBackupInfo[] backups = http.read(response, ZeebeBackupInfo[].class);
    if (backups == null) {
      throw http.missingField(response, "[...] (the list of backups)");
    }
    return backups;
  }

  private ZeebeBackupInfo valid(TargetHttp.Response response, ZeebeBackupInfo backup) {
    if (backup == null || backup.state() == null) {
      throw http.missingField(response, "state");
    }
    return backup;
  }

  public void deleteBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, backupPath + "/" + backupId, null);
    if (!(response.is(204) || response.is(404))) {
      throw http.unexpected(response);
    }
  }
}
