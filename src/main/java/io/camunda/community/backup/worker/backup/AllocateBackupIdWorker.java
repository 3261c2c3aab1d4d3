package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.service.BackupIdAllocator;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * First step: resolves the cluster by name, allocates the shared backup ID and hands the model the
 * cluster's timings (poll interval, deadlines, watchdog) so every wait is drawn with configured
 * values. Nothing secret leaves: URLs and credentials stay in the worker application.
 */
@Component
public class AllocateBackupIdWorker {

  private final ClusterRegistry registry;
  private final BackupIdAllocator allocator;
  private final Clock clock;

  public AllocateBackupIdWorker(ClusterRegistry registry, BackupIdAllocator allocator, Clock clock) {
    this.registry = registry;
    this.allocator = allocator;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-allocate-backup-id")
  public Map<String, Object> allocate(@Variable String clusterName, @Variable Long requestedBackupId) {
    ClusterProperties cluster = registry.get(clusterName);
    long backupId = allocator.allocate(clusterName, requestedBackupId);
    Map<String, Object> variables = new HashMap<>();
    variables.put("backupId", backupId);
    variables.put("startedAt", clock.instant().toString());
    variables.put("optimizeEnabled", cluster.optimizeEnabled());
    variables.put("zeebeRecordsSnapshot", BackupIdAllocator.recordsSnapshotName(backupId));
    variables.put("pollInterval", cluster.pollInterval().toString());
    variables.put("maxExportingPause", cluster.maxExportingPause().toString());
    variables.put("webappsBackupTimeout", cluster.timeouts().webappsBackup().toString());
    variables.put("optimizeBackupTimeout", cluster.timeouts().optimizeBackup().toString());
    variables.put("recordsSnapshotTimeout", cluster.timeouts().recordsSnapshot().toString());
    variables.put("zeebeBackupTimeout", cluster.timeouts().zeebeBackup().toString());
    return variables;
  }
}
