package io.camunda.community.backup.worker.health;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** The age of a cluster's newest complete backup set against its {@code max-backup-age}. */
@Component
public class BackupFreshness {

  private final BackupCatalog catalog;
  private final ClusterRegistry registry;
  private final Clock clock;

  public BackupFreshness(BackupCatalog catalog, ClusterRegistry registry, Clock clock) {
    this.catalog = catalog;
    this.registry = registry;
    this.clock = clock;
  }

  public record Freshness(String clusterName, Long newestCompleteBackupId, Instant newestCompleteAt, Duration maxAge, boolean stale, String summary) {

    Map<String, Object> asVariables() {
      Map<String, Object> variables = new HashMap<>();
      variables.put("backupsStale", stale);
      variables.put("newestCompleteBackupId", newestCompleteBackupId);
      variables.put("newestCompleteBackupAt", newestCompleteAt == null ? null : newestCompleteAt.toString());
      variables.put("freshnessSummary", summary);
      return variables;
    }
  }

  public Freshness check(String clusterName) {
    Duration maxAge = registry.get(clusterName).maxBackupAge();
    Optional<BackupSet> newest = catalog.list(clusterName).stream()
        .filter(s -> s.state() == SetState.COMPLETE && s.time() != null)
        .findFirst();
    Instant now = clock.instant();
    if (newest.isEmpty()) {
      return new Freshness(clusterName, null, null, maxAge, true,
          "Cluster '%s' has no complete backup at all (max-backup-age %s).".formatted(clusterName, maxAge));
    }
    BackupSet set = newest.get();
    Duration age = Duration.between(set.time(), now);
    boolean stale = age.compareTo(maxAge) > 0;
    String summary = stale
        ? "The newest complete backup of cluster '%s' is %d, taken %s ago at %s: older than max-backup-age %s."
            .formatted(clusterName, set.backupId(), age.withNanos(0), set.time(), maxAge)
        : "The newest complete backup of cluster '%s' is %d, taken %s ago.".formatted(clusterName, set.backupId(), age.withNanos(0));
    return new Freshness(clusterName, set.backupId(), set.time(), maxAge, stale, summary);
  }
}
