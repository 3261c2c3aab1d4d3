package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.BackupVariables;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Starts retention runs: after backups, from housekeeping, the command line and the HTTP API. */
@Service
public class RetentionRequests {

  public static final String RETENTION_PROCESS_ID = RunKind.RETENTION.processId();

  private final CamundaClient client;
  private final ClusterRegistry registry;

  public RetentionRequests(CamundaClient client, ClusterRegistry registry) {
    this.client = client;
    this.registry = registry;
  }

  /**
   * Starts a retention run and answers at once; its {@code retentionResult} shows in its status.
   *
   * @param requestedBy the caller's name (never a token), recorded as {@value BackupVariables#REQUESTED_BY}
   */
  public RunStarted request(String clusterName, boolean dryRun, String trigger, String requestedBy) {
    var cluster = registry.get(clusterName);
    if (cluster.drillTarget()) {
      throw new InvalidRequestException("clusterName", "'" + clusterName + "' is a drill target: the sets it sees are those of '"
          + cluster.drill().sourceCluster() + "'", "apply retention to '" + cluster.drill().sourceCluster() + "' instead");
    }
    Map<String, Object> variables = new HashMap<>(Map.of(BackupVariables.CLUSTER_NAME, clusterName, "dryRun", dryRun, "trigger", trigger));
    if (requestedBy != null) {
      variables.put(BackupVariables.REQUESTED_BY, requestedBy);
    }
    return BackupRequests.Runs.start(client, RunKind.RETENTION, variables);
  }

  public long start(String clusterName, boolean dryRun, String trigger) {
    registry.get(clusterName);
    return client.newCreateInstanceCommand()
        .bpmnProcessId(RETENTION_PROCESS_ID)
        .latestVersion()
        .variables(Map.of(BackupVariables.CLUSTER_NAME, clusterName, "dryRun", dryRun, "trigger", trigger))
        .send()
        .join()
        .getProcessInstanceKey();
  }
}
