package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.IndexPrefixes;
import io.camunda.community.backup.restore.CamundaIndices;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The first destructive step (contract 4.2 step 4): deletes exactly the indices of the approved
 * plan ({@code restorePlan.indicesToDelete}, as listed when it was approved), so the snapshots can
 * be restored. Never a pattern evaluated now: an index created after the approval stays. A name in
 * the plan that is not a Camunda index stops the step before anything is deleted. Deleting an
 * index that is already gone is fine, so a repeat deletes only what is left.
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
  public Map<String, Object> delete(@Variable String clusterName, @Variable Map<String, Object> restorePlan) {
    List<String> indices = approvedIndices(restorePlan);
    IndexPrefixes prefixes = registry.get(clusterName).secondaryStorage().indexPrefixes();
    boolean withOptimize = Boolean.TRUE.equals(restorePlan.get("optimizeRestored"));
    List<String> notCamunda = indices.stream().filter(i -> !CamundaIndices.isCamunda(i, prefixes, withOptimize)).toList();
    if (!notCamunda.isEmpty()) {
      throw new IllegalStateException("The approved plan lists indices that are not Camunda's: " + notCamunda
          + ". Nothing was deleted. Start a new restore so that a new plan is made and approved.");
    }
    clients.snapshots(clusterName).deleteIndices(indices);
    return Map.of("deletedIndices", indices);
  }

  private static List<String> approvedIndices(Map<String, Object> restorePlan) {
    if (restorePlan == null || !(restorePlan.get("indicesToDelete") instanceof List<?> listed)) {
      throw new IllegalStateException("The restore plan has no list 'indicesToDelete'; nothing was deleted. Start a new restore.");
    }
    List<String> indices = new ArrayList<>();
    listed.forEach(i -> indices.add(String.valueOf(i)));
    return List.copyOf(indices);
  }
}
