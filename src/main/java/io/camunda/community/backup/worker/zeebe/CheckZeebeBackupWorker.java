package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.StatusWait;
import io.camunda.community.backup.worker.StatusWait.Seen;
import io.camunda.community.backup.worker.WaitedWork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Checks the Zeebe backup (contract 2.1 step 9) until done or the drawn timer takes over ({@link StatusWait}). */
@Component
public class CheckZeebeBackupWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final StatusWait wait;

  public CheckZeebeBackupWorker(TargetClients clients, ClusterRegistry registry, StatusWait wait) {
    this.clients = clients;
    this.registry = registry;
    this.wait = wait;
  }

  @JobWorker(type = "c8backup-zeebe-check-backup")
  public Map<String, Object> check(ActivatedJob job, @Variable String clusterName, @Variable long backupId, @Variable String zeebeBackupTransientSince,
      @Variable String zeebeBackupStartedAt, @Variable Integer zeebeBackupChecks) {
    return wait.check(job, clusterName, registry.get(clusterName), WaitedWork.ZEEBE_BACKUP, "Zeebe backup " + backupId,
        zeebeBackupStartedAt, zeebeBackupTransientSince, zeebeBackupChecks, () -> {
          Optional<ZeebeBackupInfo> backup = clients.zeebe(clusterName).getBackup(backupId);
          return backup.map(b -> new Seen(b.state(), b.failureReason(), Map.of("zeebePartitions", partitions(b))))
              .orElse(Seen.of("DOES_NOT_EXIST"));
        });
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
