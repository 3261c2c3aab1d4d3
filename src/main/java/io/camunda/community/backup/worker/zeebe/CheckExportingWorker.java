package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeManagementClient.PartitionStatus;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** Reads every partition's exporter phase: is exporting (soft-)paused anywhere? */
@Component
public class CheckExportingWorker {

  private final TargetClients clients;

  public CheckExportingWorker(TargetClients clients) {
    this.clients = clients;
  }

  @JobWorker(type = "c8backup-zeebe-check-exporting")
  public Map<String, Object> check(@Variable String clusterName) {
    Map<String, String> phases = new TreeMap<>();
    clients.zeebe(clusterName).partitions().forEach((partition, status) -> phases.put(partition, phase(status)));
    boolean paused = phases.values().stream().anyMatch(p -> p.equals("SOFT_PAUSED") || p.equals("PAUSED"));
    return Map.of("exportingPaused", paused, "exporterPhases", phases);
  }

  private static String phase(PartitionStatus status) {
    return status.exporterPhase() == null ? "UNKNOWN" : status.exporterPhase();
  }
}
