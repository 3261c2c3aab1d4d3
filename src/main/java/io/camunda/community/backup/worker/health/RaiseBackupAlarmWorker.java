package io.camunda.community.backup.worker.health;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.notify.Notification;
import io.camunda.community.backup.notify.NotificationEvent;
import io.camunda.community.backup.notify.Notifier;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 *
 * <p>Stale backups are notified as {@code backup-stale} and exporting that the health check found
 * paused and resumed as {@code exporting-repaired}, each once per health-check instance (not again
 * for the acknowledging run), in the background before the incident is raised.
 */
@Component
public class RaiseBackupAlarmWorker {

  static final int RETRIES_OF_FIRST_RUN = 2;

  private final BackupFreshness freshness;
  private final Notifier notifier;
  private final Clock clock;

  public RaiseBackupAlarmWorker(BackupFreshness freshness, Notifier notifier, Clock clock) {
    this.freshness = freshness;
    this.notifier = notifier;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-health-raise-alarm")
  public Map<String, Object> raise(ActivatedJob job, @Variable String clusterName, @Variable Boolean exportingPaused,
      @Variable Boolean exportingUnknown, @Variable String exportingUnknownReason, @Variable String exportingResumedAt) {
    boolean firstRun = job.getRetries() >= RETRIES_OF_FIRST_RUN;
    List<String> findings = new ArrayList<>();
    BackupFreshness.Freshness now = freshness.check(clusterName);
    if (now.catalogProblem() != null) {
      findings.add("CATALOG INCOMPLETE: " + now.catalogProblem());
    }
    if (now.gaps() != null && now.catalogProblem() == null) {
      findings.add("BACKUP GAP: " + now.gaps());
    }
    if (now.stale() && now.catalogProblem() == null) {
      notifyStale(job, now);
      findings.add("STALE BACKUPS: " + now.summary() + " Take a backup, then resolve this incident."
          + " If backups are refused as CLUSTER_BUSY, look in Operate for the run holding the cluster lock (the cluster-lock-keeper"
          + " instance of this cluster names it as holderKey).");
    }
    if (firstRun && Boolean.TRUE.equals(exportingPaused)) {
      notifyRepaired(job, clusterName, exportingResumedAt);
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

  private void notifyStale(ActivatedJob job, BackupFreshness.Freshness found) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("maxBackupAge", found.maxAge().toString());
    details.put("newestCompleteBackupId", found.newestCompleteBackupId());
    details.put("newestCompleteBackupAt", found.newestCompleteAt() == null ? null : found.newestCompleteAt().toString());
    details.put("processInstanceKey", job.getProcessInstanceKey());
    notifier.notify(() -> Notification.ofInstance(NotificationEvent.BACKUP_STALE, job.getProcessInstanceKey(), found.clusterName(),
        found.summary(), details, clock.instant()));
  }

  private void notifyRepaired(ActivatedJob job, String clusterName, String exportingResumedAt) {
    Instant now = clock.instant();
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("exportingResumedAt", exportingResumedAt);
    details.put("processInstanceKey", job.getProcessInstanceKey());
    notifier.notify(() -> Notification.ofInstance(NotificationEvent.EXPORTING_REPAIRED, job.getProcessInstanceKey(), clusterName,
        "The health check found exporting of cluster '" + clusterName + "' paused while no backup was running and resumed it"
            + (exportingResumedAt == null ? "." : " at " + exportingResumedAt + ".")
            + " Look for a backup cancelled in Operate or a manual pause.", details, now));
  }
}
