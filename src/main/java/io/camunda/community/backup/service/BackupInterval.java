package io.camunda.community.backup.service;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The minimum interval between manual backups of one cluster (Camunda SaaS rate-limits manual
 * backups the same way). Complete and running sets count; a failed one does not, so a failure can
 * be retried at once.
 */
@Service
public class BackupInterval {

  private final BackupCatalog catalog;
  private final ClusterRegistry registry;
  private final Clock clock;

  public BackupInterval(BackupCatalog catalog, ClusterRegistry registry, Clock clock) {
    this.catalog = catalog;
    this.registry = registry;
    this.clock = clock;
  }

  /** @throws BackupStepFailedException {@code BACKUP_TOO_SOON} naming when the next backup may start */
  public void check(String clusterName) {
    Duration minimum = registry.get(clusterName).minBackupInterval();
    if (minimum.isZero() || minimum.isNegative()) {
      return;
    }
    Optional<BackupSet> last = catalog.list(clusterName).stream()
        .filter(s -> (s.state() == SetState.COMPLETE || s.state() == SetState.IN_PROGRESS) && s.time() != null)
        .findFirst();
    if (last.isEmpty()) {
      return;
    }
    Instant next = last.get().time().plus(minimum);
    if (clock.instant().isBefore(next)) {
      throw new BackupStepFailedException("BACKUP_TOO_SOON",
          "The last backup of cluster '%s' (%d) started at %s; manual backups of this cluster are at least %s apart (min-backup-interval). The next one can start at %s."
              .formatted(clusterName, last.get().backupId(), last.get().time(), minimum, next));
    }
  }
}
