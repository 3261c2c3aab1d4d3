package io.camunda.community.backup.continuous;

import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.retention.RetentionDecision;
import io.camunda.community.backup.retention.RetentionPlan;
import io.camunda.community.backup.retention.RetentionPlanner;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Retention of a continuous-backup cluster's database dumps, aligned with the broker's own
 * retention window: a point in time is restored from the newest dump before it, replayed with
 * Zeebe's backups from there, so a dump is useful while a backup range of every partition reaches
 * back to it. Kept: every dump from the oldest point all partitions can be restored from
 * ({@link BackupRanges.Findings#oldestRestorable()}) on, the newest dump before that point (the
 * one a restore to the window's first points needs), and always the newest dump. Deleted: the
 * older ones, which no backup range reaches. Zeebe's backups are the broker's to delete.
 *
 * <p>Fails closed: a state that cannot be read, a partition without a range, a dump directory that
 * cannot be listed, or an incomplete dump among the candidates refuses the run, deleting nothing.
 */
@Service
public class DumpRetention {

  private final BackupRanges ranges;
  private final DatabaseDumps dumps;

  public DumpRetention(BackupRanges ranges, DatabaseDumps dumps) {
    this.ranges = ranges;
    this.dumps = dumps;
  }

  /** @param maxDeletions {@code retention.max-deletions-per-run}: the oldest go, the newer are deferred */
  public RetentionPlan plan(String clusterName, int maxDeletions) {
    BackupRanges.Findings found = ranges.check(clusterName);
    if (found.problem() != null) {
      return refused(found.problem());
    }
    if (found.oldestRestorable() == null) {
      return refused("Cluster '" + clusterName + "' has a partition without any backup range, so no dump can be aligned with the"
          + " broker's retention window. " + String.join(" ", found.gaps()));
    }
    List<StoredDump> newestFirst;
    try {
      newestFirst = dumps.listExisting(clusterName);
    } catch (TargetUnavailableException e) {
      return refused("The dumps of cluster '" + clusterName + "' cannot be listed: " + e.getMessage());
    }
    Instant window = found.oldestRestorable();
    List<RetentionDecision> decisions = new ArrayList<>();
    boolean newestBeforeWindowKept = false;
    for (int i = 0; i < newestFirst.size(); i++) {
      StoredDump dump = newestFirst.get(i);
      if (dump.problem() != null) {
        return refused("Dump " + dump.backupId() + " of cluster '" + clusterName + "' is not whole (" + dump.problem() + "): its"
            + " time is unknown, so no dump is deleted until it is repaired or removed by hand.");
      }
      Instant taken = Instant.parse(dump.record().createdAt());
      if (i == 0) {
        decisions.add(new RetentionDecision(dump.backupId(), SetState.COMPLETE, false, "kept: the newest dump"));
      } else if (!taken.isBefore(window)) {
        decisions.add(new RetentionDecision(dump.backupId(), SetState.COMPLETE, false,
            "kept: taken " + taken + ", inside the broker's window (from " + window + ")"));
      } else if (!newestBeforeWindowKept) {
        newestBeforeWindowKept = true;
        decisions.add(new RetentionDecision(dump.backupId(), SetState.COMPLETE, false,
            "kept: the newest dump before the broker's window (from " + window + "), which a restore to its first points starts from"));
      } else {
        decisions.add(new RetentionDecision(dump.backupId(), SetState.COMPLETE, true,
            "deleted: taken " + taken + ", before the broker's window (from " + window + ") and a newer dump before it; no backup"
                + " range reaches it"));
      }
      if (i == 0 && taken.isBefore(window)) {
        newestBeforeWindowKept = true; // the newest dump is also the newest before the window
      }
    }
    return RetentionPlanner.capped(decisions, maxDeletions);
  }

  private static RetentionPlan refused(String why) {
    return new RetentionPlan(List.of(), "Retention refused, nothing was deleted: " + why, Map.of(), 0);
  }
}
