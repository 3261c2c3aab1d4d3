package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.RestoreProperties;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.stereotype.Component;

/** Checks the cluster name and hands the model the cluster's restore settings (mode, approvals and approvers, timeouts, brokers). */
@Component
public class ResolveRestoreWorker {

  private final ClusterRegistry registry;

  public ResolveRestoreWorker(ClusterRegistry registry) {
    this.registry = registry;
  }

  @JobWorker(type = "c8backup-restore-resolve")
  public Map<String, Object> resolve(@Variable String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    RestoreProperties restore = cluster.restore();
    Map<String, Object> variables = new HashMap<>();
    variables.put("restoreMode", restore.mode().name());
    // which branch the model takes: "RDBMS", or "ELASTICSEARCH"/"OPENSEARCH"
    variables.put("secondaryStorage", cluster.secondaryStorage().type().name());
    variables.put(RestoreVariables.FOUR_EYES, restore.fourEyes());
    // a drill target's restores are unattended: the model skips the approvals for it (and only for it)
    variables.put(RestoreVariables.DRILL_TARGET, cluster.drillTarget());
    // candidate groups and users of the approval tasks; empty lists: anyone may decide
    variables.put(RestoreVariables.APPROVER_GROUPS, restore.approvers().groups());
    variables.put(RestoreVariables.APPROVER_USERS, restore.approvers().users());
    variables.put("approvalTimeout", restore.approvalTimeout().toString());
    variables.put("componentsTimeout", restore.componentsTimeout().toString());
    variables.put("pollInterval", cluster.pollInterval().toString());
    // a snapshot restore may take as long as the longest snapshot took
    variables.put("snapshotRestoreTimeout", java.util.stream.Stream.of(cluster.timeouts().webappsBackup(), cluster.timeouts().optimizeBackup(),
        cluster.timeouts().recordsSnapshot()).max(java.util.Comparator.naturalOrder()).orElseThrow().toString());
    variables.put("brokerCount", restore.brokerCount());
    variables.put("nodeIds", IntStream.range(0, restore.brokerCount()).boxed().toList());
    return variables;
  }
}
