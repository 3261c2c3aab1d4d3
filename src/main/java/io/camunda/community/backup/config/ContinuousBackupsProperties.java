package io.camunda.community.backup.config;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clusters[i].continuous-backups}: the cluster runs Camunda 8.9's continuous backups
 * ({@code camunda.data.primary-storage.backup.continuous: true}, with RDBMS secondary storage),
 * where Zeebe generates its backup ids and refuses one given to it. The orchestrator then checks
 * the broker's backup ranges (every partition present, one range each, the newest backup younger
 * than {@code max-backup-age}) instead of complete sets of one id.
 *
 * @param enabled whether the cluster takes continuous backups
 * @param zeebeBackups who takes the Zeebe backups on the cluster's schedule: {@code broker} (its
 *     own backup scheduler, {@code camunda.data.primary-storage.backup.schedule}) or {@code
 *     orchestrator} (a backup request without an id)
 */
public record ContinuousBackupsProperties(
    @DefaultValue("false") boolean enabled,
    @NotNull @DefaultValue("broker") ZeebeBackups zeebeBackups) {

  public static ContinuousBackupsProperties off() {
    return new ContinuousBackupsProperties(false, ZeebeBackups.BROKER);
  }

  /** Who takes the Zeebe backups of a cluster with continuous backups. */
  public enum ZeebeBackups {
    /** The broker's own backup scheduler; the orchestrator only checks. */
    BROKER,
    /** The orchestrator, with a backup request without an id. */
    ORCHESTRATOR
  }
}
