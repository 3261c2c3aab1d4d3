package io.camunda.community.backup.worker.continuous;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The id of a continuous-backup cluster's next database dump: the time in milliseconds, as Zeebe
 * names its generated backups, and above every dump the directory holds. The dump and Zeebe's
 * backups are not one set: a restore to a point in time takes the newest dump before it.
 */
@Component
public class AllocateDumpIdWorker {

  private final DatabaseDumps dumps;
  private final Clock clock;

  public AllocateDumpIdWorker(DatabaseDumps dumps, Clock clock) {
    this.dumps = dumps;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-continuous-allocate-dump-id")
  public Map<String, Object> allocate(@Variable String clusterName) {
    long newest = dumps.list(clusterName).stream().mapToLong(StoredDump::backupId).max().orElse(0);
    return Map.of("backupId", Math.max(clock.millis(), newest + 1));
  }
}
