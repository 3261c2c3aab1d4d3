package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.SnapshotClient.RestoredSnapshot;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Restores one snapshot of the set (contract 4.2 step 5) and records the document count of every
 * index it restored. A restore fails when one of its indices exists, so indices left by a failed
 * earlier attempt at this same snapshot are removed first: they hold nothing but that attempt.
 */
@Component
public class RestoreSnapshotWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;

  public RestoreSnapshotWorker(TargetClients clients, ClusterRegistry registry) {
    this.clients = clients;
    this.registry = registry;
  }

  @JobWorker(type = "c8backup-restore-snapshot")
  public Map<String, Object> restore(@Variable String clusterName, @Variable String snapshotName) {
    try {
      return restoreOne(clusterName, snapshotName);
    } catch (BackupRejectedException e) {
      // Past the first destructive step every fault stops here as an incident, never as a BPMN error.
      throw new TargetUnavailableException("Restoring snapshot " + snapshotName + ": " + e.getMessage(), e);
    }
  }

  private Map<String, Object> restoreOne(String clusterName, String snapshotName) {
    SnapshotClient snapshots = clients.snapshots(clusterName);
    List<String> contained = snapshots.snapshotIndices(snapshotName);
    List<String> existing = snapshots.indices();
    contained.stream().filter(existing::contains).forEach(snapshots::deleteIndex);
    Duration wait = registry.get(clusterName).timeouts().webappsBackup();
    RestoredSnapshot restored = snapshots.restoreSnapshot(snapshotName, wait);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("snapshot", snapshotName);
    result.put("documents", snapshots.documentCounts(restored.indices()));
    return Map.of("restoredSnapshot", result);
  }
}
