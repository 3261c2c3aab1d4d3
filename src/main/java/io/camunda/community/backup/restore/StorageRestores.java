package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.flavour.SetFlavour;
import io.camunda.community.backup.flavour.SetFlavours;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The {@link StorageRestore} of each cluster, by the kind of its sets ({@link SetFlavours}). */
@Component
class StorageRestores {

  private final SetFlavours flavours;
  private final Map<RestoreSource, Map<SetFlavour.Kind, StorageRestore>> bySource = new EnumMap<>(RestoreSource.class);

  StorageRestores(SetFlavours flavours, TargetClients clients, DatabaseDumps dumps) {
    this.flavours = flavours;
    for (RestoreSource source : RestoreSource.values()) {
      Map<SetFlavour.Kind, StorageRestore> byKind = new EnumMap<>(SetFlavour.Kind.class);
      // a database restore reads the dump the first step copied back from the second location: the same either way
      for (StorageRestore restore : new StorageRestore[] {new SearchEngineRestore(clients, source), new DatabaseRestore(dumps)}) {
        byKind.put(restore.kind(), restore);
      }
      // a continuous cluster's database is restored from a dump as well (to a point in time: RestorePoint)
      byKind.put(SetFlavour.Kind.CONTINUOUS, byKind.get(SetFlavour.Kind.DATABASE_DUMP));
      bySource.put(source, byKind);
    }
  }

  StorageRestore of(String clusterName) {
    return of(clusterName, RestoreSource.PRIMARY);
  }

  StorageRestore of(String clusterName, RestoreSource source) {
    return bySource.get(source).get(flavours.of(clusterName).kind());
  }

  /** Whether the cluster's sets are snapshots (read from a repository) rather than dumps. */
  boolean searchEngine(String clusterName) {
    return flavours.of(clusterName).kind() == SetFlavour.Kind.SEARCH_ENGINE;
  }
}
