package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.restore.RestorePreflight;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Pre-flight (nothing is touched): picks the set, checks it, and plans the restore for the approver. */
@Component
public class CheckRestorePrerequisitesWorker {

  private final RestorePreflight preflight;

  public CheckRestorePrerequisitesWorker(RestorePreflight preflight) {
    this.preflight = preflight;
  }

  @JobWorker(type = "c8backup-restore-preflight")
  public Map<String, Object> check(@Variable String clusterName, @Variable Long requestedBackupId, @Variable String chosenBackupId,
      @Variable(name = RestoreVariables.RESTORE_FROM) String restoreFrom) {
    RestorePreflight.Checked checked = preflight.check(clusterName, requestedBackupId, chosenBackupId,
        io.camunda.community.backup.restore.RestoreSource.of(restoreFrom));
    BackupSet set = checked.set();
    Map<String, Object> variables = new HashMap<>();
    // what each restored index must hold right after its restore (RestoreVerifier)
    variables.put(RestoreVariables.MANIFEST_INDEX_BYTES, checked.manifestIndexBytes());
    // what each restored table must hold right after the database restore (RDBMS)
    variables.put(RestoreVariables.MANIFEST_TABLE_ROWS, checked.manifestTableRows());
    variables.put("backupId", set.backupId());
    variables.put("backupTime", set.time() == null ? null : set.time().toString());
    variables.put("backupSet", set);
    variables.put(RestoreVariables.ADDITIONAL_DATABASES, checked.additionalDatabases());
    return variables;
  }
}
