package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.metrics.RestoreMetrics;
import io.camunda.community.backup.notify.Notifier;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The outcome of a restore that changed nothing: refused, pre-flight failed, rejected or not
 * approved in time; notified as {@code restore-finished} (a restore that ran is notified by {@link
 * VerifyRestoreWorker}).
 */
@Component
public class SummarizeRestoreWorker {

  private final Clock clock;
  private final RestoreMetrics metrics;
  private final Notifier notifier;

  public SummarizeRestoreWorker(Clock clock, RestoreMetrics metrics, Notifier notifier) {
    this.clock = clock;
    this.metrics = metrics;
    this.notifier = notifier;
  }

  @JobWorker(type = "c8backup-restore-summarize", fetchAllVariables = true)
  public Map<String, Object> summarize(ActivatedJob job) {
    Map<String, Object> v = job.getVariablesAsMap();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("clusterName", v.get("clusterName"));
    result.put("backupId", v.get("backupId"));
    result.put("state", job.getCustomHeaders().getOrDefault("outcome", "NOT_RESTORED"));
    result.put(BackupVariables.REQUESTED_BY, v.get(BackupVariables.REQUESTED_BY));
    // the request's reason (restore start form, API note) is kept here, as the backup run keeps its note
    result.put("note", v.get("note"));
    result.put("errorCode", v.getOrDefault("errorCode", "REJECTED"));
    result.put("reason", v.get("errorCode") == null ? rejection(v) : v.get("failureReason"));
    result.put("changed", "nothing");
    java.time.Instant now = clock.instant();
    result.put("finishedAt", now.toString());
    if (Boolean.TRUE.equals(v.get("dryRun"))) {
      result.put("dryRun", true); // a refused dry run is no restore: no restore metric, no notification
    } else {
      metrics.restoreEnded(new RestoreMetrics.RestoreRun(job.getProcessInstanceKey(), String.valueOf(v.get("clusterName")),
          String.valueOf(result.get("state")), null));
      notifier.notify(() -> RestoreFinished.of(job.getProcessInstanceKey(), result, now));
    }
    return Map.of("restoreResult", result);
  }

  /** Why an approver's decision ended the restore. */
  private static String rejection(Map<String, Object> v) {
    String cluster = String.valueOf(v.get("clusterName"));
    if ("reject".equals(v.get("secondApproval"))) {
      return "Rejected by the second approver" + (v.get("secondApprovalComment") != null ? ": " + v.get("secondApprovalComment") : "");
    }
    if ("reject".equals(v.get("approval"))) {
      return "Rejected by the approver" + (v.get("approvalComment") != null ? ": " + v.get("approvalComment") : "");
    }
    Object typed = v.get("secondConfirmClusterName") != null && !cluster.equals(v.get("secondConfirmClusterName"))
        ? v.get("secondConfirmClusterName") : v.get("confirmClusterName");
    return "The confirmation '" + typed + "' does not match the cluster name '" + cluster + "'";
  }
}
