package io.camunda.community.backup.worker.webapps;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.WebappsBackups;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Starts the Operate/Tasklist backup (contract 2.1 step 2) and keeps the scheduled snapshot names. */
@Component
public class StartWebappsBackupWorker {

  private final TargetClients clients;
  private final Clock clock;

  public StartWebappsBackupWorker(TargetClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-webapps-start-backup")
  public Map<String, Object> start(@Variable String clusterName, @Variable long backupId) {
    WebappsBackups webapps = clients.webapps(clusterName);
    List<String> snapshots;
    try {
      snapshots = webapps.takeBackup(backupId);
    } catch (BackupRejectedException e) {
      // The ID was unused when it was allocated, so an existing backup with it is this step's
      // own earlier attempt whose answer was lost: carry on with it.
      if (e.reason() != Reason.ALREADY_EXISTS) {
        throw e;
      }
      snapshots = webapps.getBackup(backupId).map(ComponentBackupInfo::snapshotNames).orElse(List.of());
    }
    return Map.of("webappsSnapshots", snapshots, "webappsBackupStartedAt", clock.instant().toString());
  }
}
