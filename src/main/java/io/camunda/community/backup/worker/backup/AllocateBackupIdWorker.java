package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.service.BackupIdAllocator;
import io.camunda.community.backup.service.BackupInterval;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * With the cluster lock held: refuses a manual backup that comes sooner than {@code
 * min-backup-interval} after the last one, then allocates the shared backup ID.
 */
@Component
public class AllocateBackupIdWorker {

  private final BackupIdAllocator allocator;
  private final BackupInterval interval;
  private final Clock clock;

  public AllocateBackupIdWorker(BackupIdAllocator allocator, BackupInterval interval, Clock clock) {
    this.allocator = allocator;
    this.interval = interval;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-allocate-backup-id")
  public Map<String, Object> allocate(@Variable String clusterName, @Variable Long requestedBackupId, @Variable String trigger) {
    if (!"scheduled".equals(trigger)) {
      interval.check(clusterName);
    }
    long backupId = allocator.allocate(clusterName, requestedBackupId);
    return Map.of(
        "backupId", backupId,
        "startedAt", clock.instant().toString(),
        "zeebeRecordsSnapshot", BackupIdAllocator.recordsSnapshotName(backupId));
  }
}
