package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.ClusterRegistry;
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

  /** Starts a retention run and waits up to {@code wait} for its {@code retentionResult}. */
  public RunOutcome request(String clusterName, boolean dryRun, String trigger, java.time.Duration wait) {
    registry.get(clusterName);
    return BackupRequests.Runs.startAndWait(client, RETENTION_PROCESS_ID,
        new java.util.HashMap<>(Map.of("clusterName", clusterName, "dryRun", dryRun, "trigger", trigger)),
        "retentionResult", wait);
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
