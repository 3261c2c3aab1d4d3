package io.camunda.community.backup.flavour;

import static io.camunda.community.backup.catalog.BackupSet.OPTIMIZE;
import static io.camunda.community.backup.catalog.BackupSet.WEBAPPS;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE_RECORDS;
import static io.camunda.community.backup.service.BackupIdAllocator.RECORDS_SNAPSHOT_PREFIX;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.BackupSetClassifier;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.SnapshotClient.SnapshotSummary;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.service.BackupIdAllocator;
import io.camunda.community.backup.support.AtOnce;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Camunda 8.8+ with Elasticsearch/OpenSearch as secondary storage: a set is Zeebe's backup, the web
 * apps' backup (Operate, Tasklist, the shared indices), Optimize's where it is deployed, and the
 * snapshot of the Zeebe-records indices, all under one ID (contract section 2).
 */
final class SearchEngineSets implements SetFlavour {

  private final ClusterRegistry registry;
  private final TargetClients clients;

  SearchEngineSets(ClusterRegistry registry, TargetClients clients) {
    this.registry = registry;
    this.clients = clients;
  }

  @Override
  public Kind kind() {
    return Kind.SEARCH_ENGINE;
  }

  @Override
  public Map<String, Supplier<Optional<Long>>> newestIds(String clusterName) {
    Map<String, Supplier<Optional<Long>>> listings = new LinkedHashMap<>();
    listings.put("web apps", () -> clients.webapps(clusterName).listBackups().stream().map(ComponentBackupInfo::backupId)
        .max(Comparator.naturalOrder()));
    if (registry.get(clusterName).optimizeEnabled()) {
      listings.put("optimize", () -> clients.optimize(clusterName).listBackups().stream().map(ComponentBackupInfo::backupId)
          .max(Comparator.naturalOrder()));
    }
    listings.put("zeebe records snapshots", () -> clients.snapshots(clusterName).listSnapshots(RECORDS_SNAPSHOT_PREFIX + "*")
        .stream()
        .map(s -> parseId(s.name().substring(RECORDS_SNAPSHOT_PREFIX.length())))
        .flatMap(Optional::stream)
        .max(Comparator.naturalOrder()));
    return listings;
  }

  @Override
  public CatalogRead readSets(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    Map<String, String> unavailable = new LinkedHashMap<>();
    Map<Long, ZeebeBackupInfo> zeebe = Listings.byId(
        Listings.read(clusterName, ZEEBE, unavailable, () -> clients.zeebe(clusterName).listBackups()), ZeebeBackupInfo::backupId);
    // verbose: the only listing whose state and start times are reliable (contract 1.3.3)
    Map<Long, ComponentBackupInfo> webapps = Listings.byId(
        Listings.read(clusterName, WEBAPPS, unavailable, () -> clients.webapps(clusterName).listBackups(true)), ComponentBackupInfo::backupId);
    Map<Long, ComponentBackupInfo> optimize = cluster.optimizeEnabled()
        ? Listings.byId(Listings.read(clusterName, OPTIMIZE, unavailable, () -> clients.optimize(clusterName).listBackups()),
            ComponentBackupInfo::backupId)
        : Map.of();
    Map<Long, SnapshotSummary> records = new HashMap<>();
    for (SnapshotSummary snapshot : Listings.read(clusterName, ZEEBE_RECORDS, unavailable,
        () -> clients.snapshots(clusterName).listSnapshots(RECORDS_SNAPSHOT_PREFIX + "*"))) {
      recordsId(snapshot.name()).ifPresent(id -> records.putIfAbsent(id, snapshot));
    }

    TreeSet<Long> ids = new TreeSet<>(Comparator.reverseOrder());
    ids.addAll(zeebe.keySet());
    ids.addAll(webapps.keySet());
    ids.addAll(optimize.keySet());
    ids.addAll(records.keySet());
    List<BackupSet> sets = ids.stream()
        .map(id -> BackupSetClassifier.assemble(
            id, zeebe.get(id), webapps.get(id), cluster.optimizeEnabled(), optimize.get(id), records.get(id)))
        .map(set -> BackupSetClassifier.withUnavailable(set, unavailable))
        .toList();
    return new CatalogRead(clusterName, sets, unavailable);
  }

  @Override
  public Optional<BackupSet> findSet(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    String recordsName = BackupIdAllocator.recordsSnapshotName(backupId);
    ZeebeBackupInfo zeebe;
    ComponentBackupInfo webapps;
    ComponentBackupInfo optimize;
    SnapshotSummary records;
    String recordsUnavailable = null;
    // four independent components, asked at the same time: writing a set's manifest reads it right
    // after the backup, so the reads count in every backup's end-to-end time
    try (ExecutorService readers = AtOnce.readers()) {
      Future<Optional<ZeebeBackupInfo>> zeebeRead = readers.submit(() -> clients.zeebe(clusterName).getBackup(backupId));
      Future<Optional<ComponentBackupInfo>> webappsRead = readers.submit(() -> clients.webapps(clusterName).getBackup(backupId));
      Future<Optional<ComponentBackupInfo>> optimizeRead = cluster.optimizeEnabled()
          ? readers.submit(() -> clients.optimize(clusterName).getBackup(backupId))
          : CompletableFuture.completedFuture(Optional.empty());
      // The snapshot info, not _status: _status reports a PARTIAL snapshot as SUCCESS.
      Future<List<SnapshotSummary>> recordsRead = readers.submit(() -> clients.snapshots(clusterName).listSnapshots(recordsName));
      zeebe = AtOnce.awaited(zeebeRead).orElse(null);
      webapps = AtOnce.awaited(webappsRead).orElse(null);
      optimize = AtOnce.awaited(optimizeRead).orElse(null);
      try {
        records = AtOnce.awaited(recordsRead).stream().filter(s -> recordsName.equals(s.name())).findFirst().orElse(null);
      } catch (BackupRejectedException e) {
        if (e.reason() != BackupRejectedException.Reason.REPOSITORY_MISSING) {
          throw e;
        }
        // not "no snapshot": nobody can tell while the repository is not registered
        records = null;
        recordsUnavailable = e.getMessage();
      }
    }
    if (zeebe == null && webapps == null && optimize == null && records == null) {
      return Optional.empty();
    }
    BackupSet set = BackupSetClassifier.assemble(backupId, zeebe, webapps, cluster.optimizeEnabled(), optimize, records);
    return Optional.of(recordsUnavailable == null ? set : BackupSetClassifier.withUnavailable(set, Map.of(ZEEBE_RECORDS, recordsUnavailable)));
  }

  @Override
  public BackupSet emptySet(String clusterName, long backupId) {
    return BackupSetClassifier.assemble(backupId, null, null, registry.get(clusterName).optimizeEnabled(), null, null);
  }

  @Override
  public String deleteParts(String clusterName, long backupId) {
    clients.webapps(clusterName).deleteBackup(backupId);
    if (registry.get(clusterName).optimizeEnabled()) {
      clients.optimize(clusterName).deleteBackup(backupId);
    }
    clients.snapshots(clusterName).deleteSnapshot(BackupIdAllocator.recordsSnapshotName(backupId));
    return "web apps, Optimize and records snapshot";
  }

  /** Any whole number, up to {@link Long#MAX_VALUE}: the next ID must be greater than every one there is. */
  private static Optional<Long> parseId(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The ID in {@code camunda_zeebe_records_backup_<id>}; empty for a name that does not end in one. */
  static Optional<Long> recordsId(String snapshotName) {
    if (snapshotName == null || !snapshotName.startsWith(RECORDS_SNAPSHOT_PREFIX)) {
      return Optional.empty();
    }
    String id = snapshotName.substring(RECORDS_SNAPSHOT_PREFIX.length());
    if (!id.matches("\\d{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(Long.parseLong(id));
  }

  @Override
  public String deleteZeebePart(String clusterName, long backupId) {
    clients.zeebe(clusterName).deleteBackup(backupId);
    return "Zeebe backup";
  }
}
