package io.camunda.community.backup.worker.records;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Starts the snapshot of the exported Zeebe records (contract 2.1 step 6). It does not hold the job
 * while Elasticsearch/OpenSearch works: the model's wait loop confirms SUCCESS (step 7), so a long
 * snapshot neither blocks a worker thread nor outlives the job timeout.
 */
@Component
public class TakeRecordsSnapshotWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final Clock clock;

  public TakeRecordsSnapshotWorker(TargetClients clients, ClusterRegistry registry, Clock clock) {
    this.clients = clients;
    this.registry = registry;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-records-take-snapshot")
  public Map<String, Object> take(@Variable String clusterName, @Variable String zeebeRecordsSnapshot) {
    String indices = registry.get(clusterName).secondaryStorage().zeebeRecordsIndexPrefix() + "*";
    try {
      clients.snapshots(clusterName).startSnapshot(zeebeRecordsSnapshot, indices);
    } catch (BackupRejectedException e) {
      // The name carries this backup's unused ID: an existing one is our own earlier attempt.
      if (e.reason() != Reason.ALREADY_EXISTS) {
        throw e;
      }
    }
    return Map.of("recordsSnapshotStartedAt", clock.instant().toString());
  }
}
