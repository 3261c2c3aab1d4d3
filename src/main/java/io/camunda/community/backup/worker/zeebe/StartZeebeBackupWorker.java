package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeManagementClient;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Starts the Zeebe partition backup (contract 2.1 step 8), the last one taken. */
@Component
public class StartZeebeBackupWorker {

  private final TargetClients clients;
  private final Clock clock;

  public StartZeebeBackupWorker(TargetClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-zeebe-start-backup")
  public Map<String, Object> start(@Variable String clusterName, @Variable long backupId) {
    ZeebeManagementClient zeebe = clients.zeebe(clusterName);
    try {
      zeebe.takeBackup(backupId);
    } catch (BackupRejectedException e) {
      // A retry after a lost 202 gets 409 for our own backup: that one exists, so it is not a conflict.
      if (e.reason() != Reason.BACKUP_ID_CONFLICT || zeebe.getBackup(backupId).isEmpty()) {
        throw e;
      }
    }
    return Map.of("zeebeBackupStartedAt", clock.instant().toString());
  }
}
