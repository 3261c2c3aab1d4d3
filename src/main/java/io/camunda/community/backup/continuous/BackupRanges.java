package io.camunda.community.backup.continuous;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.camunda.community.backup.client.BackupRuntimeState;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * What a cluster with continuous backups can be restored to (Camunda 8.9, contract 1.2.5 and
 * 3.1 step 6): the broker's backup ranges per partition and the database dumps. Every partition
 * must have exactly one range (several are a gap: no point between two of them can be restored),
 * and the newest backup and the newest dump must be younger than {@code max-backup-age}. Fails
 * closed: a state that cannot be read confirms nothing.
 */
@Service
public class BackupRanges {

  private final ClusterRegistry registry;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final Clock clock;
  private final List<BackupRangesListener> listeners;

  public BackupRanges(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps, Clock clock,
      List<BackupRangesListener> listeners) {
    this.registry = registry;
    this.clients = clients;
    this.dumps = dumps;
    this.clock = clock;
    this.listeners = List.copyOf(listeners);
  }

  /** From when to when one partition can be restored. */
  public record Window(int partitionId, Instant from, Instant to, long fromBackupId, long toBackupId) {}

  /**
   * @param windows the restorable window of every partition that has one (its newest range)
   * @param gaps what cannot be restored: a partition without a backup, or the window between two
   *     of its ranges; empty when every partition is whole
   * @param stale why the backups are too old, or null
   * @param problem why the state could not be read, or null
   */
  /**
   * @param oldestRestorable the oldest point every partition has a backup range for (the broker's
   *     retention window starts there); null when a partition has none
   */
  /**
   * @param firstJoinedAt the first Zeebe backup, inside every partition's newest range, taken at or
   *     after the oldest dump that range covers: the first point a restore can land on (it restores
   *     to the newest backup at or before a point, from the newest dump before that backup); null
   *     when there is none
   */
  public record Findings(String clusterName, List<Window> windows, List<String> gaps, Instant newestBackupAt,
      Instant newestDumpAt, Duration maxAge, String stale, String problem, Instant oldestRestorable, Instant oldestDumpAt,
      Instant firstJoinedAt) {

    /**
     * The first point in time a restore can land on: every partition's newest range covers it and
     * a dump precedes a backup at or before it; null when none (a partition without a range, no
     * dump inside the ranges, no backup after it yet, or a state that could not be read).
     */
    @JsonProperty
    public Instant restorableFrom() {
      Instant to = restorableTo();
      if (to == null || firstJoinedAt == null) {
        return null;
      }
      return firstJoinedAt.isAfter(to) ? null : firstJoinedAt;
    }

    /** The last point in time every partition's newest range covers; null when none. */
    @JsonProperty
    public Instant restorableTo() {
      if (problem != null || oldestRestorable == null || windows.isEmpty()) {
        return null; // oldestRestorable is null when a partition has no range
      }
      return windows.stream().map(Window::to).min(Comparator.naturalOrder()).orElse(null);
    }

    @JsonProperty
    public boolean whole() {
      return problem == null && gaps.isEmpty() && stale == null;
    }

    @JsonProperty
    public String summary() {
      if (problem != null) {
        return problem;
      }
      List<String> parts = new ArrayList<>(gaps);
      if (stale != null) {
        parts.add(stale);
      }
      return parts.isEmpty()
          ? "Every partition of cluster '%s' can be restored from %s to %s; newest dump %s.".formatted(clusterName,
              windows.stream().map(Window::from).max(Comparator.naturalOrder()).orElse(null),
              windows.stream().map(Window::to).min(Comparator.naturalOrder()).orElse(null), newestDumpAt)
          : String.join(" ", parts);
    }
  }

  public Findings check(String clusterName) {
    Findings found = read(clusterName);
    listeners.forEach(listener -> listener.rangesChecked(found));
    return found;
  }

  /**
   * The first completed backup inside every partition's newest range taken at or after the oldest
   * complete dump those ranges cover; null when there is none.
   */
  private Instant firstJoined(String clusterName, Map<Integer, List<BackupRuntimeState.Range>> ranges, List<StoredDump> stored) {
    List<BackupRuntimeState.Range> newest = ranges.values().stream().map(List::getLast).toList();
    Optional<Instant> oldestDump = stored.stream().filter(dump -> dump.problem() == null)
        .map(dump -> Instant.parse(dump.record().createdAt())).filter(at -> newest.stream().allMatch(range -> range.covers(at)))
        .min(Comparator.naturalOrder());
    if (oldestDump.isEmpty()) {
      return null;
    }
    return clients.zeebe(clusterName).listBackups().stream().filter(backup -> "COMPLETED".equals(backup.state()) && backup.takenAt() != null
            && !backup.takenAt().isBefore(oldestDump.get())
            && newest.stream().allMatch(range -> backup.backupId() >= range.start().checkpointId()
                && backup.backupId() <= range.end().checkpointId()))
        .map(io.camunda.community.backup.client.ZeebeBackupInfo::takenAt).min(Comparator.naturalOrder()).orElse(null);
  }

  private Findings read(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    Duration maxAge = cluster.maxBackupAge();
    BackupRuntimeState state;
    try {
      state = clients.zeebe(clusterName).runtimeState();
    } catch (TargetUnavailableException | io.camunda.community.backup.client.BackupRejectedException e) {
      return new Findings(clusterName, List.of(), List.of(), null, null, maxAge, null, "The backup state of cluster '" + clusterName
          + "' could not be read: " + e.getMessage() + ". Until it can, no point in time can be confirmed restorable.", null, null,
          null);
    }
    // A dump directory that cannot be read confirms no dump: reported below as "no complete dump", an alarm either way.
    List<StoredDump> stored;
    String dumpsUnreadable = null;
    try {
      stored = dumps.listExisting(clusterName);
    } catch (TargetUnavailableException e) {
      stored = List.of();
      dumpsUnreadable = e.getMessage();
    }
    Map<Integer, List<BackupRuntimeState.Range>> ranges = state.rangesByPartition();
    TreeSet<Integer> partitions = new TreeSet<>(ranges.keySet());
    state.checkpointStates().forEach(checkpoint -> partitions.add(checkpoint.partitionId()));
    Integer expected = cluster.restore().partitionCount();
    if (expected != null) {
      for (int partition = 1; partition <= expected; partition++) {
        partitions.add(partition);
      }
    }
    List<Window> windows = new ArrayList<>();
    List<String> gaps = new ArrayList<>();
    Instant oldestRestorable = partitions.isEmpty() ? null : Instant.MIN;
    if (partitions.isEmpty()) {
      gaps.add("Cluster '" + clusterName + "' reports no backup of any partition: nothing can be restored. Check that continuous"
          + " backups and the backup scheduler are on (camunda.data.primary-storage.backup.continuous, .schedule).");
    }
    for (int partition : partitions) {
      List<BackupRuntimeState.Range> own = ranges.getOrDefault(partition, List.of());
      if (own.isEmpty()) {
        gaps.add("Partition " + partition + " of cluster '" + clusterName + "' has no backup: nothing of it can be restored.");
        oldestRestorable = null;
        continue;
      }
      Instant start = own.getFirst().start().checkpointTimestamp();
      if (oldestRestorable != null && start.isAfter(oldestRestorable)) {
        oldestRestorable = start;
      }
      for (int i = 1; i < own.size(); i++) {
        BackupRuntimeState.Checkpoint before = own.get(i - 1).end();
        BackupRuntimeState.Checkpoint after = own.get(i).start();
        gaps.add("GAP in partition %d of cluster '%s': no point between %s and %s can be restored (backups %d and %d do not join:"
            .formatted(partition, clusterName, before.checkpointTimestamp(), after.checkpointTimestamp(), before.checkpointId(),
                after.checkpointId())
            + " the log between them was not backed up). Points after " + after.checkpointTimestamp() + " are restorable.");
      }
      BackupRuntimeState.Range newest = own.getLast();
      windows.add(new Window(partition, newest.start().checkpointTimestamp(), newest.end().checkpointTimestamp(),
          newest.start().checkpointId(), newest.end().checkpointId()));
    }
    Instant now = clock.instant();
    Instant newestBackup = windows.size() < partitions.size() ? null
        : windows.stream().map(Window::to).min(Comparator.naturalOrder()).orElse(null);
    Optional<StoredDump> newestDump = stored.stream().filter(dump -> dump.problem() == null).findFirst();
    Instant newestDumpAt = newestDump.map(dump -> Instant.parse(dump.record().createdAt())).orElse(null);
    Instant oldestDumpAt = stored.stream().filter(dump -> dump.problem() == null).map(dump -> Instant.parse(dump.record().createdAt()))
        .min(Comparator.naturalOrder()).orElse(null);
    List<String> stale = new ArrayList<>();
    if (newestBackup != null && Duration.between(newestBackup, now).compareTo(maxAge) > 0) {
      stale.add("The newest backup of every partition of cluster '%s' is from %s, older than max-backup-age %s: check the broker's"
          .formatted(clusterName, newestBackup, maxAge) + " backup scheduler (camunda.data.primary-storage.backup.schedule).");
    }
    if (newestDumpAt == null) {
      stale.add("Cluster '" + clusterName + "' has no complete database dump in " + dumps.describe(clusterName)
          + (dumpsUnreadable == null ? "" : " (" + dumpsUnreadable + ")") + ": no point in time can be restored without one."
          + " Take a backup.");
    } else if (Duration.between(newestDumpAt, now).compareTo(maxAge) > 0) {
      stale.add("The newest database dump of cluster '%s' is from %s, older than max-backup-age %s. Take a backup."
          .formatted(clusterName, newestDumpAt, maxAge));
    }
    Instant firstJoinedAt;
    try {
      firstJoinedAt = windows.size() < partitions.size() ? null : firstJoined(clusterName, ranges, stored);
    } catch (TargetUnavailableException | io.camunda.community.backup.client.BackupRejectedException e) {
      return new Findings(clusterName, windows, gaps, newestBackup, newestDumpAt, maxAge, null, "The backups of cluster '" + clusterName
          + "' could not be listed: " + e.getMessage() + ". Until they can, no point in time can be confirmed restorable.",
          oldestRestorable, oldestDumpAt, null);
    }
    return new Findings(clusterName, windows, gaps, newestBackup, newestDumpAt, maxAge,
        stale.isEmpty() ? null : String.join(" ", stale), null, oldestRestorable, oldestDumpAt, firstJoinedAt);
  }
}
