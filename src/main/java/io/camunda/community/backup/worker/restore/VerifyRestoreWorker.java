package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.metrics.RestoreMetrics;
import io.camunda.community.backup.notify.Notifier;
import io.camunda.community.backup.restore.RestorePhases;
import io.camunda.community.backup.restore.RestoreVerifier;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Verifies the restored data and records the result, with the measured restore duration (RTO);
 * notified as {@code restore-finished}.
 */
@Component
public class VerifyRestoreWorker {

  private final RestoreVerifier verifier;
  private final Clock clock;
  private final RestoreMetrics metrics;
  private final Notifier notifier;

  public VerifyRestoreWorker(RestoreVerifier verifier, Clock clock, RestoreMetrics metrics, Notifier notifier) {
    this.verifier = verifier;
    this.clock = clock;
    this.metrics = metrics;
    this.notifier = notifier;
  }

  @JobWorker(type = "c8backup-restore-verify", fetchAllVariables = true)
  public Map<String, Object> verify(ActivatedJob job) {
    Map<String, Object> v = job.getVariablesAsMap();
    String clusterName = (String) v.get("clusterName");
    long backupId = ((Number) v.get("backupId")).longValue();
    // a point-in-time restore's partitions are compared with the Zeebe backup it landed on, not with the dump's ID
    Object restorePoint = v.get(RestoreVariables.RESTORE_POINT);
    long zeebeBackupId = restorePoint instanceof Map<?, ?> point ? ((Number) point.get("zeebeBackupId")).longValue() : backupId;
    Map<String, Object> verification = verifier.verify(clusterName, zeebeBackupId, RestoredDocuments.of(v));
    Instant now = clock.instant();

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("clusterName", clusterName);
    result.put("backupId", backupId);
    result.put("state", Boolean.TRUE.equals(verification.get("ok")) ? "RESTORED" : "RESTORED_WITH_PROBLEMS");
    result.put("mode", v.get("restoreMode"));
    if (restorePoint != null) {
      result.put(RestoreVariables.RESTORE_POINT, restorePoint);
      result.put(RestoreVariables.EXPORTER_POSITIONS, v.get(RestoreVariables.EXPORTER_POSITIONS));
    }
    result.put(BackupVariables.REQUESTED_BY, v.get(BackupVariables.REQUESTED_BY));
    result.put("note", v.get("note"));
    result.put("approvedBy", List.of(String.valueOf(v.get("firstApprover")), String.valueOf(v.getOrDefault("secondApprover", "-"))));
    result.put("approvedAt", v.get("approvedAt"));
    result.put("healthyAt", v.get("healthyAt"));
    Duration restoreDuration = v.get("approvedAt") == null ? null : Duration.between(Instant.parse((String) v.get("approvedAt")), now);
    result.put("restoreDuration", restoreDuration == null ? null : restoreDuration.toString());
    result.put("phases", RestorePhases.of(instant(v.get("approvedAt")), instant(v.get(RestoreVariables.COMPONENTS_STOPPED_AT)),
        instant(v.get(RestoreVariables.COMPONENTS_STARTED_AT)), instant(v.get("healthyAt")), now));
    if (v.get("restoredDatabase") != null) {
      result.put("restoredDatabase", v.get("restoredDatabase"));
    } else {
      result.put("deletedIndices", v.get("deletedIndices"));
    }
    if (v.get(RestoreVariables.RESTORED_ADDITIONAL_DATABASES) != null) {
      result.put(RestoreVariables.RESTORED_ADDITIONAL_DATABASES, v.get(RestoreVariables.RESTORED_ADDITIONAL_DATABASES));
    }
    result.put("verification", verification);
    result.put("finishedAt", now.toString());
    metrics.restoreEnded(new RestoreMetrics.RestoreRun(job.getProcessInstanceKey(), clusterName, (String) result.get("state"), restoreDuration));
    notifier.notify(() -> RestoreFinished.of(job.getProcessInstanceKey(), result, now));
    return Map.of("restoreResult", result);
  }

  private static Instant instant(Object iso) {
    return iso == null ? null : Instant.parse((String) iso);
  }
}
