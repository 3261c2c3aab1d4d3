package io.camunda.community.backup.worker.restore;

import io.camunda.community.backup.notify.Notification;
import io.camunda.community.backup.notify.NotificationEvent;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code restore-finished} notification of a {@code restoreResult}, whatever the outcome. */
final class RestoreFinished {

  private RestoreFinished() {}

  static Notification of(long processInstanceKey, Map<String, Object> result, Instant now) {
    String cluster = String.valueOf(result.get("clusterName"));
    Object state = result.get("state");
    StringBuilder summary = new StringBuilder("Restore of cluster '").append(cluster).append("'");
    if (result.get("backupId") != null) {
      summary.append(" from backup ").append(result.get("backupId"));
    }
    summary.append(" finished: ").append(state);
    if (result.get("errorCode") != null) {
      summary.append(" (").append(result.get("errorCode")).append(")");
    }
    if (result.get("reason") != null) {
      summary.append(": ").append(result.get("reason"));
    }
    if ("nothing".equals(result.get("changed"))) {
      summary.append(". Nothing was changed.");
    } else if (result.get("restoreDuration") != null) {
      summary.append(" in ").append(result.get("restoreDuration")).append(" after the approval.");
    } else {
      summary.append('.');
    }
    Map<String, Object> details = new LinkedHashMap<>();
    for (String key : new String[] {"backupId", "state", "errorCode", "reason", "changed", "mode", BackupVariables.REQUESTED_BY,
        "approvedBy", "approvedAt", "healthyAt", "restoreDuration", "finishedAt"}) {
      details.put(key, result.get(key));
    }
    if (result.get("verification") instanceof Map<?, ?> verification) {
      details.put("verificationOk", verification.get("ok"));
    }
    details.put("processInstanceKey", processInstanceKey);
    return Notification.ofInstance(NotificationEvent.RESTORE_FINISHED, processInstanceKey, cluster, summary.toString(), details, now);
  }
}
