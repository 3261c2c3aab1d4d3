package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.restore.CamundaIndices;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The first destructive step (contract 4.2 step 4): deletes every Camunda index, so the snapshots
 * can be restored. Deletes what exists now, so a repeat deletes only what is left.
 */
@Component
public class DeleteCamundaIndicesWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;

  public DeleteCamundaIndicesWorker(TargetClients clients, ClusterRegistry registry) {
    this.clients = clients;
    this.registry = registry;
  }

  @JobWorker(type = "c8backup-restore-delete-indices")
  public Map<String, Object> delete(@Variable String clusterName) {
    SnapshotClient snapshots = clients.snapshots(clusterName);
    List<String> indices = CamundaIndices.select(snapshots.indices(), registry.get(clusterName).secondaryStorage().zeebeRecordsIndexPrefix());
    indices.forEach(snapshots::deleteIndex);
    return Map.of("deletedIndices", indices);
  }
}
