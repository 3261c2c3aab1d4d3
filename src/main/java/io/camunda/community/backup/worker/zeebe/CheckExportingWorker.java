package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.ExportingStateReader;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.metrics.ExportingMetrics;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Reads every partition's exporter phase from its leader, on every broker: is exporting
 * (soft-)paused anywhere? A partition nobody could read is reported as unknown, never as exporting.
 */
@Component
public class CheckExportingWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final ExportingMetrics metrics;

  public CheckExportingWorker(TargetClients clients, ClusterRegistry registry, ExportingMetrics metrics) {
    this.clients = clients;
    this.registry = registry;
    this.metrics = metrics;
  }

  @JobWorker(type = "c8backup-zeebe-check-exporting")
  public Map<String, Object> check(ActivatedJob job, @Variable String clusterName) {
    Integer partitionCount = registry.get(clusterName).restore().partitionCount();
    ExportingStateReader.Report report = ExportingStateReader.read(clients.zeebeBrokers(clusterName), partitionCount);
    if (report.paused()) {
      metrics.foundPaused(clusterName, job.getKey()); // the health check holds the lock: no run paused it
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("exportingPaused", report.paused());
    variables.put("exportingUnknown", report.unknown());
    variables.put("exporterPhases", report.phases());
    variables.put("exportingUnknownReason", report.unknown() ? String.join("; ", report.problems()) : null);
    return variables;
  }
}
