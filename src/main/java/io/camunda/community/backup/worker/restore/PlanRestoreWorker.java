package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.restore.RestorePlanner;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Plans the restore of the set the pre-flight accepted: what stops, what is deleted, what is restored. */
@Component
public class PlanRestoreWorker {

  private final BackupCatalog catalog;
  private final RestorePlanner planner;

  public PlanRestoreWorker(BackupCatalog catalog, RestorePlanner planner) {
    this.catalog = catalog;
    this.planner = planner;
  }

  @JobWorker(type = "c8backup-restore-plan")
  public Map<String, Object> plan(@Variable String clusterName, @Variable long backupId) {
    return planner.plan(clusterName, catalog.find(clusterName, backupId).orElseThrow(() ->
        new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED", "Backup " + backupId + " disappeared after the pre-flight; nothing was changed.")));
  }
}
