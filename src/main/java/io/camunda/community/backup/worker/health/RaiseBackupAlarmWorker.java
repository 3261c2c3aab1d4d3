package io.camunda.community.backup.worker.health;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Raises the health check's findings as an incident operators see in Operate. Resolving the
 * incident runs this again: the freshness is re-checked (take a backup first, then resolve), and a
 * repaired exporting pause that was already reported does not raise again.
 */
@Component
public class RaiseBackupAlarmWorker {

  private final BackupFreshness freshness;

  public RaiseBackupAlarmWorker(BackupFreshness freshness) {
    this.freshness = freshness;
  }

  @JobWorker(type = "c8backup-health-raise-alarm")
  public Map<String, Object> raise(
      @Variable String clusterName, @Variable Boolean exportingPaused, @Variable Boolean exportingRepairReported) {
    List<String> findings = new ArrayList<>();
    BackupFreshness.Freshness now = freshness.check(clusterName);
    if (now.stale()) {
      findings.add("STALE BACKUPS: " + now.summary() + " Take a backup, then resolve this incident."
          + " If backups are refused as CLUSTER_BUSY while no run of this cluster is active, a run was cancelled in Operate"
          + " while holding the cluster lock: release it with POST /api/clusters/" + clusterName + "/lock/release.");
    }
    boolean reportRepair = Boolean.TRUE.equals(exportingPaused) && !Boolean.TRUE.equals(exportingRepairReported);
    if (reportRepair) {
      findings.add("EXPORTING WAS PAUSED on cluster '" + clusterName + "' while no backup was running; the health check resumed it."
          + " Look for a backup instance cancelled in Operate or a manual pause. Resolve this incident to acknowledge.");
    }
    if (!findings.isEmpty()) {
      throw new BackupAlarmException(String.join(" | ", findings),
          Map.of("exportingRepairReported", Boolean.TRUE.equals(exportingPaused) || Boolean.TRUE.equals(exportingRepairReported)));
    }
    return Map.of("alarmCleared", true);
  }
}
