package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.metrics.ExportingMetrics;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Soft-pauses exporting (contract 2.1 step 1). Pausing twice is harmless. Records when the pause
 * was confirmed: the alarm of a failing resume says since when exporting is paused.
 */
@Component
public class PauseExportingWorker {

  private final TargetClients clients;
  private final Clock clock;
  private final ExportingMetrics metrics;

  public PauseExportingWorker(TargetClients clients, Clock clock, ExportingMetrics metrics) {
    this.clients = clients;
    this.clock = clock;
    this.metrics = metrics;
  }

  @JobWorker(type = "c8backup-zeebe-pause-exporting")
  public Map<String, Object> pause(@Variable String clusterName) {
    clients.zeebe(clusterName).softPauseExporting();
    Instant pausedAt = clock.instant();
    metrics.paused(clusterName, pausedAt);
    return Map.of(BackupVariables.EXPORTING_PAUSED_AT, pausedAt.toString());
  }
}
