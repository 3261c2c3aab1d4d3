package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.service.BackupIdAllocator;
import io.camunda.community.backup.worker.BackupVariables;
import io.grpc.Status;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/** Starts backups and asks running ones to stop; the one entry for the HTTP API, the command line and tests. */
@Service
public class BackupRequests {

  public static final String BACKUP_PROCESS_ID = "backup";
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
   * Starts a backup and waits up to {@code decisionWait} for it to end: long enough to learn that it
   * was refused (cluster busy, too soon, ID not greater), short enough not to hold the caller for a
   * whole backup.
   *
   * @param requestedBy the caller's name (never a token), recorded as {@value BackupVariables#REQUESTED_BY}
   */
  public RunOutcome request(String clusterName, Long backupId, String note, String trigger, String requestedBy, Duration decisionWait) {
    return Runs.startAndWait(client, BACKUP_PROCESS_ID, variables(clusterName, backupId, note, trigger, requestedBy), "backupResult", decisionWait);
  }

  private Map<String, Object> variables(String clusterName, Long backupId, String note, String trigger, String requestedBy) {
    registry.get(clusterName);
    RequestBodies.check(validator, new RequestBodies.Backup(backupId, note));
    if (backupId != null) {
      // An ID near Long.MAX_VALUE would leave no greater ID for any later backup.
      ids.rejection(backupId).ifPresent(r -> {
        throw new InvalidRequestException("backupId", r.error(), r.fix());
      });
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("clusterName", clusterName);
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

  /** Starting a process and waiting a bounded time for its result, shared by all run requests. */
  static final class Runs {

    private Runs() {}

    @SuppressWarnings("unchecked")
    static RunOutcome startAndWait(
        CamundaClient client, String processId, Map<String, Object> variables, String resultVariable, Duration wait) {
      // A process variable operators can search for in Operate when the run outlives the wait.
      String requestId = UUID.randomUUID().toString();
      withRequestId(variables, requestId);
      try {
        ProcessInstanceResult result = client.newCreateInstanceCommand()
            .bpmnProcessId(processId)
            .latestVersion()
            .variables(variables)
            .withResult()
            .fetchVariables(resultVariable)
            .requestTimeout(wait)
            .send()
            .join();
        Object value = result.getVariablesAsMap().get(resultVariable);
        return new RunOutcome(requestId, result.getProcessInstanceKey(), true,
            value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of(), requestedBy(variables));
      } catch (ClientStatusException e) {
        if (e.getStatusCode() == Status.Code.DEADLINE_EXCEEDED) {
          return new RunOutcome(requestId, null, false, null, requestedBy(variables));
        }
        throw e;
      }
    }

    private static String requestedBy(Map<String, Object> variables) {
      Object name = variables.get(BackupVariables.REQUESTED_BY);
      return name == null ? null : name.toString();
    }
  }
}
