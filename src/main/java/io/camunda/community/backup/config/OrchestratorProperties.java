package io.camunda.community.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything under {@code backup-orchestrator.*}. Validated at startup: a missing or malformed
 * property stops the application with a message naming it.
 */
@Validated
@ConfigurationProperties("backup-orchestrator")
public record OrchestratorProperties(
    @Valid @DefaultValue Schedule schedule,
    @Valid @DefaultValue Housekeeping housekeeping,
    /* Back-off between retries of a failed step (transport faults, 5xx). */
    @NotNull @DefaultValue("PT10S") Duration jobRetryBackoff,
    @NotEmpty(message = "list at least one target cluster (backup-orchestrator.clusters[0].name, .management-url, ...)")
        List<@Valid ClusterProperties> clusters) {

  /** Retention and the health check (stale backups, exporting left paused) of every cluster. */
  public record Housekeeping(
      @DefaultValue("true") boolean enabled,
      @NotBlank @DefaultValue("0 15 * * * *") String cron) {}

  public record Schedule(
      @DefaultValue("true") boolean enabled,
      /* Zeebe timer cron (6 fields, Spring syntax): second minute hour day month weekday. */
      @NotBlank @DefaultValue("0 0 2 * * *") String cron) {}
}
