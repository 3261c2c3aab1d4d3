package io.camunda.community.backup.retention;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterProperties.RetentionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Pure retention rules (no I/O): which backup sets of a cluster to keep and which to delete.
 *
 * <ul>
 *   <li>A catalog that could not be read completely (a component listing UNAVAILABLE) deletes
 *       nothing at all: the run is refused with the reason. An unreadable listing makes complete
 *       sets look partial; deleting on that view would delete the restore points.
 *   <li>A set is deleted only when at least {@code keepComplete} complete sets newer than it
 *       remain: so the newest complete set is never deleted, and no rule (counts, age) ever leaves
 *       fewer than {@code keepComplete} restore points newer than what it deletes. This guards a
 *       set whose Zeebe part is COMPLETED too: it is never deleted while that would leave fewer.
 *   <li>A set {@link SetState#IN_PROGRESS} or {@link SetState#UNKNOWN} is never touched.
 *   <li>The newest {@code keepComplete} complete sets are kept, older complete sets deleted.
 *       With {@code keepCompleteScheduled} or {@code keepCompleteManual}, complete sets are counted
 *       per trigger (from their manifests), each against its own count ({@code keepComplete} for a
 *       trigger without one), so a burst of manual backups never pushes out the scheduled ones; a
 *       complete set whose trigger is unknown (no manifest) is never deleted by these counts.
 *   <li>The newest {@code keepFailed} failed or partial sets are kept (for diagnosis), older ones
 *       deleted.
 *   <li>With {@code maxAge}, any set older than that is deleted (the rules above aside); a set
 *       whose time is unknown is never deleted for its age.
 *   <li>At most {@code maxDeletionsPerRun} sets are deleted per run: the oldest of those the rules
 *       condemn; the newer ones are kept, marked deferred, and the next run deletes them.
 *   <li>With retention disabled nothing is deleted.
 * </ul>
 *
 * "Newest" is by backup ID: IDs only ever grow (Zeebe enforces it).
 */
public final class RetentionPlanner {

  static final String DEFERRED = "deferred to the next run: at most %d deletions per run (retention.max-deletions-per-run)";

  private RetentionPlanner() {}

  /**
   * The plan for one read of the catalog: refused, deleting nothing, when any component listing
   * could not be read.
   */
  public static RetentionPlan plan(CatalogRead catalog, RetentionProperties policy, Instant now) {
    if (!catalog.complete()) {
      List<RetentionDecision> keepAll = newestFirst(catalog.sets()).stream()
          .map(set -> keep(set, state(set), "not deleted: the catalog could not be read completely"))
          .toList();
      String refusal = "Retention refused, nothing was deleted: " + catalog.problem()
          + " Retention deletes nothing until every listing can be read; check the components named and the snapshot"
          + " repository or dump directory, then run retention again.";
      return new RetentionPlan(keepAll, refusal, catalog.unavailable(), 0);
    }
    return applicable(plan(catalog.sets(), policy, now));
  }

  /** A plan of already capped decisions, newest first, that may be applied; counts the deferred ones. */
  private static RetentionPlan applicable(List<RetentionDecision> decisions) {
    int deferred = (int) decisions.stream().filter(d -> !d.delete() && d.reason().startsWith("deferred")).count();
    return new RetentionPlan(decisions, null, Map.of(), deferred);
  }

  /**
   * A plan of decisions made elsewhere (a continuous-backup cluster's dumps, newest first), capped
   * at {@code max} deletions as every plan is: the oldest go, the newer ones are deferred.
   */
  public static RetentionPlan capped(List<RetentionDecision> newestFirst, int max) {
    return applicable(cap(newestFirst, max));
  }

  /** A decision for every set, newest (highest ID) first. */
  public static List<RetentionDecision> plan(List<BackupSet> sets, RetentionProperties policy, Instant now) {
    List<BackupSet> newestFirst = newestFirst(sets);
    List<RetentionDecision> decisions = new ArrayList<>();
    Duration maxAge = policy.maxAge() != null && policy.maxAge().isPositive() ? policy.maxAge() : null;
    int keepComplete = policy.keepComplete();
    // the guard counts at least the newest complete set, whatever keep-complete says
    int guard = Math.max(1, keepComplete);
    // complete sets newer than the one at hand that stay: deleting it must leave keepComplete of them
    int completeKeptNewer = 0;
    Map<String, Integer> completeNewerByTrigger = new java.util.HashMap<>();
    int failed = 0;
    for (BackupSet set : newestFirst) {
      SetState state = state(set);
      if (state == SetState.IN_PROGRESS) {
        decisions.add(keep(set, state, "in progress"));
        continue;
      }
      if (state == SetState.UNKNOWN) {
        decisions.add(keep(set, state, "state unknown: a component listing could not be read"));
        continue;
      }
      if (!policy.enabled()) {
        decisions.add(keep(set, state, "retention disabled"));
        continue;
      }
      if (state == SetState.COMPLETE && policy.keepsByTrigger()) {
        String trigger = set.trigger() == null ? BackupSet.TRIGGER_UNKNOWN : set.trigger();
        int keep = policy.keepComplete(trigger);
        int newer = completeNewerByTrigger.merge(trigger, 1, Integer::sum) - 1;
        if (completeKeptNewer == 0) {
          decisions.add(keep(set, state, "newest complete backup: always kept"));
          completeKeptNewer++;
        } else if (BackupSet.TRIGGER_UNKNOWN.equals(trigger)) {
          decisions.add(keep(set, state, "complete, started how is unknown (no manifest says): never deleted when manual and"
              + " scheduled backups are kept apart"));
          completeKeptNewer++;
        } else if (newer < keep) {
          decisions.add(keep(set, state, "one of the newest %d complete %s".formatted(keep, trigger)));
          completeKeptNewer++;
        } else {
          decisions.add(delete(set, state, "beyond the newest %d complete %s".formatted(keep, trigger)));
        }
        continue;
      }
      if (state == SetState.COMPLETE) {
        if (completeKeptNewer == 0) {
          decisions.add(keep(set, state, "newest complete backup: always kept"));
          completeKeptNewer++;
        } else if (completeKeptNewer < keepComplete) {
          String tooOld = tooOld(set, maxAge, now);
          decisions.add(keep(set, state, tooOld == null
              ? "one of the newest %d complete".formatted(keepComplete)
              : "one of the newest %d complete: kept although %s".formatted(keepComplete, tooOld)));
          completeKeptNewer++;
        } else {
          decisions.add(delete(set, state, "beyond the newest %d complete".formatted(keepComplete)));
        }
        continue;
      }
      // FAILED or PARTIAL: never a restore point, kept a while for diagnosis
      failed++;
      String why = failed > policy.keepFailed()
          ? "beyond the newest %d failed or partial".formatted(policy.keepFailed())
          : tooOld(set, maxAge, now);
      if (why == null) {
        decisions.add(keep(set, state, "one of the newest %d failed or partial".formatted(policy.keepFailed())));
      } else if (completeKeptNewer < guard) {
        decisions.add(keep(set, state, "%s, but kept: only %d complete %s newer and keep-complete is %d%s".formatted(
            why, completeKeptNewer, completeKeptNewer == 1 ? "set is" : "sets are", guard, zeebeCompleted(set)
                ? " (its Zeebe part is COMPLETED)" : "")));
      } else {
        decisions.add(delete(set, state, why));
      }
    }
    return cap(decisions, policy.maxDeletionsPerRun());
  }

  /** At most {@code max} deletions: the oldest ones; the newer ones are kept for the next run. */
  private static List<RetentionDecision> cap(List<RetentionDecision> newestFirst, int max) {
    long deletions = newestFirst.stream().filter(RetentionDecision::delete).count();
    if (deletions <= max) {
      return newestFirst;
    }
    long toDefer = deletions - max;
    List<RetentionDecision> capped = new ArrayList<>();
    for (RetentionDecision decision : newestFirst) {
      if (decision.delete() && toDefer > 0) {
        capped.add(new RetentionDecision(decision.backupId(), decision.state(), false,
            DEFERRED.formatted(max) + " (" + decision.reason() + ")"));
        toDefer--;
      } else {
        capped.add(decision);
      }
    }
    return capped;
  }

  private static boolean zeebeCompleted(BackupSet set) {
    return "COMPLETED".equals(set.component(BackupSet.ZEEBE).state());
  }

  private static List<BackupSet> newestFirst(List<BackupSet> sets) {
    return sets.stream().sorted(Comparator.comparingLong(BackupSet::backupId).reversed()).toList();
  }

  private static SetState state(BackupSet set) {
    return set.state() == null ? SetState.PARTIAL : set.state();
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
