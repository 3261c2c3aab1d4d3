package io.camunda.community.backup.worker.optimize;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.PollSchedule;
import io.camunda.community.backup.worker.ProgressEvaluator;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** One status check of the Optimize backup (contract 2.1 step 5); the model loops with a timer of {@link PollSchedule}. */
@Component
public class CheckOptimizeBackupWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final ProgressEvaluator progress;
  private final PollSchedule schedule;

  public CheckOptimizeBackupWorker(TargetClients clients, ClusterRegistry registry, ProgressEvaluator progress, PollSchedule schedule) {
    this.clients = clients;
    this.registry = registry;
    this.progress = progress;
    this.schedule = schedule;
  }

  @JobWorker(type = "c8backup-optimize-check-backup")
  public Map<String, Object> check(@Variable String clusterName, @Variable long backupId, @Variable String optimizeBackupTransientSince,
      @Variable String optimizeBackupStartedAt) {
    Optional<ComponentBackupInfo> backup = clients.optimize(clusterName).getBackup(backupId);
    String state = backup.map(ComponentBackupInfo::state).orElse("DOES_NOT_EXIST");
    Map<String, Object> variables = progress.evaluate(
        "Optimize backup " + backupId, "optimizeBackup", state,
        backup.map(ComponentBackupInfo::failureReason).orElse(null),
        optimizeBackupTransientSince, registry.get(clusterName).timeouts().incompleteGrace());
    variables.put(BackupVariables.OPTIMIZE_BACKUP_NEXT_CHECK_IN, schedule.afterCheck(
        clusterName, "optimizeBackup", optimizeBackupStartedAt, "COMPLETED".equals(state), registry.get(clusterName).pollInterval()));
    if ("COMPLETED".equals(state)) {
      variables.put("optimizeSnapshots", backup.get().snapshotNames());
    }
    return variables;
  }
}
