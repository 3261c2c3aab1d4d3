package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.restore.RestoreSource;
import io.camunda.community.backup.worker.restore.RestoreVariables;
import io.camunda.community.backup.worker.BackupVariables;
import jakarta.validation.Validator;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Starts restores from the command line and the HTTP API (Tasklist starts them with its form).
 * The restore itself waits for approval in Tasklist before it touches anything.
 */
@Service
public class RestoreRequests {

  public static final String RESTORE_PROCESS_ID = RunKind.RESTORE.processId();

  private final CamundaClient client;
  private final ClusterRegistry registry;
  private final Validator validator;

  public RestoreRequests(CamundaClient client, ClusterRegistry registry, Validator validator) {
    this.client = client;
    this.registry = registry;
    this.validator = validator;
  }

  /**
   * Starts a restore and answers at once; a refusal (busy, unknown backup, failed pre-flight) shows
   * in its status.
   *
   * @param backupId the backup to restore, or null to let the operator choose one in Tasklist
   * @throws InvalidRequestException before anything starts (backup ID not positive, note too long);
   *     an ID that names no backup is the pre-flight's refusal
   * @param requestedBy the caller's name (never a token), recorded as {@value BackupVariables#REQUESTED_BY}
   */
  public RunStarted request(String clusterName, Long backupId, String note, String trigger, String requestedBy) {
    return request(clusterName, backupId, note, trigger, requestedBy, false);
  }

  /**
   * @param dryRun only the pre-flight and the plan against the live target, then the lock is
   *     released: nothing is stopped, deleted or restored, no approval is asked for; without a
   *     backup ID the newest COMPLETE set is planned
   */
  public RunStarted request(String clusterName, Long backupId, String note, String trigger, String requestedBy, boolean dryRun) {
    return request(clusterName, backupId, note, trigger, requestedBy, dryRun, null);
  }

  /**
   * @param from {@code second-location} to take the set from the cluster's second location (its
   *     Zeebe part and dumps are copied back first); null or {@code primary}: the primary location
   */
  public RunStarted request(String clusterName, Long backupId, String note, String trigger, String requestedBy, boolean dryRun,
      String from) {
    return request(clusterName, new RequestBodies.Restore(backupId, note, from, null), trigger, requestedBy, dryRun);
  }

  /**
   * @param body with {@code pointInTime} set (continuous backups only, no backup ID, the primary
   *     location): a restore to that point in time
   */
  public RunStarted request(String clusterName, RequestBodies.Restore body, String trigger, String requestedBy, boolean dryRun) {
    ClusterProperties cluster = registry.get(clusterName);
    RequestBodies.check(validator, body);
    Long backupId = body.backupId();
    String note = body.note();
    RestoreSource source = RestoreSource.of(body.from());
    if (source == RestoreSource.SECOND_LOCATION && !cluster.hasSecondLocation()) {
      throw new InvalidRequestException("from", "cluster '" + clusterName + "' has no second location to restore from",
          RequestBodies.fix("from"));
    }
    if (body.pointInTime() != null) {
      String refused = null;
      if (!cluster.continuous()) {
        refused = "cluster '" + clusterName + "' does not take continuous backups (clusters[" + clusterName
            + "].continuous-backups.enabled): it restores by backup ID only";
      } else if (backupId != null) {
        refused = "give either pointInTime or backupId, not both";
      } else if (source == RestoreSource.SECOND_LOCATION) {
        refused = "a point-in-time restore uses the primary location";
      }
      if (refused != null) {
        throw new InvalidRequestException("pointInTime", "pointInTime: " + refused, RequestBodies.fix("pointInTime"));
      }
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put(BackupVariables.CLUSTER_NAME, clusterName);
    variables.put("requestedBackupId", backupId);
    variables.put("note", note);
    variables.put("trigger", trigger);
    variables.put("dryRun", dryRun);
    variables.put(RestoreVariables.RESTORE_FROM, source.id());
    if (body.pointInTime() != null) {
      variables.put(RestoreVariables.POINT_IN_TIME, body.pointInTime());
    }
    if (dryRun && backupId == null && body.pointInTime() == null) {
      variables.put("chosenBackupId", io.camunda.community.backup.restore.RestorePreflight.LATEST);
    }
    if (requestedBy != null) {
      variables.put(BackupVariables.REQUESTED_BY, requestedBy);
    }
    return BackupRequests.Runs.start(client, RunKind.RESTORE, variables);
  }
}
