package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.replication.SecondCopyFailedException;
import io.camunda.community.backup.replication.SecondLocationStaging;
import io.camunda.community.backup.restore.RestorePreflight;
import io.camunda.community.backup.worker.BackupStepFailedException;
import io.camunda.community.backup.worker.JobHeartbeat;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * First step of a restore from the second location ({@code restoreFrom = second-location}): copies
 * the set's Zeebe partitions' backups and dumps back to the primary places, under a {@link
 * JobHeartbeat} lease, and hands the pre-flight the backup ID ({@code latest}: the newest one the
 * second Zeebe store holds). A set the second location does not hold, or a primary file that differs,
 * is the pre-flight's refusal (nothing on the target was touched).
 */
@Component
public class CopySetBackFromSecondLocationWorker {

  private static final long LEASE_MILLIS = 2 * 60 * 1000L;

  private final ClusterRegistry registry;
  private final SecondLocationStaging staging;
  private final JobHeartbeat heartbeat;

  public CopySetBackFromSecondLocationWorker(ClusterRegistry registry, SecondLocationStaging staging, JobHeartbeat heartbeat) {
    this.registry = registry;
    this.staging = staging;
    this.heartbeat = heartbeat;
  }

  @JobWorker(type = "c8backup-restore-copy-back", timeout = LEASE_MILLIS)
  public Map<String, Object> copyBack(ActivatedJob job, @Variable String clusterName, @Variable Long requestedBackupId,
      @Variable String chosenBackupId) {
    if (!registry.get(clusterName).hasSecondLocation()) {
      throw refused(clusterName, "the cluster has no second-location configured");
    }
    try {
      long backupId = requestedBackupId != null ? requestedBackupId : chosen(clusterName, chosenBackupId);
      SecondLocationStaging.Staged staged = heartbeat.whileActive(job, Duration.ofMillis(LEASE_MILLIS),
          cancelled -> staging.stage(clusterName, backupId));
      Map<String, Object> variables = new LinkedHashMap<>();
      variables.put("requestedBackupId", backupId);
      variables.put("copiedBackFromSecondLocation", Map.of("files", staged.files(), "copied", staged.copied(), "kept", staged.kept()));
      return variables;
    } catch (SecondCopyFailedException e) {
      throw refused(clusterName, e.getMessage());
    }
  }

  private long chosen(String clusterName, String chosenBackupId) {
    if (chosenBackupId == null || chosenBackupId.isBlank() || RestorePreflight.LATEST.equals(chosenBackupId)) {
      return staging.newestId(clusterName).orElseThrow(() -> new SecondCopyFailedException(
          "the second location holds no Zeebe backup of the cluster"));
    }
    try {
      return Long.parseLong(chosenBackupId.trim());
    } catch (NumberFormatException e) {
      throw new SecondCopyFailedException("'" + chosenBackupId + "' is not a backup ID");
    }
  }

  private static BackupStepFailedException refused(String clusterName, String why) {
    return new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED", "Restore of cluster '" + clusterName
        + "' from the second location refused, nothing on the target was changed: " + why);
  }
}
