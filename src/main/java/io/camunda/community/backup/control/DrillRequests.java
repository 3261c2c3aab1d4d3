package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.BackupVariables;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Starts restore drills into a drill target: on its cron ({@link ScheduleDeployer}), or on request. */
@Service
public class DrillRequests {

  private final CamundaClient client;
  private final ClusterRegistry registry;

  public DrillRequests(CamundaClient client, ClusterRegistry registry) {
    this.client = client;
    this.registry = registry;
  }

  /**
   * @param targetCluster the drill target (scratch cluster) the source's newest backup is restored into
   * @throws InvalidRequestException before anything starts when the cluster is no drill target
   */
  public RunStarted request(String targetCluster, String requestedBy) {
    if (!registry.get(targetCluster).drillTarget()) {
      throw new InvalidRequestException("clusterName", "'" + targetCluster + "' is not a drill target: a drill restores over the"
          + " cluster it runs on", "name a cluster configured with drill.source-cluster (a scratch installation), not the source");
    }
    Map<String, Object> variables = new HashMap<>(Map.of(BackupVariables.CLUSTER_NAME, targetCluster));
    if (requestedBy != null) {
      variables.put(BackupVariables.REQUESTED_BY, requestedBy);
    }
    return BackupRequests.Runs.start(client, RunKind.DRILL, variables);
  }
}
