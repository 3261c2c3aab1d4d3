package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.PollSchedule;
import io.camunda.community.backup.worker.ProgressEvaluator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** One status check of the Zeebe backup (contract 2.1 step 9); the model loops with a timer of {@link PollSchedule}. */
@Component
public class CheckZeebeBackupWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final ProgressEvaluator progress;
  private final PollSchedule schedule;

  public CheckZeebeBackupWorker(TargetClients clients, ClusterRegistry registry, ProgressEvaluator progress, PollSchedule schedule) {
    this.clients = clients;
    this.registry = registry;
    this.progress = progress;
    this.schedule = schedule;
  }

  @JobWorker(type = "c8backup-zeebe-check-backup")
  public Map<String, Object> check(@Variable String clusterName, @Variable long backupId, @Variable String zeebeBackupTransientSince,
      @Variable String zeebeBackupStartedAt) {
    Optional<ZeebeBackupInfo> backup = clients.zeebe(clusterName).getBackup(backupId);
    String state = backup.map(ZeebeBackupInfo::state).orElse("DOES_NOT_EXIST");
    Map<String, Object> variables = progress.evaluate(
        "Zeebe backup " + backupId, "zeebeBackup", state,
        backup.map(ZeebeBackupInfo::failureReason).orElse(null),
        zeebeBackupTransientSince, registry.get(clusterName).timeouts().incompleteGrace());
    variables.put(BackupVariables.ZEEBE_BACKUP_NEXT_CHECK_IN, schedule.afterCheck(
        clusterName, "zeebeBackup", zeebeBackupStartedAt, "COMPLETED".equals(state), registry.get(clusterName).pollInterval()));
    if ("COMPLETED".equals(state)) {
      variables.put("zeebePartitions", partitions(backup.get()));
    }
    return variables;
  }

  private static List<Map<String, Object>> partitions(ZeebeBackupInfo backup) {
    return backup.details().stream()
        .map(p -> {
          Map<String, Object> partition = new java.util.LinkedHashMap<>();
          partition.put("partitionId", p.partitionId());
          partition.put("state", p.state());
          partition.put("snapshotId", p.snapshotId());
          partition.put("checkpointPosition", p.checkpointPosition());
          partition.put("brokerVersion", p.brokerVersion());
          return partition;
        })
        .toList();
  }
}
