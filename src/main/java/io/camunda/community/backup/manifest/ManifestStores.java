package io.camunda.community.backup.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.catalog.ManifestListing;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterRegistry;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The one place that knows where each storage flavour keeps its manifests. */
@Component
public class ManifestStores implements ManifestListing {

  private final ClusterRegistry registry;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final ObjectMapper json;

  public ManifestStores(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps, ObjectMapper json) {
    this.registry = registry;
    this.clients = clients;
    this.dumps = dumps;
    this.json = json;
  }

  @Override
  public Map<Long, String> list(String clusterName) {
    return of(clusterName).list();
  }

  /** Beside the sets: the dump directory for RDBMS storage, else the snapshot repository. */
  public ManifestStore of(String clusterName) {
    return registry.get(clusterName).secondaryStorage().isRdbms()
        ? new DumpDirectoryManifestStore(dumps.directory(clusterName), json)
        : new SnapshotManifestStore(clusterName, clients.snapshots(clusterName), json);
  }
}
