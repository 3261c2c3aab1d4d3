package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.service.BackupIdAllocator;
import io.camunda.community.backup.worker.BackupVariables;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Starts backups and asks running ones to stop; the one entry for the HTTP API, the command line and tests. */
@Service
public class BackupRequests {

  public static final String BACKUP_PROCESS_ID = RunKind.BACKUP.processId();
  public static final String CANCELLATION_MESSAGE = "backup-cancellation-requested";

  private final CamundaClient client;
  private final ClusterRegistry registry;
  private final Validator validator;
  private final BackupIdAllocator ids;

  public BackupRequests(CamundaClient client, ClusterRegistry registry, Validator validator, BackupIdAllocator ids) {
    this.client = client;
    this.registry = registry;
    this.validator = validator;
    this.ids = ids;
  }

  /**
   * Starts a backup for a caller inside the application (tests, automation); records no {@code requestedBy}.
   *
   * @return the process instance key
   * @throws io.camunda.community.backup.config.UnknownClusterException before anything starts
   * @throws InvalidRequestException before anything starts (invalid backup ID, note too long)
   */
  public long start(String clusterName, Long backupId, String note, String trigger) {
    return client.newCreateInstanceCommand()
        .bpmnProcessId(BACKUP_PROCESS_ID)
        .latestVersion()
        .variables(withRequestId(variables(clusterName, backupId, note, trigger, null), UUID.randomUUID().toString()))
        .send()
        .join()
        .getProcessInstanceKey();
  }

  /**
   * Starts a backup and answers at once with its key and status URL; whether it was refused
   * (cluster busy, too soon, ID not greater) shows in its status.
   *
   * @param requestedBy the caller's name (never a token), recorded as {@value BackupVariables#REQUESTED_BY}
   */
  public RunStarted request(String clusterName, Long backupId, String note, String trigger, String requestedBy) {
    return Runs.start(client, RunKind.BACKUP, variables(clusterName, backupId, note, trigger, requestedBy));
  }

  private Map<String, Object> variables(String clusterName, Long backupId, String note, String trigger, String requestedBy) {
    var cluster = registry.get(clusterName);
    if (cluster.drillTarget()) {
      throw new InvalidRequestException("clusterName", "'" + clusterName + "' is a drill target: drills of '"
          + cluster.drill().sourceCluster() + "' restore over it, so it is never backed up",
          "back up '" + cluster.drill().sourceCluster() + "' instead");
    }
    RequestBodies.check(validator, new RequestBodies.Backup(backupId, note));
    if (backupId != null) {
      // An ID near Long.MAX_VALUE would leave no greater ID for any later backup.
      ids.rejection(backupId).ifPresent(r -> {
        throw new InvalidRequestException("backupId", r.error(), r.fix());
      });
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(BackupVariables.CLUSTER_NAME, clusterName);
    variables.put("requestedBackupId", backupId);
    variables.put("note", note);
    variables.put("trigger", trigger);
    if (requestedBy != null) {
      variables.put(BackupVariables.REQUESTED_BY, requestedBy);
    }
    return variables;
  }

  private static Map<String, Object> withRequestId(Map<String, Object> variables, String requestId) {
    variables.put("requestId", requestId);
    return variables;
  }

  /**
   * Asks the backup of a cluster that is in its pause window right now to resume exporting and stop
   * (the model's cancellation path).
   *
   * <p>The message lives for no time at all (TTL 0): it reaches only a run whose cancellation
   * subscription is open at this moment, i.e. the run that holds the cluster's lock and is between
   * soft-pausing and its Zeebe backup; with no such run it is dropped. A buffered cancellation
   * would instead stop whichever backup of the cluster opened its pause window next, possibly one
   * started long after the operator gave up on the old one.
   *
   * @param requestedBy the caller's name; the message carries it into the backup as {@value BackupVariables#CANCELLED_BY}
   */
  public void cancel(String clusterName, String requestedBy) {
    registry.get(clusterName);
    client.newPublishMessageCommand()
        .messageName(CANCELLATION_MESSAGE)
        .correlationKey(clusterName)
        .timeToLive(Duration.ZERO)
        .variables(Map.of(BackupVariables.CANCELLED_BY, requestedBy))
        .send()
        .join();
  }

  /** Starting a run for a caller, shared by all run requests. */
  static final class Runs {

    private Runs() {}

    static RunStarted start(CamundaClient client, RunKind kind, Map<String, Object> variables) {
      // A process variable operators can search for in Operate.
      String requestId = UUID.randomUUID().toString();
      withRequestId(variables, requestId);
      long key = client.newCreateInstanceCommand()
          .bpmnProcessId(kind.processId())
          .latestVersion()
          .variables(variables)
          .send()
          .join()
          .getProcessInstanceKey();
      Object requestedBy = variables.get(BackupVariables.REQUESTED_BY);
      return RunStarted.of(requestId, key, kind, (String) variables.get(BackupVariables.CLUSTER_NAME),
          requestedBy == null ? null : requestedBy.toString());
    }
  }
}
