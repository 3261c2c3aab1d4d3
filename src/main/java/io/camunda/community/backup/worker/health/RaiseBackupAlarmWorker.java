package io.camunda.community.backup.worker.health;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Raises the health check's findings as an incident operators see in Operate.
 *
 * <p>The task is modelled with {@code retries="2"}; the first run raises the alarm and leaves no
 * retries, so a later run can only come from an operator resolving the incident (Operate's retry
 * gives the job 1 retry). That run counts as the acknowledgement: a repaired exporting pause is not
 * reported again, while stale backups are checked again and raise again until a backup is taken.
 */
@Component
public class RaiseBackupAlarmWorker {

  static final int RETRIES_OF_FIRST_RUN = 2;

  private final BackupFreshness freshness;

  public RaiseBackupAlarmWorker(BackupFreshness freshness) {
    this.freshness = freshness;
  }

  @JobWorker(type = "c8backup-health-raise-alarm")
  public Map<String, Object> raise(ActivatedJob job, @Variable String clusterName, @Variable Boolean exportingPaused,
      @Variable Boolean exportingUnknown, @Variable String exportingUnknownReason) {
    boolean firstRun = job.getRetries() >= RETRIES_OF_FIRST_RUN;
    List<String> findings = new ArrayList<>();
    BackupFreshness.Freshness now = freshness.check(clusterName);
    if (now.catalogProblem() != null) {
      findings.add("CATALOG INCOMPLETE: " + now.catalogProblem());
    }
    if (now.stale() && now.catalogProblem() == null) {
      findings.add("STALE BACKUPS: " + now.summary() + " Take a backup, then resolve this incident."
          + " If backups are refused as CLUSTER_BUSY, look in Operate for the run holding the cluster lock (the cluster-lock-keeper"
          + " instance of this cluster names it as holderKey).");
    }
    if (firstRun && Boolean.TRUE.equals(exportingPaused)) {
      findings.add("EXPORTING WAS PAUSED on cluster '" + clusterName + "' while no backup was running; the health check resumed it."
          + " Look for a backup instance cancelled in Operate or a manual pause. Resolve this incident to acknowledge.");
    }
    if (firstRun && Boolean.TRUE.equals(exportingUnknown)) {
      findings.add("EXPORTING STATE UNKNOWN on cluster '" + clusterName + "': " + exportingUnknownReason + "."
          + " Exporting may be paused on the partitions nobody could read: check every broker (GET /actuator/partitions on port 9600"
          + " of each, or set broker-management-urls) and resume with POST /actuator/exporting/resume if one shows SOFT_PAUSED or PAUSED."
          + " Resolve this incident to acknowledge.");
    }
    if (!findings.isEmpty()) {
      throw new BackupAlarmException(String.join(" | ", findings));
    }
    return Map.of("alarmCleared", true);
  }
}
