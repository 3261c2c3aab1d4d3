package io.camunda.community.backup.worker.replication;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.metrics.SecondCopyMetrics;
import io.camunda.community.backup.notify.Notification;
import io.camunda.community.backup.notify.NotificationEvent;
import io.camunda.community.backup.notify.Notifier;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The set is complete, but its second copy is not: records {@code secondCopy.state = FAILED} with
 * the reason (the run's answer shows it), counts it ({@code c8backup_second_copies_total{outcome=
 * "FAILED"}}) and notifies {@code second-copy-failed}. The backup itself stays complete: its
 * restore points exist, once. Reached from the replication step's BPMN error, or from its deadline.
 */
@Component
public class ReportSecondCopyFailureWorker {

  private final SecondCopyMetrics metrics;
  private final Notifier notifier;
  private final Clock clock;

  public ReportSecondCopyFailureWorker(SecondCopyMetrics metrics, Notifier notifier, Clock clock) {
    this.metrics = metrics;
    this.notifier = notifier;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-second-location-report")
  public Map<String, Object> report(ActivatedJob job, @Variable String clusterName, @Variable long backupId) {
    Map<String, Object> variables = job.getVariablesAsMap();
    Object reason = variables.get(BackupVariables.SECOND_COPY_FAILURE);
    Object last = variables.get(BackupVariables.SECOND_COPY);
    String why = reason != null ? reason.toString()
        : "backup " + backupId + " was not whole in the second location within the deadline ("
            + variables.get(BackupVariables.SECOND_LOCATION_DEADLINE) + ")" + (last == null ? "" : "; last check: " + last);
    Instant now = clock.instant();
    metrics.recordOutcome(job.getProcessInstanceKey(), clusterName, SecondCopyMetrics.FAILED);
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("processInstanceKey", job.getProcessInstanceKey());
    details.put("backupId", backupId);
    details.put("reason", why);
    notifier.notify(() -> Notification.ofInstance(NotificationEvent.SECOND_COPY_FAILED, job.getProcessInstanceKey(), clusterName,
        "Backup " + backupId + " of cluster '" + clusterName + "' is complete, but its second copy is not: " + why, details, now));
    Map<String, Object> failed = new LinkedHashMap<>();
    failed.put("state", "FAILED");
    failed.put("reason", why);
    failed.put("reportedAt", now.toString());
    return Map.of(BackupVariables.SECOND_COPY, failed);
  }
}
