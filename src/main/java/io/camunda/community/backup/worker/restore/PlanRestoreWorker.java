package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.restore.RestoreSets;
import io.camunda.community.backup.restore.RestoreSource;
import io.camunda.community.backup.restore.RestorePlanner;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Plans the restore of the set the pre-flight accepted: what stops, what is deleted, what is restored. */
@Component
public class PlanRestoreWorker {

  private final RestoreSets sets;
  private final RestorePlanner planner;

  public PlanRestoreWorker(RestoreSets sets, RestorePlanner planner) {
    this.sets = sets;
    this.planner = planner;
  }

  @JobWorker(type = "c8backup-restore-plan")
  public Map<String, Object> plan(@Variable String clusterName, @Variable long backupId,
      @Variable(name = RestoreVariables.RESTORE_FROM) String restoreFrom,
      @Variable(name = RestoreVariables.RESTORE_POINT) io.camunda.community.backup.restore.RestorePoint restorePoint) {
    if (restorePoint != null) {
      return planner.plan(clusterName, restorePoint);
    }
    RestoreSource source = RestoreSource.of(restoreFrom);
    return planner.plan(clusterName, sets.find(clusterName, backupId, source).orElseThrow(() ->
        new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED", "Backup " + backupId + " disappeared after the pre-flight; nothing was changed.")),
        source);
  }
}
