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
  private final Map<SetFlavour.Kind, StorageRestore> byKind = new EnumMap<>(SetFlavour.Kind.class);

  StorageRestores(SetFlavours flavours, TargetClients clients, DatabaseDumps dumps) {
    this.flavours = flavours;
    for (StorageRestore restore : new StorageRestore[] {new SearchEngineRestore(clients), new DatabaseRestore(dumps)}) {
      byKind.put(restore.kind(), restore);
    }
  }

  StorageRestore of(String clusterName) {
    return byKind.get(flavours.of(clusterName).kind());
  }
}
