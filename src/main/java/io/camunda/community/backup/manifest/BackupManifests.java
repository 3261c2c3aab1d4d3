package io.camunda.community.backup.manifest;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.BackupSetClassifier;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.support.AtOnce;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Describes a complete backup set as it is on the target and stores it as the set's {@link BackupManifest}. */
@Service
public class BackupManifests {

  private final ClusterRegistry registry;
  private final BackupCatalog catalog;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final ManifestStores stores;
  private final Clock clock;

  public BackupManifests(ClusterRegistry registry, BackupCatalog catalog, TargetClients clients, DatabaseDumps dumps,
      ManifestStores stores, Clock clock) {
    this.registry = registry;
    this.catalog = catalog;
    this.clients = clients;
    this.dumps = dumps;
    this.stores = stores;
    this.clock = clock;
  }

  /** Where the cluster's manifests are kept. */
  public ManifestStore store(String clusterName) {
    return stores.of(clusterName);
  }

  /**
   * The stored manifest of a set.
   *
   * @throws ManifestNotFoundException when none is stored
   * @throws ManifestUnavailableException when the place it is kept cannot be read
   */
  public BackupManifest read(String clusterName, long backupId) {
    ManifestStore store = store(clusterName);
    Optional<BackupManifest> manifest;
    try {
      manifest = store.read(backupId);
    } catch (RuntimeException e) {
      throw new ManifestUnavailableException("The manifest of backup " + backupId + " of cluster '" + clusterName + "' ("
          + store.location(backupId) + ") cannot be read: " + e.getMessage(), e);
    }
    return manifest.orElseThrow(() -> new ManifestNotFoundException(clusterName, backupId, store.location(backupId)));
  }

  /**
   * Reads what the set holds from the target and stores its manifest (again, when one exists).
   *
   * @throws IllegalStateException when the set is not COMPLETE: a manifest describes a restore point
   */
  public BackupManifest write(String clusterName, long backupId, String trigger) {
    return store(clusterName).write(backupId, () -> describe(clusterName, backupId, trigger));
  }

  BackupManifest describe(String clusterName, long backupId, String trigger) {
    ClusterProperties cluster = registry.get(clusterName);
    // the partitions' checkpoints are not in the catalog's view of the set: read beside it
    AtOnce.Both<Optional<BackupSet>, Optional<ZeebeBackupInfo>> read =
        AtOnce.both(() -> catalog.findParts(clusterName, backupId), () -> clients.zeebe(clusterName).getBackup(backupId));
    BackupSet set = read.first()
        .orElseThrow(() -> new IllegalStateException("Backup " + backupId + " of cluster '" + clusterName + "' does not exist"));
    if (set.state() != SetState.COMPLETE) {
      throw new IllegalStateException("Backup " + backupId + " of cluster '" + clusterName + "' is " + set.state()
          + " " + set.reasons() + ": only a complete set gets a manifest");
    }
    ZeebeBackupInfo zeebe = read.second()
        .orElseThrow(() -> new IllegalStateException("Zeebe no longer lists backup " + backupId + " of cluster '" + clusterName + "'"));
    List<BackupManifest.Partition> partitions = zeebe.details().stream()
        .sorted(Comparator.comparingInt(ZeebeBackupInfo.Partition::partitionId))
        .map(p -> new BackupManifest.Partition(p.partitionId(), p.checkpointPosition(), p.brokerVersion()))
        .toList();

    Map<String, String> versions = new LinkedHashMap<>();
    zeebe.details().stream().map(ZeebeBackupInfo.Partition::brokerVersion).filter(v -> v != null && !v.isBlank())
        .findFirst().ifPresent(v -> versions.put(BackupSet.ZEEBE, v));
    List<BackupManifest.Snapshot> snapshots = new ArrayList<>();
    List<BackupManifest.Dump> dumpList = new ArrayList<>();
    switch (stores.kind(clusterName)) {
      case DATABASE_DUMP -> {
        DumpRecord dump = dumps.find(clusterName, backupId).map(d -> d.record())
            .orElseThrow(() -> new IllegalStateException("The dump of backup " + backupId + " of cluster '" + clusterName + "' has no record"));
        dumpList.add(new BackupManifest.Dump(dump.file(), dump.sizeBytes(), dump.sha256(), dump.tableRows()));
      }
      case SEARCH_ENGINE -> {
        List<String> all = BackupSet.SNAPSHOT_COMPONENTS.stream().flatMap(c -> set.component(c).snapshots().stream()).toList();
        Map<String, Map<String, Long>> sizes = clients.snapshots(clusterName).snapshotIndexSizes(all);
        for (String component : BackupSet.SNAPSHOT_COMPONENTS) {
          List<String> names = set.component(component).snapshots();
          BackupSetClassifier.versionInSnapshotNames(component, names).ifPresent(v -> versions.put(component, v));
          for (String name : names) {
            List<BackupManifest.Index> indices = sizes.get(name).entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> new BackupManifest.Index(e.getKey(), e.getValue()))
                .toList();
            snapshots.add(new BackupManifest.Snapshot(name, component, indices));
          }
        }
      }
    }
    for (String part : cluster.additionalDatabaseParts()) {
      // a set whose dump of this database is missing does not get here: it was voided
      DumpRecord dump = dumps.find(clusterName, part, backupId).map(d -> d.record())
          .orElseThrow(() -> new IllegalStateException("The dump of additional database '" + part + "' of backup " + backupId
              + " of cluster '" + clusterName + "' has no record"));
      dumpList.add(new BackupManifest.Dump(dump.file(), dump.sizeBytes(), dump.sha256(), dump.tableRows(), part));
    }
    return new BackupManifest(backupId, clusterName, cluster.secondaryStorage().type().name().toLowerCase(),
        BackupManifest.SCHEDULED.equals(trigger) ? BackupManifest.SCHEDULED : BackupManifest.MANUAL, clock.instant().toString(), orchestratorVersion(), versions, partitions, snapshots, dumpList);
  }

  static String orchestratorVersion() {
    String version = BackupManifests.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
