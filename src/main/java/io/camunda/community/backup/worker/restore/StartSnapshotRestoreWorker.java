package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.restore.SnapshotRestores;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Starts restoring one snapshot of the set (contract 4.2 step 5) and returns at once; the model
 * then polls {@link CheckSnapshotRestoreWorker}. A restore takes as long as the data is big, far
 * longer than a job timeout: a worker that waited for it would get its job handed out again while
 * it still ran. A second delivery finds the restore started and does nothing.
 */
@Component
public class StartSnapshotRestoreWorker {

  private final SnapshotRestores restores;

  public StartSnapshotRestoreWorker(SnapshotRestores restores) {
    this.restores = restores;
  }

  @JobWorker(type = "c8backup-restore-snapshot-start")
  public Map<String, Object> start(@Variable String clusterName, @Variable String snapshotName,
      @Variable(name = RestoreVariables.RESTORE_FROM) String restoreFrom) {
    try {
      return Map.of("snapshotRestoreStarted", restores.start(clusterName, snapshotName, io.camunda.community.backup.restore.RestoreSource.of(restoreFrom)));
    } catch (BackupRejectedException e) {
      // Past the first destructive step every fault stops here as an incident, never as a BPMN error.
      throw new TargetUnavailableException("Restoring snapshot " + snapshotName + ": " + e.getMessage(), e);
    }
  }
}
