package io.camunda.community.backup.worker.drill;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.worker.health.BackupAlarmException;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A drill that did not pass is an incident: the source's backups were not shown to restore. The
 * message says what failed and what to check. Its result is already recorded (metric,
 * notification); once handled, the instance is cancelled in Operate. Scheduled drills start anew
 * on their cron whatever this one does.
 */
@Component
public class ReportFailedDrillWorker {

  @JobWorker(type = "c8backup-drill-report-failure")
  public void report(@Variable Map<String, Object> drillResult) {
    Object backupId = drillResult.get("backupId");
    // a refused drill called no restore: only the configuration can be checked
    String check = "REFUSED".equals(drillResult.get("state"))
        ? "Nothing was restored. Check the drill target's configuration (clusters[i].drill and the URLs or database it points at)"
        : "Check the restore instance this drill called (its restoreResult and incidents) and the drill target's configuration";
    throw new BackupAlarmException("RESTORE DRILL " + drillResult.get("state") + ": drill of '" + drillResult.get("sourceCluster")
        + "' into '" + drillResult.get("targetCluster") + "'" + (backupId == null ? "" : " (backup " + backupId + ")") + ": "
        + drillResult.get("reason") + ". The source cluster was not touched. " + check + "; then cancel this drill instance in Operate.");
  }
}
