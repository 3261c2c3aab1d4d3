package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.BackupRuntimeState;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.ZeebeManagementClient;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpVerificationException;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * The pre-flight of a point-in-time restore (Camunda 8.9 continuous backups, contract 1.2.5 and
 * 3.2), before anything is touched: the point must lie inside a backup range of every partition
 * (not in a gap, not outside the window); the restore lands on the newest Zeebe backup at or
 * before it ({@link RestorePoint}); the database is restored from the newest complete dump taken
 * at or before that backup, read in full against its SHA-256. Fails closed: a state or listing
 * that cannot be read confirms nothing.
 */
@Service
public class PointInTimePreflight {

  private final ClusterRegistry registry;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final Clock clock;
  private final io.camunda.community.backup.catalog.BackupCatalog catalog;

  public PointInTimePreflight(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps, Clock clock,
      io.camunda.community.backup.catalog.BackupCatalog catalog) {
    this.registry = registry;
    this.clients = clients;
    this.dumps = dumps;
    this.clock = clock;
    this.catalog = catalog;
  }

  /**
   * A restore of a continuous-backup cluster by set: a set there is a dump joined by a Zeebe
   * backup (see the continuous flavour), and restoring it is a restore to that backup's time; the
   * latest is the newest point every partition's newest range covers.
   *
   * @param requested a set's ID from the start form or command, or null
   * @param chosen what the operator picked in Tasklist: an ID or {@value RestorePreflight#LATEST}, or null
   */
  public RestorePoint checkSet(String clusterName, Long requested, String chosen) {
    if (requested == null && (chosen == null || chosen.isBlank() || RestorePreflight.LATEST.equals(chosen))) {
      return check(clusterName, latest(clusterName).toString());
    }
    long backupId;
    try {
      backupId = requested != null ? requested : Long.parseLong(chosen.trim());
    } catch (NumberFormatException e) {
      throw new RestoreRefusedException("'" + chosen + "' is not a backup ID; choose a backup from the list.");
    }
    io.camunda.community.backup.catalog.BackupSet set = catalog.find(clusterName, backupId).orElseThrow(() -> new RestoreRefusedException(
        "Restore of cluster '%s' refused, nothing was changed: it holds no dump with ID %d (a cluster with continuous backups lists its dumps as its sets)."
            .formatted(clusterName, backupId)));
    if (set.state() != io.camunda.community.backup.catalog.SetState.COMPLETE) {
      throw new RestoreRefusedException("Restore of cluster '%s' refused, nothing was changed: backup %d is %s, not COMPLETE (%s)."
          .formatted(clusterName, backupId, set.state(), set.reasons()));
    }
    return check(clusterName, set.time().toString());
  }

  /**
   * @param pointInTime what the operator asked for: an ISO-8601 instant
   * @throws RestoreRefusedException naming why the point cannot be restored; nothing was changed
   */
  public RestorePoint check(String clusterName, String pointInTime) {
    ClusterProperties cluster = registry.get(clusterName);
    String refused = "Restore of cluster '%s' to %s refused, nothing was changed: ".formatted(clusterName, pointInTime);
    if (!cluster.continuous()) {
      throw new RestoreRefusedException(refused + "the cluster does not take continuous backups (clusters[" + clusterName
          + "].continuous-backups.enabled), so it has no point in time to restore to; restore a backup by ID instead.");
    }
    if (cluster.secondaryStorage().database() != null
        && cluster.secondaryStorage().database().vendor() == io.camunda.community.backup.config.DatabaseVendor.COMMAND) {
      throw new RestoreRefusedException(refused + "a point-in-time restore reads the restored database's EXPORTER_POSITION, and a"
          + " database dumped by a configured command cannot be queried by the orchestrator; configure vendor postgresql or mariadb.");
    }
    Instant point = parse(pointInTime, refused);
    if (point.isAfter(clock.instant())) {
      throw new RestoreRefusedException(refused + "the point is in the future (now: " + clock.instant() + ").");
    }
    ZeebeManagementClient zeebe = clients.zeebe(clusterName);
    BackupRuntimeState state = zeebe.runtimeState();
    Map<Integer, List<BackupRuntimeState.Range>> ranges = state.rangesByPartition();
    TreeSet<Integer> partitions = new TreeSet<>(ranges.keySet());
    state.checkpointStates().forEach(checkpoint -> partitions.add(checkpoint.partitionId()));
    Integer configured = cluster.restore().partitionCount();
    if (configured != null) {
      for (int partition = 1; partition <= configured; partition++) {
        partitions.add(partition);
      }
    }
    if (partitions.isEmpty()) {
      throw new RestoreRefusedException(refused + "the cluster reports no backup of any partition (GET /actuator/backupRuntime/state).");
    }

    // the range of every partition that holds the point
    Map<Integer, BackupRuntimeState.Range> holding = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (int partition : partitions) {
      List<BackupRuntimeState.Range> own = ranges.getOrDefault(partition, List.of());
      Optional<BackupRuntimeState.Range> range = own.stream().filter(r -> !point.isBefore(r.start().checkpointTimestamp())
          && !point.isAfter(r.end().checkpointTimestamp())).findFirst();
      if (range.isPresent()) {
        holding.put(partition, range.get());
      } else {
        problems.add(outside(partition, own, point));
      }
    }
    if (!problems.isEmpty()) {
      throw new RestoreRefusedException(refused + String.join("; ", problems) + ". " + window(ranges, partitions));
    }

    // the newest backup of every partition at or before the point, inside the range holding it
    ZeebeBackupInfo backup = zeebe.listBackups().stream()
        .filter(info -> "COMPLETED".equals(info.state()) && info.takenAt() != null && !info.takenAt().isAfter(point))
        .filter(info -> holding.entrySet().stream().allMatch(entry -> info.backupId() >= entry.getValue().start().checkpointId()
            && info.backupId() <= entry.getValue().end().checkpointId()
            && info.details().stream().anyMatch(detail -> detail.partitionId() == entry.getKey())))
        .max(Comparator.comparing(ZeebeBackupInfo::takenAt))
        .orElseThrow(() -> new RestoreRefusedException(refused + "no completed Zeebe backup of every partition was taken at or"
            + " before it inside the ranges holding it (GET /actuator/backupRuntime)."));
    Instant backupAt = backup.takenAt();
    ZeebeBackupInfo detailed = zeebe.getBackup(backup.backupId()).orElseThrow(() -> new RestoreRefusedException(refused
        + "Zeebe backup " + backup.backupId() + " disappeared while it was checked."));
    Map<Integer, Long> checkpointPositions = new TreeMap<>();
    for (ZeebeBackupInfo.Partition detail : detailed.details()) {
      if (detail.checkpointPosition() == null) {
        throw new RestoreRefusedException(refused + "Zeebe backup " + backup.backupId() + " reports no checkpoint position for"
            + " partition " + detail.partitionId() + ", so the database cannot be checked against it.");
      }
      checkpointPositions.put(detail.partitionId(), detail.checkpointPosition());
    }
    Map<Integer, Long> rangeStarts = new TreeMap<>();
    holding.forEach((partition, range) -> rangeStarts.put(partition,
        range.start().firstLogPosition() == null ? range.start().checkpointPosition() : range.start().firstLogPosition()));

    // the newest complete dump taken at or before that backup: the database is then never ahead of it
    List<StoredDump> complete = dumps.listExisting(clusterName).stream().filter(dump -> dump.problem() == null).toList();
    StoredDump dump = complete.stream().filter(d -> !Instant.parse(d.record().createdAt()).isAfter(backupAt))
        .max(Comparator.comparing(d -> Instant.parse(d.record().createdAt())))
        .orElseThrow(() -> new RestoreRefusedException(refused + "no complete database dump was taken at or before the Zeebe backup "
            + backup.backupId() + " of " + backupAt + " that the restore lands on: the database would be ahead of the point."
            + complete.stream().map(d -> Instant.parse(d.record().createdAt())).min(Comparator.naturalOrder())
                .map(oldest -> " The oldest dump completed at " + oldest + "; choose a point after the first backup that follows it.")
                .orElse(" There is no complete dump in " + dumps.describe(clusterName) + ": take a backup first.")));
    Instant dumpAt = Instant.parse(dump.record().createdAt());
    holding.values().stream().filter(range -> !range.covers(dumpAt)).findFirst().ifPresent(range -> problems.add(
        "the newest dump before the point (" + dump.file() + ", " + dumpAt + ") is older than the backup range of partition "
            + range.partitionId() + " that holds the point (from " + range.start().checkpointTimestamp() + "): no Zeebe backup joins it."
            + " Choose a point in a range that a dump precedes"));
    try {
      dumps.verify(clusterName, dump.backupId());
    } catch (DumpVerificationException e) {
      problems.add("the database dump " + dump.file() + " cannot be used: " + e.getMessage());
    }
    String target = cluster.restore().camundaVersion();
    String taken = detailed.details().stream().map(ZeebeBackupInfo.Partition::brokerVersion).filter(v -> v != null).findFirst().orElse(null);
    if (target == null) {
      problems.add("the target's Camunda version is not configured: set backup-orchestrator.clusters[" + clusterName
          + "].restore.camunda-version");
    } else if (taken != null && !DatabaseRestore.versionFits(taken, target)) {
      problems.add("Zeebe backup %d was taken with Camunda %s but the target runs %s: with RDBMS storage a backup restores only into"
          .formatted(backup.backupId(), taken, target) + " the same minor version or the next one (contract 3.2)");
    }
    if (!problems.isEmpty()) {
      throw new RestoreRefusedException(refused + String.join("; ", problems) + ".");
    }
    return new RestorePoint(point.toString(), backupAt.toString(), backup.backupId(), checkpointPositions, rangeStarts,
        dump.backupId(), dumpAt.toString());
  }

  /** The newest point every partition's newest range covers: where "latest" lands. */
  private Instant latest(String clusterName) {
    Map<Integer, List<BackupRuntimeState.Range>> ranges = clients.zeebe(clusterName).runtimeState().rangesByPartition();
    Integer configured = registry.get(clusterName).restore().partitionCount();
    if (ranges.isEmpty() || (configured != null && ranges.size() < configured)) {
      throw new RestoreRefusedException("Restore of cluster '" + clusterName + "' to its latest backup refused, nothing was changed: not"
          + " every partition reports a backup (GET /actuator/backupRuntime/state).");
    }
    return ranges.values().stream().map(own -> own.getLast().end().checkpointTimestamp()).min(Comparator.naturalOrder()).orElseThrow();
  }

  private static Instant parse(String pointInTime, String refused) {
    try {
      return Instant.parse(pointInTime.trim());
    } catch (DateTimeParseException | NullPointerException e) {
      throw new RestoreRefusedException(refused + "pointInTime must be an ISO-8601 instant in UTC, such as 2026-12-07T10:15:00Z.");
    }
  }

  /** Why {@code point} is in no range of the partition: in a gap, before the oldest or after the newest backup. */
  private static String outside(int partition, List<BackupRuntimeState.Range> own, Instant point) {
    if (own.isEmpty()) {
      return "partition " + partition + " has no backup at all";
    }
    for (int i = 1; i < own.size(); i++) {
      BackupRuntimeState.Checkpoint before = own.get(i - 1).end();
      BackupRuntimeState.Checkpoint after = own.get(i).start();
      if (point.isAfter(before.checkpointTimestamp()) && point.isBefore(after.checkpointTimestamp())) {
        return "the point falls in a GAP of partition %d: no point between %s and %s can be restored (backups %d and %d do not join:"
            .formatted(partition, before.checkpointTimestamp(), after.checkpointTimestamp(), before.checkpointId(), after.checkpointId())
            + " the log between them was not backed up)";
      }
    }
    if (point.isBefore(own.getFirst().start().checkpointTimestamp())) {
      return "the point is before the oldest backup of partition " + partition + " (" + own.getFirst().start().checkpointTimestamp()
          + "): the broker's retention has removed what came before";
    }
    return "the point is after the newest backup of partition " + partition + " (" + own.getLast().end().checkpointTimestamp()
        + "): nothing after it is backed up yet";
  }

  /** The window every partition's newest range covers, for the refusal. */
  private static String window(Map<Integer, List<BackupRuntimeState.Range>> ranges, TreeSet<Integer> partitions) {
    if (!ranges.keySet().containsAll(partitions)) {
      return "No point in time can be restored until every partition has a backup.";
    }
    Instant from = partitions.stream().map(p -> ranges.get(p).getLast().start().checkpointTimestamp()).max(Comparator.naturalOrder()).orElseThrow();
    Instant to = partitions.stream().map(p -> ranges.get(p).getLast().end().checkpointTimestamp()).min(Comparator.naturalOrder()).orElseThrow();
    return from.isAfter(to) ? "The partitions' newest backup ranges do not overlap: no point in time can be restored now."
        : "Restorable now: from " + from + " to " + to + " (GET /api/clusters/{name}/restorable-window tells which dumps precede it).";
  }
}
