package io.camunda.community.backup.worker.health;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import io.camunda.community.backup.continuous.BackupRanges;
import org.springframework.stereotype.Component;

/**
 * The age of a cluster's newest complete backup set against its {@code max-backup-age}, and
 * whether the catalog could be read completely: a component listing that cannot be read hides
 * the complete sets (none can be confirmed), and retention deletes nothing until it is repaired,
 * so that is reported as well, with what to check.
 */
@Component
public class BackupFreshness {

  private final BackupCatalog catalog;
  private final ClusterRegistry registry;
  private final BackupRanges ranges;
  private final Clock clock;

  public BackupFreshness(BackupCatalog catalog, ClusterRegistry registry, BackupRanges ranges, Clock clock) {
    this.catalog = catalog;
    this.registry = registry;
    this.ranges = ranges;
    this.clock = clock;
  }

  /**
   * @param stale no complete set newer than {@code maxAge} could be confirmed
   * @param catalogProblem which component listings could not be read and what to check; null when
   *     the catalog was read completely
   * @param gaps continuous backups: what of the cluster cannot be restored (a partition without a
   *     backup, a gap between two ranges); null when nothing
   */
  public record Freshness(
      String clusterName, Long newestCompleteBackupId, Instant newestCompleteAt, Duration maxAge, boolean stale, String summary,
      String catalogProblem, String gaps) {

    public Freshness(String clusterName, Long newestCompleteBackupId, Instant newestCompleteAt, Duration maxAge, boolean stale,
        String summary, String catalogProblem) {
      this(clusterName, newestCompleteBackupId, newestCompleteAt, maxAge, stale, summary, catalogProblem, null);
    }

    Map<String, Object> asVariables() {
      Map<String, Object> variables = new HashMap<>();
      // an incomplete catalog cannot confirm a fresh backup, nor can ranges with a gap: the alarm path reports them
      variables.put("backupsStale", stale || catalogProblem != null || gaps != null);
      variables.put("backupGaps", gaps);
      variables.put("catalogIncomplete", catalogProblem != null);
      variables.put("catalogProblem", catalogProblem);
      variables.put("newestCompleteBackupId", newestCompleteBackupId);
      variables.put("newestCompleteBackupAt", newestCompleteAt == null ? null : newestCompleteAt.toString());
      variables.put("freshnessSummary", summary);
      return variables;
    }
  }

  public Freshness check(String clusterName) {
    if (registry.get(clusterName).continuous()) {
      return continuous(ranges.check(clusterName));
    }
    Duration maxAge = registry.get(clusterName).maxBackupAge();
    CatalogRead read = catalog.read(clusterName);
    String problem = read.complete() ? null : read.problem()
        + " Until every listing can be read, no backup can be confirmed complete, restores are refused and retention deletes nothing."
        + " Check that the snapshot repository is registered (GET _snapshot/<repository>), that the dump directory is mounted,"
        + " and that the components' management APIs answer; then resolve this incident.";
    Optional<BackupSet> newest = read.sets().stream()
        .filter(s -> s.state() == SetState.COMPLETE && s.time() != null)
        .findFirst();
    Instant now = clock.instant();
    if (newest.isEmpty()) {
      return new Freshness(clusterName, null, null, maxAge, true,
          "Cluster '%s' has no complete backup at all (max-backup-age %s).".formatted(clusterName, maxAge), problem);
    }
    BackupSet set = newest.get();
    Duration age = Duration.between(set.time(), now);
    boolean stale = age.compareTo(maxAge) > 0;
    String summary = stale
        ? "The newest complete backup of cluster '%s' is %d, taken %s ago at %s: older than max-backup-age %s."
            .formatted(clusterName, set.backupId(), age.withNanos(0), set.time(), maxAge)
        : "The newest complete backup of cluster '%s' is %d, taken %s ago.".formatted(clusterName, set.backupId(), age.withNanos(0));
    return new Freshness(clusterName, set.backupId(), set.time(), maxAge, stale, summary, problem);
  }

  /**
   * Continuous backups: no complete sets of one id, but ranges per partition and dumps. The
   * newest backup is the newest point every partition can be restored to.
   */
  private static Freshness continuous(BackupRanges.Findings found) {
    String problem = found.problem();
    String gaps = found.gaps().isEmpty() ? null : String.join(" ", found.gaps())
        + " Check the broker's continuous backups and scheduler; a gap stays until the backups of the window before it are"
        + " deleted by retention. Resolve this incident to acknowledge.";
    return new Freshness(found.clusterName(), null, found.newestBackupAt(), found.maxAge(), found.stale() != null,
        found.stale() != null ? found.stale() : found.summary(), problem, gaps);
  }
}
