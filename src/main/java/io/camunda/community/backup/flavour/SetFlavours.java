package io.camunda.community.backup.flavour;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterRegistry;
import org.springframework.stereotype.Component;

/** The {@link SetFlavour} of each cluster: the one place that tells the storage flavours apart. */
@Component
public class SetFlavours {

  private final ClusterRegistry registry;
  private final SearchEngineSets searchEngine;
  private final DatabaseDumpSets databaseDumps;
  private final ContinuousSets continuous;

  public SetFlavours(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps) {
    this.registry = registry;
    this.searchEngine = new SearchEngineSets(registry, clients);
    this.databaseDumps = new DatabaseDumpSets(clients, dumps);
    this.continuous = new ContinuousSets(clients, dumps);
  }

  public SetFlavour of(String clusterName) {
    var cluster = registry.get(clusterName);
    if (cluster.continuous()) {
      return continuous; // RDBMS only (startup refuses it otherwise)
    }
    return cluster.secondaryStorage().isRdbms() ? databaseDumps : searchEngine;
  }
}
