package io.camunda.community.backup.retention;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterProperties.RetentionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pure retention rules (no I/O): which backup sets of a cluster to keep and which to delete.
 *
 * <ul>
 *   <li>A set {@link SetState#IN_PROGRESS} is never touched.
 *   <li>The newest complete set is never deleted, whatever the policy says: it is the last restore
 *       point.
 *   <li>The newest {@code keepComplete} complete sets are kept, older complete sets deleted.
 *   <li>The newest {@code keepFailed} failed or partial sets are kept (for diagnosis), older ones
 *       deleted.
 *   <li>With {@code maxAge}, any set older than that is deleted (the two rules above aside); a set
 *       whose time is unknown is never deleted for its age.
 *   <li>With retention disabled nothing is deleted.
 * </ul>
 *
 * "Newest" is by backup ID: IDs only ever grow (Zeebe enforces it).
 */
public final class RetentionPlanner {

  private RetentionPlanner() {}

  /** A decision for every set, newest (highest ID) first. */
  public static List<RetentionDecision> plan(List<BackupSet> sets, RetentionProperties policy, Instant now) {
    List<BackupSet> newestFirst = sets.stream().sorted(Comparator.comparingLong(BackupSet::backupId).reversed()).toList();
    List<RetentionDecision> decisions = new ArrayList<>();
    Duration maxAge = policy.maxAge() != null && policy.maxAge().isPositive() ? policy.maxAge() : null;
    int complete = 0;
    int failed = 0;
    for (BackupSet set : newestFirst) {
      SetState state = set.state() == null ? SetState.PARTIAL : set.state();
      if (state == SetState.IN_PROGRESS) {
        decisions.add(keep(set, state, "in progress"));
        continue;
      }
      if (!policy.enabled()) {
        decisions.add(keep(set, state, "retention disabled"));
        continue;
      }
      if (state == SetState.COMPLETE) {
        complete++;
        if (complete == 1) {
          decisions.add(keep(set, state, "newest complete backup: always kept"));
          continue;
        }
        if (complete > policy.keepComplete()) {
          decisions.add(delete(set, state, "beyond the newest %d complete".formatted(policy.keepComplete())));
          continue;
        }
        String tooOld = tooOld(set, maxAge, now);
        decisions.add(tooOld != null
            ? delete(set, state, tooOld)
            : keep(set, state, "one of the newest %d complete".formatted(policy.keepComplete())));
        continue;
      }
      // FAILED or PARTIAL: never a restore point, kept a while for diagnosis
      failed++;
      if (failed > policy.keepFailed()) {
        decisions.add(delete(set, state, "beyond the newest %d failed or partial".formatted(policy.keepFailed())));
        continue;
      }
      String tooOld = tooOld(set, maxAge, now);
      decisions.add(tooOld != null
          ? delete(set, state, tooOld)
          : keep(set, state, "one of the newest %d failed or partial".formatted(policy.keepFailed())));
    }
    return decisions;
  }

  /** The reason to delete a set for its age, or null when it is young enough or its age unknown. */
  private static String tooOld(BackupSet set, Duration maxAge, Instant now) {
    if (maxAge == null || set.time() == null) {
      return null;
    }
    Duration age = Duration.between(set.time(), now);
    if (age.compareTo(maxAge) <= 0) {
      return null;
    }
    return "older than the maximum age of %s (taken %s, %s ago)".formatted(human(maxAge), set.time(), human(age));
  }

  private static RetentionDecision keep(BackupSet set, SetState state, String reason) {
    return new RetentionDecision(set.backupId(), state, false, reason);
  }

  private static RetentionDecision delete(BackupSet set, SetState state, String reason) {
    return new RetentionDecision(set.backupId(), state, true, reason);
  }

  /** "30 days", "2 days 4 hours", "36 minutes": coarse, for reading. */
  static String human(Duration duration) {
    long seconds = Math.max(0, duration.getSeconds());
    long days = seconds / 86_400;
    long hours = seconds % 86_400 / 3_600;
    long minutes = seconds % 3_600 / 60;
    if (days > 0) {
      return plural(days, "day") + (hours > 0 ? " " + plural(hours, "hour") : "");
    }
    if (hours > 0) {
      return plural(hours, "hour") + (minutes > 0 ? " " + plural(minutes, "minute") : "");
    }
    if (minutes > 0) {
      return plural(minutes, "minute");
    }
    return plural(seconds, "second");
  }

  private static String plural(long n, String unit) {
    return n + " " + unit + (n == 1 ? "" : "s");
  }
}
