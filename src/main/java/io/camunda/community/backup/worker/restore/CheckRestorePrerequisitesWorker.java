package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.restore.PointInTimePreflight;
import io.camunda.community.backup.restore.RestorePoint;
import io.camunda.community.backup.restore.RestorePreflight;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Pre-flight (nothing is touched): picks the set, checks it, and plans the restore for the approver. */
@Component
public class CheckRestorePrerequisitesWorker {

  private final RestorePreflight preflight;
  private final PointInTimePreflight pointInTimePreflight;

  private final java.util.function.Predicate<String> continuous;

  public CheckRestorePrerequisitesWorker(RestorePreflight preflight, PointInTimePreflight pointInTimePreflight,
      io.camunda.community.backup.flavour.SetFlavours flavours) {
    this.preflight = preflight;
    this.pointInTimePreflight = pointInTimePreflight;
    this.continuous = clusterName -> flavours.of(clusterName).kind() == io.camunda.community.backup.flavour.SetFlavour.Kind.CONTINUOUS;
  }

  @JobWorker(type = "c8backup-restore-preflight")
  public Map<String, Object> check(@Variable String clusterName, @Variable Long requestedBackupId, @Variable String chosenBackupId,
      @Variable(name = RestoreVariables.RESTORE_FROM) String restoreFrom,
      @Variable(name = RestoreVariables.POINT_IN_TIME) String pointInTime) {
    if (pointInTime != null && !pointInTime.isBlank()) {
      if (requestedBackupId != null) {
        // the start form cannot tell the two apart: refused here, as the HTTP API refuses it
        throw new io.camunda.community.backup.restore.RestoreRefusedException("Restore of cluster '" + clusterName + "' refused, nothing"
            + " was changed: give either a backup ID (" + requestedBackupId + ") or a point in time (" + pointInTime + "), not both.");
      }
      return pointInTime(pointInTimePreflight.check(clusterName, pointInTime));
    }
    if (continuous.test(clusterName)) {
      // no sets of one ID: a set is a dump joined by a Zeebe backup, restored as a point in time
      return pointInTime(pointInTimePreflight.checkSet(clusterName, requestedBackupId, chosenBackupId));
    }
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

  /** To a point in time: the database from the newest dump before it, Zeebe to the newest backup before it (no set, no manifest). */
  private Map<String, Object> pointInTime(RestorePoint point) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(RestoreVariables.MANIFEST_INDEX_BYTES, Map.of());
    variables.put(RestoreVariables.MANIFEST_TABLE_ROWS, Map.of());
    // the steps that restore the database find the dump by this ID
    variables.put("backupId", point.dumpBackupId());
    variables.put("backupTime", point.at());
    variables.put(RestoreVariables.RESTORE_POINT, point);
    variables.put(RestoreVariables.ADDITIONAL_DATABASES, java.util.List.of());
    return variables;
  }
}
