package io.camunda.community.backup.flavour;

import static io.camunda.community.backup.catalog.BackupSet.DATABASE;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.BackupSetClassifier;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Camunda 8.9+ with a relational database as secondary storage (shared-ID sets): a set is Zeebe's
 * backup and the dump of the Camunda database under one ID, taken while exporting is soft-paused
 * (contract section 3.1).
 */
final class DatabaseDumpSets implements SetFlavour {

  private final TargetClients clients;
  private final DatabaseDumps dumps;

  DatabaseDumpSets(TargetClients clients, DatabaseDumps dumps) {
    this.clients = clients;
    this.dumps = dumps;
  }

  @Override
  public Kind kind() {
    return Kind.DATABASE_DUMP;
  }

  @Override
  public Map<String, Supplier<Optional<Long>>> newestIds(String clusterName) {
    return newestDumpId(dumps, clusterName);
  }

  /** The newest dump's ID (dumps are listed newest first). */
  static Map<String, Supplier<Optional<Long>>> newestDumpId(DatabaseDumps dumps, String clusterName) {
    return Map.of("database dumps", () -> dumps.list(clusterName).stream().findFirst().map(StoredDump::backupId));
  }

  @Override
  public CatalogRead readSets(String clusterName) {
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<ZeebeBackupInfo> zeebeBackups = Listings.read(clusterName, ZEEBE, unavailable, () -> clients.zeebe(clusterName).listBackups());
    Map<Long, ZeebeBackupInfo> zeebe = Listings.byId(zeebeBackups, ZeebeBackupInfo::backupId);
    // A cluster never backed up has no dump directory yet; once Zeebe holds a backup, a missing
    // directory is an unmounted volume or a wrong path, not an empty one.
    boolean neverBackedUp = zeebeBackups.isEmpty() && !unavailable.containsKey(ZEEBE);
    Map<Long, StoredDump> database = Listings.byId(Listings.read(clusterName, DATABASE, unavailable, () -> {
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

  @Override
  public Optional<BackupSet> findSet(String clusterName, long backupId) {
    ZeebeBackupInfo zeebe = clients.zeebe(clusterName).getBackup(backupId).orElse(null);
    StoredDump dump = dumps.find(clusterName, backupId).orElse(null);
    return zeebe == null && dump == null
        ? Optional.empty()
        : Optional.of(BackupSetClassifier.assembleRdbms(backupId, zeebe, dump));
  }

  @Override
  public BackupSet emptySet(String clusterName, long backupId) {
    return BackupSetClassifier.assembleRdbms(backupId, null, null);
  }

  @Override
  public String deleteParts(String clusterName, long backupId) {
    dumps.delete(clusterName, backupId);
    return "database dump";
  }

  @Override
  public String deleteZeebePart(String clusterName, long backupId) {
    clients.zeebe(clusterName).deleteBackup(backupId);
    return "Zeebe backup";
  }
}
