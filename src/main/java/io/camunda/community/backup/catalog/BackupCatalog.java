package io.camunda.community.backup.catalog;

import static io.camunda.community.backup.service.BackupIdAllocator.RECORDS_SNAPSHOT_PREFIX;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * The backup sets of a cluster: every backup ID any component knows (Zeebe, web apps, Optimize
 * when enabled, the Zeebe-records snapshot; with RDBMS storage Zeebe and the database dumps),
 * joined by ID and classified by {@link
 * BackupSetClassifier}. An ID present in only one component is a set too (an orphan), so
 * retention can clean it up.
 *
 * <p>Faults reaching a component propagate as the clients' {@code TargetUnavailableException} (or
 * {@code BackupRejectedException} for a misconfiguration): a listing with a component left out
 * would make complete sets look partial.
 */
@Service
public class BackupCatalog {

  private final ClusterRegistry registry;
  private final TargetClients clients;
  private final DatabaseDumps dumps;

  public BackupCatalog(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps) {
    this.registry = registry;
    this.clients = clients;
    this.dumps = dumps;
  }

  /** Every backup set of the cluster, newest (highest ID) first. */
  public List<BackupSet> list(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    if (cluster.secondaryStorage().isRdbms()) {
      return listRdbms(clusterName);
    }
    Map<Long, ZeebeBackupInfo> zeebe = byId(clients.zeebe(clusterName).listBackups(), ZeebeBackupInfo::backupId);
    // verbose: the only listing whose state and start times are reliable (contract 1.3.3)
    Map<Long, ComponentBackupInfo> webapps = byId(clients.webapps(clusterName).listBackups(true), ComponentBackupInfo::backupId);
    Map<Long, ComponentBackupInfo> optimize = cluster.optimizeEnabled()
        ? byId(clients.optimize(clusterName).listBackups(), ComponentBackupInfo::backupId)
        : Map.of();
    Map<Long, SnapshotSummary> records = new HashMap<>();
    for (SnapshotSummary snapshot : recordsSnapshots(clusterName, RECORDS_SNAPSHOT_PREFIX + "*")) {
      recordsId(snapshot.name()).ifPresent(id -> records.putIfAbsent(id, snapshot));
    }

    TreeSet<Long> ids = new TreeSet<>(Comparator.reverseOrder());
    ids.addAll(zeebe.keySet());
    ids.addAll(webapps.keySet());
    ids.addAll(optimize.keySet());
    ids.addAll(records.keySet());
    return ids.stream()
        .map(id -> BackupSetClassifier.assemble(
            id, zeebe.get(id), webapps.get(id), cluster.optimizeEnabled(), optimize.get(id), records.get(id)))
        .toList();
  }

  /** The set with this ID, asked of each component directly; empty when no component has it. */
  public Optional<BackupSet> find(String clusterName, long backupId) {
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
    SnapshotSummary records = recordsSnapshots(clusterName, recordsName).stream()
        .filter(s -> recordsName.equals(s.name())).findFirst().orElse(null);
    if (zeebe == null && webapps == null && optimize == null && records == null) {
      return Optional.empty();
    }
    return Optional.of(BackupSetClassifier.assemble(backupId, zeebe, webapps, cluster.optimizeEnabled(), optimize, records));
  }

  /** RDBMS storage: Zeebe backups and database dumps, joined by ID. */
  private List<BackupSet> listRdbms(String clusterName) {
    Map<Long, ZeebeBackupInfo> zeebe = byId(clients.zeebe(clusterName).listBackups(), ZeebeBackupInfo::backupId);
    Map<Long, StoredDump> database = byId(dumps.list(clusterName), StoredDump::backupId);
    TreeSet<Long> ids = new TreeSet<>(Comparator.reverseOrder());
    ids.addAll(zeebe.keySet());
    ids.addAll(database.keySet());
    return ids.stream().map(id -> BackupSetClassifier.assembleRdbms(id, zeebe.get(id), database.get(id))).toList();
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

  /**
   * The records snapshots; none when the repository is not registered, so the catalog still shows
   * what the other components hold (and the sets as PARTIAL) instead of failing as a whole.
   */
  private java.util.List<SnapshotSummary> recordsSnapshots(String clusterName, String pattern) {
    try {
      return clients.snapshots(clusterName).listSnapshots(pattern);
    } catch (io.camunda.community.backup.client.BackupRejectedException e) {
      if (e.reason() == io.camunda.community.backup.client.BackupRejectedException.Reason.REPOSITORY_MISSING) {
        return java.util.List.of();
      }
      throw e;
    }
  }
}
