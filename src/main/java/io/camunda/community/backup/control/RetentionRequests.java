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

  public static final String RETENTION_PROCESS_ID = "retention";

  private final CamundaClient client;
  private final ClusterRegistry registry;

  public RetentionRequests(CamundaClient client, ClusterRegistry registry) {
    this.client = client;
    this.registry = registry;
  }

  /**
   * Starts a retention run and waits up to {@code wait} for its {@code retentionResult}.
   *
   * @param requestedBy the caller's name (never a token), recorded as {@value BackupVariables#REQUESTED_BY}
   */
  public RunOutcome request(String clusterName, boolean dryRun, String trigger, String requestedBy, java.time.Duration wait) {
    registry.get(clusterName);
    Map<String, Object> variables = new HashMap<>(Map.of("clusterName", clusterName, "dryRun", dryRun, "trigger", trigger));
    if (requestedBy != null) {
      variables.put(BackupVariables.REQUESTED_BY, requestedBy);
    }
    return BackupRequests.Runs.startAndWait(client, RETENTION_PROCESS_ID, variables, "retentionResult", wait);
  }

  public long start(String clusterName, boolean dryRun, String trigger) {
    registry.get(clusterName);
    return client.newCreateInstanceCommand()
        .bpmnProcessId(RETENTION_PROCESS_ID)
        .latestVersion()
        .variables(Map.of("clusterName", clusterName, "dryRun", dryRun, "trigger", trigger))
        .send()
        .join()
        .getProcessInstanceKey();
  }
}
