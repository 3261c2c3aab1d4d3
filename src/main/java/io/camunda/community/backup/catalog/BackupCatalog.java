package io.camunda.community.backup.catalog;

import static io.camunda.community.backup.catalog.BackupSet.DATABASE;
import static io.camunda.community.backup.catalog.BackupSet.OPTIMIZE;
import static io.camunda.community.backup.catalog.BackupSet.WEBAPPS;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE_RECORDS;
import static io.camunda.community.backup.service.BackupIdAllocator.RECORDS_SNAPSHOT_PREFIX;

import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.SnapshotClient.SnapshotSummary;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.service.BackupIdAllocator;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The backup sets of a cluster: every backup ID any component knows (Zeebe, web apps, Optimize
 * when enabled, the Zeebe-records snapshot; with RDBMS storage Zeebe and the database dumps),
 * joined by ID and classified by {@link
 * BackupSetClassifier}. An ID present in only one component is a set too (an orphan), so
 * retention can clean it up.
 *
 * <p>A component listing that cannot be read completely (repository or directory missing, 4xx or
 * 5xx, timeout, a body that is not the documented JSON) never reads as "no backups": {@link
 * #read(String)} reports that component UNAVAILABLE with the reason and keeps what the other
 * listings show, for display. Whoever deletes or restores must check {@link CatalogRead#complete()}.
 */
@Service
public class BackupCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);

  private final ClusterRegistry registry;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final ManifestListing manifests;
  private final List<CatalogReadListener> listeners;

  @Autowired
  public BackupCatalog(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps, ManifestListing manifests,
      List<CatalogReadListener> listeners) {
    this.registry = registry;
    this.clients = clients;
    this.dumps = dumps;
    this.manifests = manifests;
    this.listeners = List.copyOf(listeners);
  }

  public BackupCatalog(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps) {
    this(registry, clients, dumps, ManifestListing.NOT_READ, List.of());
  }

  /**
   * Every backup set of the cluster, newest (highest ID) first, for display: a component whose
   * listing could not be read shows UNAVAILABLE in every set (see {@link #read(String)}).
   */
  public List<BackupSet> list(String clusterName) {
    return read(clusterName).sets();
  }

  /** Every backup set of the cluster, newest first, and which component listings could not be read. */
  public CatalogRead read(String clusterName) {
    CatalogRead components = withAdditionalDatabases(clusterName,
        registry.get(clusterName).secondaryStorage().isRdbms() ? readRdbms(clusterName) : readSearchStore(clusterName));
    CatalogRead read = new CatalogRead(clusterName, withManifests(clusterName, components.sets()), components.unavailable());
    listeners.forEach(listener -> listener.catalogRead(read));
    return read;
  }

  private CatalogRead readSearchStore(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    Map<String, String> unavailable = new LinkedHashMap<>();
    Map<Long, ZeebeBackupInfo> zeebe = byId(
        listing(clusterName, ZEEBE, unavailable, () -> clients.zeebe(clusterName).listBackups()), ZeebeBackupInfo::backupId);
    // verbose: the only listing whose state and start times are reliable (contract 1.3.3)
    Map<Long, ComponentBackupInfo> webapps = byId(
        listing(clusterName, WEBAPPS, unavailable, () -> clients.webapps(clusterName).listBackups(true)), ComponentBackupInfo::backupId);
    Map<Long, ComponentBackupInfo> optimize = cluster.optimizeEnabled()
        ? byId(listing(clusterName, OPTIMIZE, unavailable, () -> clients.optimize(clusterName).listBackups()), ComponentBackupInfo::backupId)
        : Map.of();
    Map<Long, SnapshotSummary> records = new HashMap<>();
    for (SnapshotSummary snapshot : listing(clusterName, ZEEBE_RECORDS, unavailable,
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

  /**
   * One component's listing; when it cannot be read, none, and the reason goes into {@code
   * unavailable}. Every fault counts, a bug's included: an unread listing is never an empty one.
   */
  private static <T> List<T> listing(String clusterName, String component, Map<String, String> unavailable, Supplier<List<T>> list) {
    try {
      List<T> items = list.get();
      if (items == null) {
        throw new IllegalStateException("the listing returned nothing at all");
      }
      return items;
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("Backup catalog of cluster '{}': the {} listing could not be read: {}", clusterName, component, reason);
      unavailable.put(component, reason);
      return List.of();
    }
  }

  /**
   * The sets with the dumps of the cluster's additional databases ({@code additional-databases}),
   * one listing per database; an ID only such a dump has (what a failed void left) is a set of its
   * own, so retention can delete it. A listing that cannot be read is unavailable, as any other.
   */
  private CatalogRead withAdditionalDatabases(String clusterName, CatalogRead read) {
    ClusterProperties cluster = registry.get(clusterName);
    if (cluster.additionalDatabases().isEmpty()) {
      return read;
    }
    Map<String, String> unavailable = new LinkedHashMap<>(read.unavailable());
    Map<String, Map<Long, StoredDump>> byPart = new LinkedHashMap<>();
    Map<String, String> unreadable = new LinkedHashMap<>();
    for (String part : cluster.additionalDatabaseParts()) {
      String component = BackupSet.additionalDatabase(part);
      List<StoredDump> listed = listing(clusterName, component, unavailable, () -> {
        try {
          return dumps.listExisting(clusterName, part);
        } catch (DatabaseDumps.DirectoryMissingException e) {
          return List.of(); // created by its first dump; a dump that is not there adds nothing to a set
        }
      });
      if (unavailable.containsKey(component)) {
        unreadable.put(part, unavailable.get(component));
      }
      byPart.put(part, byId(listed, StoredDump::backupId));
    }
    Map<Long, BackupSet> sets = new java.util.TreeMap<>(Comparator.reverseOrder());
    read.sets().forEach(set -> sets.put(set.backupId(), set));
    byPart.values().forEach(listed -> listed.keySet().forEach(id -> sets.computeIfAbsent(id,
        orphan -> BackupSetClassifier.withUnavailable(withoutParts(cluster, orphan), read.unavailable()))));
    List<BackupSet> joined = sets.values().stream().map(set -> {
      Map<String, StoredDump> own = new LinkedHashMap<>();
      byPart.forEach((part, listed) -> Optional.ofNullable(listed.get(set.backupId())).ifPresent(dump -> own.put(part, dump)));
      return BackupSetClassifier.withAdditionalDumps(set, own, unreadable);
    }).toList();
    return new CatalogRead(clusterName, joined, unavailable);
  }

  /** A set of which no component but the additional databases has anything. */
  private static BackupSet withoutParts(ClusterProperties cluster, long backupId) {
    return cluster.secondaryStorage().isRdbms()
        ? BackupSetClassifier.assembleRdbms(backupId, null, null)
        : BackupSetClassifier.assemble(backupId, null, null, cluster.optimizeEnabled(), null, null);
  }

  /** The set with this ID, asked of each component directly; empty when no component has it. */
  public Optional<BackupSet> find(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    Map<String, StoredDump> additional = new LinkedHashMap<>();
    for (String part : cluster.additionalDatabaseParts()) {
      dumps.find(clusterName, part, backupId).ifPresent(dump -> additional.put(part, dump));
    }
    Optional<BackupSet> set = findParts(clusterName, backupId);
    if (set.isEmpty() && additional.isEmpty()) {
      return Optional.empty();
    }
    BackupSet base = set.orElseGet(() -> withoutParts(cluster, backupId));
    return Optional.of(withManifest(clusterName, BackupSetClassifier.withAdditionalDumps(base, additional, Map.of())));
  }

  /** {@link #find} without the additional databases and the manifest. */
  private Optional<BackupSet> findParts(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    ZeebeBackupInfo zeebe = clients.zeebe(clusterName).getBackup(backupId).orElse(null);
    if (cluster.secondaryStorage().isRdbms()) {
      StoredDump dump = dumps.find(clusterName, backupId).orElse(null);
      return zeebe == null && dump == null
          ? Optional.empty()
          : Optional.of(BackupSetClassifier.assembleRdbms(backupId, zeebe, dump));
    }
    ComponentBackupInfo webapps = clients.webapps(clusterName).getBackup(backupId).orElse(null);
    ComponentBackupInfo optimize = cluster.optimizeEnabled()
        ? clients.optimize(clusterName).getBackup(backupId).orElse(null)
        : null;
    // The snapshot info, not _status: _status reports a PARTIAL snapshot as SUCCESS.
    String recordsName = BackupIdAllocator.recordsSnapshotName(backupId);
    SnapshotSummary records;
    String recordsUnavailable = null;
    try {
      records = clients.snapshots(clusterName).listSnapshots(recordsName).stream()
          .filter(s -> recordsName.equals(s.name())).findFirst().orElse(null);
    } catch (BackupRejectedException e) {
      if (e.reason() != BackupRejectedException.Reason.REPOSITORY_MISSING) {
        throw e;
      }
      // not "no snapshot": nobody can tell while the repository is not registered
      records = null;
      recordsUnavailable = e.getMessage();
    }
    if (zeebe == null && webapps == null && optimize == null && records == null) {
      return Optional.empty();
    }
    BackupSet set = BackupSetClassifier.assemble(backupId, zeebe, webapps, cluster.optimizeEnabled(), optimize, records);
    return Optional.of(recordsUnavailable == null ? set : BackupSetClassifier.withUnavailable(set, Map.of(ZEEBE_RECORDS, recordsUnavailable)));
  }

  /** RDBMS storage: Zeebe backups and database dumps, joined by ID. */
  private CatalogRead readRdbms(String clusterName) {
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<ZeebeBackupInfo> zeebeBackups = listing(clusterName, ZEEBE, unavailable, () -> clients.zeebe(clusterName).listBackups());
    Map<Long, ZeebeBackupInfo> zeebe = byId(zeebeBackups, ZeebeBackupInfo::backupId);
    // A cluster never backed up has no dump directory yet; once Zeebe holds a backup, a missing
    // directory is an unmounted volume or a wrong path, not an empty one.
    boolean neverBackedUp = zeebeBackups.isEmpty() && !unavailable.containsKey(ZEEBE);
    Map<Long, StoredDump> database = byId(listing(clusterName, DATABASE, unavailable, () -> {
      try {
        return dumps.listExisting(clusterName);
      } catch (DatabaseDumps.DirectoryMissingException e) {
        if (neverBackedUp) {
          return List.of();
        }
        throw e;
      }
    }), StoredDump::backupId);
    TreeSet<Long> ids = new TreeSet<>(Comparator.reverseOrder());
    ids.addAll(zeebe.keySet());
    ids.addAll(database.keySet());
    List<BackupSet> sets = ids.stream()
        .map(id -> BackupSetClassifier.assembleRdbms(id, zeebe.get(id), database.get(id)))
        .map(set -> BackupSetClassifier.withUnavailable(set, unavailable))
        .toList();
    return new CatalogRead(clusterName, sets, unavailable);
  }

  /**
   * Each set with whether its manifest is stored beside it. Manifests that cannot be listed leave
   * every set's manifest UNAVAILABLE, not MISSING, and do not touch what the set is worth: the
   * parts themselves decide whether it can be restored.
   */
  private List<BackupSet> withManifests(String clusterName, List<BackupSet> sets) {
    if (sets.isEmpty()) {
      return sets;
    }
    Map<Long, String> listed;
    try {
      listed = manifests.list(clusterName);
    } catch (RuntimeException e) {
      LOG.warn("Backup catalog of cluster '{}': the manifests could not be listed: {}", clusterName, e.getMessage());
      return sets.stream().map(set -> set.withManifest(BackupSet.MANIFEST_UNAVAILABLE, BackupSet.TRIGGER_UNKNOWN)).toList();
    }
    if (listed == null) {
      return sets;
    }
    return sets.stream()
        .map(set -> listed.containsKey(set.backupId())
            ? set.withManifest(BackupSet.MANIFEST_PRESENT, listed.get(set.backupId()))
            : set.withManifest(BackupSet.MANIFEST_MISSING, BackupSet.TRIGGER_UNKNOWN))
        .toList();
  }

  private BackupSet withManifest(String clusterName, BackupSet set) {
    return withManifests(clusterName, List.of(set)).getFirst();
  }

  private static <T> Map<Long, T> byId(List<T> items, Function<T, Long> id) {
    Map<Long, T> result = new HashMap<>();
    items.forEach(item -> result.putIfAbsent(id.apply(item), item));
    return result;
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

}
