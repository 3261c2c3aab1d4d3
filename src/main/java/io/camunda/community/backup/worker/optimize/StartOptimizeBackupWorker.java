package io.camunda.community.backup.worker.optimize;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.client.TargetClients;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Starts the Optimize backup (contract 2.1 step 3); only reached when Optimize is configured. */
@Component
public class StartOptimizeBackupWorker {

  private final TargetClients clients;
  private final Clock clock;

  public StartOptimizeBackupWorker(TargetClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-optimize-start-backup")
  public Map<String, Object> start(@Variable String clusterName, @Variable long backupId) {
    try {
      clients.optimize(clusterName).takeBackup(backupId);
    } catch (BackupRejectedException e) {
      // 409 for an ID allocated as unused means this step's own earlier attempt: carry on.
      if (e.reason() != Reason.ALREADY_EXISTS) {
        throw e;
      }
    }
    return Map.of("optimizeBackupStartedAt", clock.instant().toString());
  }
}
