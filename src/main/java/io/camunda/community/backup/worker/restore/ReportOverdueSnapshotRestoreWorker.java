package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.restore.SnapshotRestores;
import io.camunda.community.backup.restore.SnapshotRestores.Progress;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * After the snapshot-restore deadline: checks once more and, unless the snapshot is restored by
 * now, stops at an incident that says how far it got. Resolving it checks again; nothing is
 * deleted or started here.
 */
@Component
public class ReportOverdueSnapshotRestoreWorker {

  private final SnapshotRestores restores;

  public ReportOverdueSnapshotRestoreWorker(SnapshotRestores restores) {
    this.restores = restores;
  }

  @JobWorker(type = "c8backup-restore-snapshot-overdue")
  public Map<String, Object> report(@Variable String clusterName, @Variable String snapshotName, @Variable String snapshotRestoreTimeout,
      @Variable(name = RestoreVariables.RESTORE_FROM) String restoreFrom) {
    Progress progress = CheckSnapshotRestoreWorker.read(restores, clusterName, snapshotName, restoreFrom);
    if (progress.state() != SnapshotRestores.State.RESTORED) {
      throw new TargetUnavailableException(("Snapshot %s was not restored within %s: %s %s. It may still be running "
          + "(GET _cat/recovery?active_only=true), or a shard failed (GET _cluster/allocation/explain).")
          .formatted(snapshotName, snapshotRestoreTimeout, progress.state(), progress.summary()));
    }
    return CheckSnapshotRestoreWorker.variables(progress);
  }
}
