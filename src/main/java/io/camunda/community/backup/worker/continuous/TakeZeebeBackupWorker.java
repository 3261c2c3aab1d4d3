package io.camunda.community.backup.worker.continuous;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.TargetUnavailableException;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Has Zeebe take a backup whose id it generates (continuous backups, contract 3.1 step 4). A
 * retry after a lost answer takes one more backup: with continuous backups that is one more
 * checkpoint in the range, never a conflict.
 */
@Component
public class TakeZeebeBackupWorker {

  private final TargetClients clients;
  private final Clock clock;

  public TakeZeebeBackupWorker(TargetClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-continuous-take-zeebe-backup")
  public Map<String, Object> take(@Variable String clusterName) {
    String startedAt = clock.instant().toString();
    Long backupId = clients.zeebe(clusterName).takeBackupWithGeneratedId();
    if (backupId == null) {
      throw new TargetUnavailableException("Zeebe of cluster '" + clusterName + "' accepted a backup without an id but did not"
          + " say which id it generated (Camunda 8.9 answers it as backupId): the backup cannot be followed. Check the Camunda"
          + " version of the cluster");
    }
    return Map.of("zeebeBackupId", backupId, "zeebeBackupStartedAt", startedAt);
  }
}
