package io.camunda.community.backup.worker.optimize;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.StatusWait;
import io.camunda.community.backup.worker.StatusWait.Seen;
import io.camunda.community.backup.worker.WaitedWork;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Checks the Optimize backup (contract 2.1 step 5) until done or the drawn timer takes over ({@link StatusWait}). */
@Component
public class CheckOptimizeBackupWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final StatusWait wait;

  public CheckOptimizeBackupWorker(TargetClients clients, ClusterRegistry registry, StatusWait wait) {
    this.clients = clients;
    this.registry = registry;
    this.wait = wait;
  }

  @JobWorker(type = "c8backup-optimize-check-backup")
  public Map<String, Object> check(ActivatedJob job, @Variable String clusterName, @Variable long backupId, @Variable String optimizeBackupTransientSince,
      @Variable String optimizeBackupStartedAt, @Variable Integer optimizeBackupChecks) {
    return wait.check(job, clusterName, registry.get(clusterName), WaitedWork.OPTIMIZE_BACKUP, "Optimize backup " + backupId,
        optimizeBackupStartedAt, optimizeBackupTransientSince, optimizeBackupChecks, () -> {
          Optional<ComponentBackupInfo> backup = clients.optimize(clusterName).getBackup(backupId);
          return backup.map(b -> new Seen(b.state(), b.failureReason(), Map.of("optimizeSnapshots", b.snapshotNames())))
              .orElse(Seen.of("DOES_NOT_EXIST"));
        });
  }
}
