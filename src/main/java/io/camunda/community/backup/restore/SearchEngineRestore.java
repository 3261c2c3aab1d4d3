package io.camunda.community.backup.restore;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.flavour.SetFlavour;
import io.camunda.community.backup.manifest.BackupManifest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Elasticsearch/OpenSearch (contract 4.1): the Camunda indices are deleted (exactly those the plan
 * lists) and the set's snapshots restored, with the exact Camunda version the set was taken with.
 */
final class SearchEngineRestore implements StorageRestore {

  private final TargetClients clients;
  private final RestoreSource source;

  SearchEngineRestore(TargetClients clients, RestoreSource source) {
    this.clients = clients;
    this.source = source;
  }

  /** The repository the set's snapshots are restored from: the primary one, or the one over the second copy. */
  private SnapshotClient repository(String clusterName) {
    return source.snapshots(clients, clusterName);
  }

  @Override
  public SetFlavour.Kind kind() {
    return SetFlavour.Kind.SEARCH_ENGINE;
  }

  @Override
  public String versionProblem(long backupId, String backupVersion, String targetVersion) {
    return backupVersion.equalsIgnoreCase(targetVersion) ? null
        : "backup %d was taken with Camunda %s but the target runs %s: restore needs the exact version"
            .formatted(backupId, backupVersion, targetVersion);
  }

  @Override
  public List<String> storageProblems(String clusterName, ClusterProperties cluster, BackupSet set) {
    SnapshotClient repository = repository(clusterName);
    if (repository.repositoryExists()) {
      return List.of();
    }
    return List.of("snapshot repository '%s' is not registered in %s".formatted(repository.repository(), cluster.secondaryStorage().type()));
  }

  @Override
  public ManifestFigures checkAgainstManifest(String clusterName, BackupSet set, BackupManifest manifest, String source,
      List<String> problems) {
    List<String> snapshots = snapshotsOf(set);
    List<String> listed = manifest.snapshots().stream().map(BackupManifest.Snapshot::name).toList();
    if (!new HashSet<>(snapshots).equals(new HashSet<>(listed))) {
      problems.add("backup %d consists of the snapshots %s but %s lists %s".formatted(set.backupId(), snapshots.stream().sorted().toList(),
          source, listed.stream().sorted().toList()));
      return ManifestFigures.NONE;
    }
    for (BackupManifest.Snapshot snapshot : manifest.snapshots()) {
      List<String> now = repository(clusterName).snapshotIndices(snapshot.name()).stream().sorted().toList();
      List<String> then = snapshot.indices().stream().map(BackupManifest.Index::name).sorted().toList();
      if (!now.equals(then)) {
        List<String> lost = then.stream().filter(i -> !now.contains(i)).toList();
        List<String> added = now.stream().filter(i -> !then.contains(i)).toList();
        problems.add("snapshot %s no longer holds what %s lists (missing: %s, not listed: %s): it was changed after the backup"
            .formatted(snapshot.name(), source, lost, added));
      }
    }
    Map<String, Long> indexBytes = new TreeMap<>();
    manifest.snapshots().forEach(snapshot -> snapshot.indices().forEach(index -> indexBytes.put(index.name(), index.sizeBytes())));
    return new ManifestFigures(indexBytes, Map.of());
  }

  @Override
  public StoragePlan plan(String clusterName, ClusterProperties cluster, BackupSet set) {
    SnapshotClient snapshots = clients.snapshots(clusterName);
    String recordsPrefix = cluster.secondaryStorage().zeebeRecordsIndexPrefix();
    // optimize-* only when the set has an Optimize part: otherwise nothing would restore them
    boolean withOptimize = set.components().containsKey(BackupSet.OPTIMIZE);
    List<String> indices = CamundaIndices.select(snapshots.indices(), cluster.secondaryStorage().indexPrefixes(), withOptimize);
    List<String> toRestore = snapshotsOf(set);
    long recordsSince = set.time() == null ? -1 : snapshots.countSince(recordsPrefix + "*", "timestamp", set.time());

    Map<String, Object> entries = new LinkedHashMap<>();
    // exactly these are deleted once approved (DeleteCamundaIndicesWorker), never a pattern evaluated later
    entries.put("indicesToDelete", indices);
    // what the deletion loses, as the target holds it now (a dry run shows it; the approver sees it in the plan)
    entries.put("indicesToDeleteStats", snapshots.indexStats(indices).values().stream()
        .map(stats -> Map.<String, Object>of("index", stats.index(), "documents", stats.documents(), "sizeBytes", stats.sizeBytes())).toList());
    entries.put("optimizeRestored", withOptimize);
    entries.put("snapshotsToRestore", toRestore);
    entries.put("snapshotRepository", repository(clusterName).repository());
    entries.put("zeebeRecordsExportedSinceBackup", recordsSince);
    String lines = "- Indices deleted (" + indices.size() + "): " + String.join(", ", indices) + "\n"
        + "- Snapshots restored (" + toRestore.size() + ") from repository " + repository(clusterName).repository()
        + (source == RestoreSource.SECOND_LOCATION ? " (the second location)" : "") + ": " + String.join(", ", toRestore) + "\n";
    return new StoragePlan(entries, toRestore, recordsSince >= 0 ? "; " + recordsSince + " Zeebe records were exported since" : "", lines);
  }

  @Override
  public String keptRunning() {
    return "Elasticsearch/OpenSearch";
  }

  @Override
  public String destructiveStep() {
    return "deletes the indices";
  }

  @Override
  public String zeebeRestoreNote() {
    return "";
  }

  /** The set's snapshots (web apps, Optimize, records), never an additional database's dump. */
  private static List<String> snapshotsOf(BackupSet set) {
    List<String> snapshots = new ArrayList<>();
    for (String component : BackupSet.SNAPSHOT_COMPONENTS) {
      snapshots.addAll(set.component(component).snapshots());
    }
    return snapshots;
  }
}
