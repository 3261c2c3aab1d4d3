package io.camunda.community.backup.flavour;

import static io.camunda.community.backup.catalog.BackupSet.DATABASE;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.BackupSetClassifier;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.ComponentStatus;
import io.camunda.community.backup.client.BackupRuntimeState;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Camunda 8.9+ on a relational database with continuous backups (contract 1.2.5 and 3.1): Zeebe
 * generates its backup IDs and keeps ranges of backups per partition; the database is dumped under
 * IDs of the orchestrator's. There are no sets of one ID. What the catalog lists is each dump as a
 * <em>starting point</em>: it is COMPLETE once a completed Zeebe backup of every partition follows
 * it inside a range that already covered it (a restore can join the dump to Zeebe's log there),
 * PARTIAL while none does; its time is that backup's, where a restore of the set lands (a
 * point-in-time restore to it). Zeebe's backups are the broker's to delete (its retention window):
 * deleting a set deletes its dump only, and only retention may do so.
 */
final class ContinuousSets implements SetFlavour {

  private final TargetClients clients;
  private final DatabaseDumps dumps;

  ContinuousSets(TargetClients clients, DatabaseDumps dumps) {
    this.clients = clients;
    this.dumps = dumps;
  }

  @Override
  public Kind kind() {
    return Kind.CONTINUOUS;
  }

  @Override
  public Map<String, Supplier<Optional<Long>>> newestIds(String clusterName) {
    // Zeebe's ids are its own (generated): only the dumps' count for the next dump's id
    return DatabaseDumpSets.newestDumpId(dumps, clusterName);
  }

  @Override
  public CatalogRead readSets(String clusterName) {
    Map<String, String> unavailable = new LinkedHashMap<>();
    List<StoredDump> stored = Listings.read(clusterName, DATABASE, unavailable, () -> dumps.listExisting(clusterName));
    Zeebe zeebe = zeebe(clusterName, unavailable);
    List<BackupSet> sets = stored.stream()
        .sorted(Comparator.comparingLong(StoredDump::backupId).reversed())
        .map(dump -> BackupSetClassifier.withUnavailable(set(dump, zeebe), unavailable))
        .toList();
    return new CatalogRead(clusterName, sets, unavailable);
  }

  @Override
  public Optional<BackupSet> findSet(String clusterName, long backupId) {
    return dumps.find(clusterName, backupId).map(dump -> {
      Map<String, String> unavailable = new LinkedHashMap<>();
      return BackupSetClassifier.withUnavailable(set(dump, zeebe(clusterName, unavailable)), unavailable);
    });
  }

  @Override
  public BackupSet emptySet(String clusterName, long backupId) {
    Map<String, ComponentStatus> components = new LinkedHashMap<>();
    components.put(ZEEBE, ComponentStatus.missing());
    components.put(DATABASE, ComponentStatus.missing());
    return new BackupSet(backupId, BackupSetClassifier.idAsTime(backupId), null, null, BackupSetClassifier.classify(components),
        components, BackupSetClassifier.reasons(components));
  }

  @Override
  public String deleteParts(String clusterName, long backupId) {
    dumps.delete(clusterName, backupId);
    return "database dump";
  }

  @Override
  public String deleteZeebePart(String clusterName, long backupId) {
    return null; // the broker's: its retention window deletes Zeebe's backups (camunda.data.primary-storage.backup.retention.window)
  }

  @Override
  public boolean writesManifests() {
    return false; // a dump and a Zeebe backup are no set of one ID: nothing to describe together
  }

  @Override
  public Optional<String> deletionByIdRefused(String clusterName) {
    return Optional.of("cluster '" + clusterName + "' takes continuous backups, whose Zeebe backups form ranges with the database dumps;"
        + " deleting one by id could cut a range in two. The broker's retention (camunda.data.primary-storage.backup.retention.window)"
        + " deletes Zeebe's backups, and the orchestrator's retention the dumps no range reaches");
  }

  /** Zeebe's completed backups and ranges, or null (its listing unavailable) when either cannot be read. */
  private record Zeebe(List<ZeebeBackupInfo> completed, Map<Integer, List<BackupRuntimeState.Range>> ranges) {}

  private Zeebe zeebe(String clusterName, Map<String, String> unavailable) {
    List<ZeebeBackupInfo> backups = Listings.read(clusterName, ZEEBE, unavailable, () -> clients.zeebe(clusterName).listBackups());
    List<BackupRuntimeState> state = Listings.read(clusterName, ZEEBE, unavailable,
        () -> List.of(clients.zeebe(clusterName).runtimeState()));
    if (unavailable.containsKey(ZEEBE)) {
      return null;
    }
    return new Zeebe(backups.stream().filter(info -> "COMPLETED".equals(info.state()) && info.takenAt() != null)
        .sorted(Comparator.comparing(ZeebeBackupInfo::takenAt)).toList(), state.getFirst().rangesByPartition());
  }

  /** The dump as a starting point, joined with the first Zeebe backup that can restore from it. */
  private static BackupSet set(StoredDump dump, Zeebe zeebe) {
    Instant dumpAt = dump.record() == null ? null : Instant.parse(dump.record().createdAt());
    ZeebeBackupInfo joined = zeebe == null || dumpAt == null ? null : zeebe.completed().stream()
        .filter(backup -> !backup.takenAt().isBefore(dumpAt) && joins(backup, dumpAt, zeebe.ranges()))
        .findFirst().orElse(null);
    Map<String, ComponentStatus> components = new LinkedHashMap<>();
    components.put(ZEEBE, zeebe == null ? ComponentStatus.unavailable("the backup state cannot be read")
        : joined == null ? new ComponentStatus(ComponentStatus.MISSING, "no completed Zeebe backup of every partition follows this dump"
            + " inside a range that covers it (yet)", List.of())
        : new ComponentStatus(joined.state(), null, List.of("backup " + joined.backupId() + " of " + joined.takenAt())));
    components.put(DATABASE, new ComponentStatus(dump.state(), dump.problem(), List.of(dump.file())));
    // the set's time is where a restore of it lands: the Zeebe backup joined to the dump (the dump's own time until one is)
    Instant time = joined != null ? joined.takenAt() : dumpAt != null ? dumpAt : BackupSetClassifier.idAsTime(dump.backupId());
    return new BackupSet(dump.backupId(), time,
        joined == null ? null : BackupSetClassifier.camundaVersion(joined, null, null),
        joined == null ? null : joined.details().size(), BackupSetClassifier.classify(components), components,
        BackupSetClassifier.reasons(components));
  }

  /** Whether every partition of {@code backup} lies in a range that had started by {@code dumpAt}. */
  private static boolean joins(ZeebeBackupInfo backup, Instant dumpAt, Map<Integer, List<BackupRuntimeState.Range>> ranges) {
    return !backup.details().isEmpty() && backup.details().stream().allMatch(partition -> ranges.getOrDefault(partition.partitionId(),
        List.of()).stream().anyMatch(range -> backup.backupId() >= range.start().checkpointId()
            && backup.backupId() <= range.end().checkpointId() && range.covers(dumpAt)));
  }
}
