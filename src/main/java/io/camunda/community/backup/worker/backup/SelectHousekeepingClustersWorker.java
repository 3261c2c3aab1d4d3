package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Every configured cluster gets housekeeping (health check, retention) unless housekeeping is off,
 * except drill targets: the sets they see are their source's, which the source's housekeeping keeps.
 */
@Component
public class SelectHousekeepingClustersWorker {

  private final ClusterRegistry registry;
  private final OrchestratorProperties properties;

  public SelectHousekeepingClustersWorker(ClusterRegistry registry, OrchestratorProperties properties) {
    this.registry = registry;
    this.properties = properties;
  }

  @JobWorker(type = "c8backup-select-housekeeping-clusters")
  public Map<String, Object> select() {
    List<String> names = properties.housekeeping().enabled()
        ? registry.all().stream().filter(cluster -> !cluster.drillTarget()).map(ClusterProperties::name).toList()
        : List.of();
    return Map.of("clusterNames", names);
  }
}
