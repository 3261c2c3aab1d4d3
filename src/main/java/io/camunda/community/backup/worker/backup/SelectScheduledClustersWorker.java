package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Lists the clusters the scheduled-backup process backs up: every cluster with {@code scheduled: true}. */
@Component
public class SelectScheduledClustersWorker {

  private final ClusterRegistry registry;
  private final OrchestratorProperties properties;

  public SelectScheduledClustersWorker(ClusterRegistry registry, OrchestratorProperties properties) {
    this.registry = registry;
    this.properties = properties;
  }

  @JobWorker(type = "c8backup-select-scheduled-clusters")
  public Map<String, Object> select() {
    List<String> names = properties.schedule().enabled()
        ? registry.all().stream().filter(ClusterProperties::scheduled).map(ClusterProperties::name).toList()
        : List.of();
    return Map.of("clusterNames", names);
  }
}
