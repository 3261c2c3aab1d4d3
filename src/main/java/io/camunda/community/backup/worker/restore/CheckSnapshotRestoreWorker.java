package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.restore.SnapshotRestores;
import io.camunda.community.backup.restore.SnapshotRestores.Progress;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One check of a snapshot restore: {@code snapshotRestoreState} RUNNING, RESTORED (with the
 * document count of every restored index) or NOT_STARTED. The model loops with a timer and a
 * deadline.
 */
@Component
public class CheckSnapshotRestoreWorker {

  private final SnapshotRestores restores;

  public CheckSnapshotRestoreWorker(SnapshotRestores restores) {
    this.restores = restores;
  }

  @JobWorker(type = "c8backup-restore-snapshot-check")
  public Map<String, Object> check(@Variable String clusterName, @Variable String snapshotName,
      @Variable(name = RestoreVariables.RESTORE_FROM) String restoreFrom) {
    return variables(read(restores, clusterName, snapshotName, restoreFrom));
  }

  static Progress read(SnapshotRestores restores, String clusterName, String snapshotName, String restoreFrom) {
    try {
      return restores.progress(clusterName, snapshotName, io.camunda.community.backup.restore.RestoreSource.of(restoreFrom));
    } catch (BackupRejectedException e) {
      throw new TargetUnavailableException("Restoring snapshot " + snapshotName + ": " + e.getMessage(), e);
    }
  }

  static Map<String, Object> variables(Progress progress) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("snapshotRestoreState", progress.state().name());
    variables.put("snapshotRestoreProgress", progress.summary());
    if (progress.state() == SnapshotRestores.State.RESTORED) {
      Map<String, Object> restored = new LinkedHashMap<>();
      restored.put("snapshot", progress.snapshot());
      restored.put("documents", progress.documents());
      restored.put("bytes", progress.bytes());
      variables.put("restoredSnapshot", restored);
    }
    return variables;
  }
}
