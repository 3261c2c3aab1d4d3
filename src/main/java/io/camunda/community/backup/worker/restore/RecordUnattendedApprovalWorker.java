package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.health.BackupAlarmException;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A drill target's restore goes ahead without a person: nothing on a scratch target is worth
 * keeping. Checks the configuration again rather than trusting the model's variable (a cluster
 * that is not a drill target stops here at an incident, nothing deleted), and records the approval
 * the restore's duration is measured from.
 */
@Component
public class RecordUnattendedApprovalWorker {

  static final String UNATTENDED = "unattended (drill target)";

  private final ClusterRegistry registry;
  private final Clock clock;

  public RecordUnattendedApprovalWorker(ClusterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-restore-unattended-approval")
  public Map<String, Object> approve(@Variable String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    if (!cluster.drillTarget()) {
      throw new BackupAlarmException("NOT A DRILL TARGET: the restore of cluster '" + clusterName + "' reached the unattended approval,"
          + " but the cluster is not configured as a drill target (clusters[i].drill), so it needs a person's approval. Nothing"
          + " was changed. Cancel this instance in Operate and request the restore again.");
    }
    return Map.of(RestoreVariables.APPROVED_AT, clock.instant().toString(), RestoreVariables.FIRST_APPROVER, UNATTENDED);
  }
}
