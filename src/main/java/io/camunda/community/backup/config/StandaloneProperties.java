package io.camunda.community.backup.config;

import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clusters[i].standalone}: Operate and Tasklist run in processes of their own (Camunda 8.8
 * deployed standalone, or 8.7 and earlier), each with its own management API and the legacy
 * {@code /actuator/backups} endpoint (contract 1.4), instead of one {@code /actuator/backupHistory}
 * on the Orchestration Cluster. The web-apps part of a set is then two backups under the set's ID,
 * one per app; it is complete when both are.
 *
 * @param operateManagementUrl Operate's management API (port 9600 of its own pod)
 * @param tasklistManagementUrl Tasklist's management API
 * @param zeebeBackupEndpoint where Zeebe's backups are: {@code backup-runtime} ({@code
 *     /actuator/backupRuntime}, 8.8) or {@code backups} ({@code /actuator/backups}: the gateway of
 *     8.7 and earlier, or a standalone 8.8 gateway)
 */
public record StandaloneProperties(
    @NotNull URI operateManagementUrl,
    @NotNull URI tasklistManagementUrl,
    @NotNull @DefaultValue("backup-runtime") ZeebeBackupEndpoint zeebeBackupEndpoint) {

  /** Where the Zeebe gateway serves its backups. */
  public enum ZeebeBackupEndpoint {
    /** {@code /actuator/backupRuntime} (Camunda 8.8+). */
    BACKUP_RUNTIME("/actuator/backupRuntime"),
    /** {@code /actuator/backups} (the gateway of 8.7 and earlier; a standalone 8.8 gateway). */
    BACKUPS("/actuator/backups");

    private final String path;

    ZeebeBackupEndpoint(String path) {
      this.path = path;
    }

    public String path() {
      return path;
    }
  }
}
