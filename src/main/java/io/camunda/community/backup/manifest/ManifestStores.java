package io.camunda.community.backup.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.catalog.ManifestListing;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.flavour.SetFlavours;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The one place that knows where each storage flavour keeps its manifests. */
@Component
public class ManifestStores implements ManifestListing {

  private final SetFlavours flavours;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final ObjectMapper json;

  @org.springframework.beans.factory.annotation.Autowired
  public ManifestStores(SetFlavours flavours, TargetClients clients, DatabaseDumps dumps, ObjectMapper json) {
    this.flavours = flavours;
    this.clients = clients;
    this.dumps = dumps;
    this.json = json;
  }

  public ManifestStores(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps, ObjectMapper json) {
    this(new SetFlavours(registry, clients, dumps), clients, dumps, json);
  }

  @Override
  public Map<Long, String> list(String clusterName) {
    return of(clusterName).list();
  }

  /** The kind of the cluster's sets, which decides what its manifests describe. */
  public io.camunda.community.backup.flavour.SetFlavour.Kind kind(String clusterName) {
    return flavours.of(clusterName).kind();
  }

  /**
   * The manifests in the repository registered over the second copy of the snapshot repository
   * ({@code second-location}): what a restore from there reads.
   */
  public ManifestStore inSecondRepository(String clusterName) {
    return new SnapshotManifestStore(clusterName, clients.secondRepositorySnapshots(clusterName), json);
  }

  /** Beside the sets: in the snapshot repository, or in the dump directory. */
  public ManifestStore of(String clusterName) {
    return switch (flavours.of(clusterName).kind()) {
      case SEARCH_ENGINE -> new SnapshotManifestStore(clusterName, clients.snapshots(clusterName), json);
      case DATABASE_DUMP, CONTINUOUS -> new DumpDirectoryManifestStore(dumps.directory(clusterName), json);
    };
  }
}
