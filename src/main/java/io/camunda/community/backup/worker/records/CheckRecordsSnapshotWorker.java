package io.camunda.community.backup.worker.records;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.PollSchedule;
import io.camunda.community.backup.worker.ProgressEvaluator;
import java.util.Map;
import org.springframework.stereotype.Component;

/** One {@code _status} check of the Zeebe records snapshot (contract 2.1 step 7). */
@Component
public class CheckRecordsSnapshotWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final ProgressEvaluator progress;
  private final PollSchedule schedule;

  public CheckRecordsSnapshotWorker(TargetClients clients, ClusterRegistry registry, ProgressEvaluator progress, PollSchedule schedule) {
    this.clients = clients;
    this.registry = registry;
    this.progress = progress;
    this.schedule = schedule;
  }

  @JobWorker(type = "c8backup-records-check-snapshot")
  public Map<String, Object> check(
      @Variable String clusterName, @Variable String zeebeRecordsSnapshot, @Variable String recordsSnapshotTransientSince,
      @Variable String recordsSnapshotStartedAt) {
    String state = clients.snapshots(clusterName).snapshotState(zeebeRecordsSnapshot).orElse("DOES_NOT_EXIST");
    Map<String, Object> variables = progress.evaluate(
        "Zeebe records snapshot " + zeebeRecordsSnapshot, "recordsSnapshot", state, null,
        recordsSnapshotTransientSince, registry.get(clusterName).timeouts().incompleteGrace());
    variables.put(BackupVariables.RECORDS_SNAPSHOT_NEXT_CHECK_IN, schedule.afterCheck(
        clusterName, "recordsSnapshot", recordsSnapshotStartedAt, "SUCCESS".equals(state), registry.get(clusterName).pollInterval()));
    return variables;
  }
}
