package io.camunda.community.backup.worker.webapps;

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

/** Checks the web-apps backup (contract 2.1 step 4) until done or the drawn timer takes over ({@link StatusWait}). */
@Component
public class CheckWebappsBackupWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final StatusWait wait;

  public CheckWebappsBackupWorker(TargetClients clients, ClusterRegistry registry, StatusWait wait) {
    this.clients = clients;
    this.registry = registry;
    this.wait = wait;
  }

  @JobWorker(type = "c8backup-webapps-check-backup")
  public Map<String, Object> check(ActivatedJob job, @Variable String clusterName, @Variable long backupId, @Variable String webappsBackupTransientSince,
      @Variable String webappsBackupStartedAt, @Variable Integer webappsBackupChecks) {
    return wait.check(job, clusterName, registry.get(clusterName), WaitedWork.WEBAPPS_BACKUP, "Web-apps backup " + backupId,
        webappsBackupStartedAt, webappsBackupTransientSince, webappsBackupChecks, () -> {
          Optional<ComponentBackupInfo> backup = clients.webapps(clusterName).getBackup(backupId);
          return backup.map(b -> new Seen(b.state(), b.failureReason(), Map.of("webappsSnapshots", b.snapshotNames())))
              .orElse(Seen.of("DOES_NOT_EXIST"));
        });
  }
}
