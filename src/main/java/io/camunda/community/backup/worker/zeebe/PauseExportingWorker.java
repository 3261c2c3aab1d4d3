package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Soft-pauses exporting (contract 2.1 step 1). Pausing twice is harmless. */
@Component
public class PauseExportingWorker {

  private final TargetClients clients;
  private final Clock clock;

  public PauseExportingWorker(TargetClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-zeebe-pause-exporting")
  public Map<String, Object> pause(@Variable String clusterName) {
    clients.zeebe(clusterName).softPauseExporting();
    return Map.of("exportingPausedAt", clock.instant().toString());
  }
}
