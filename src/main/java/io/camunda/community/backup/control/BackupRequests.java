package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.ClusterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/** Starts backups and asks running ones to stop; the same entry for the HTTP API, the command line and tests. */
@Service
public class BackupRequests {

  public static final String BACKUP_PROCESS_ID = "backup";
  public static final String CANCELLATION_MESSAGE = "backup-cancellation-requested";

  private final CamundaClient client;
  private final ClusterRegistry registry;

  public BackupRequests(CamundaClient client, ClusterRegistry registry) {
    this.client = client;
    this.registry = registry;
  }

  /**
   * @return the process instance key
   * @throws io.camunda.community.backup.config.UnknownClusterException before anything starts
   */
  public long start(String clusterName, Long backupId, String note, String trigger) {
    registry.get(clusterName);
    Map<String, Object> variables = new HashMap<>();
    variables.put("clusterName", clusterName);
    variables.put("requestedBackupId", backupId);
    variables.put("note", note);
    variables.put("trigger", trigger);
    return client.newCreateInstanceCommand()
        .bpmnProcessId(BACKUP_PROCESS_ID)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  /** Asks the running backup of a cluster to resume exporting and stop (the model's cancellation path). */
  public void cancel(String clusterName) {
    registry.get(clusterName);
    client.newPublishMessageCommand()
        .messageName(CANCELLATION_MESSAGE)
        .correlationKey(clusterName)
        .timeToLive(java.time.Duration.ofSeconds(30))
        .send()
        .join();
  }
}
