package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondLocationProperties;
import io.camunda.community.backup.worker.BackupStepFailedException;
import io.camunda.community.backup.worker.BackupVariables;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * First step: checks the cluster name (an unknown one, or a drill target, is refused before any
 * lock is taken) and
 * hands the model the cluster's timings (poll interval, deadlines, watchdog), so every wait is
 * drawn with configured values. Nothing secret leaves: URLs and credentials stay in the worker
 * application.
 */
@Component
public class ResolveClusterWorker {

  private final ClusterRegistry registry;

  public ResolveClusterWorker(ClusterRegistry registry) {
    this.registry = registry;
  }

  @JobWorker(type = "c8backup-cluster-resolve")
  public Map<String, Object> resolve(@Variable String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    if (cluster.drillTarget()) {
      throw new BackupStepFailedException("DRILL_TARGET", "cluster '" + clusterName + "' is a drill target: restore drills of '"
          + cluster.drill().sourceCluster() + "' restore over it, so it is never backed up; back up '"
          + cluster.drill().sourceCluster() + "' instead");
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("optimizeEnabled", cluster.optimizeEnabled());
    // continuous backups (8.9): no pause and no shared id; the called process continuous-backup.bpmn
    variables.put("continuousBackups", cluster.continuous());
    variables.put("zeebeBackupsBy", cluster.continuousBackups().zeebeBackups().name());
    // which branch the model takes: "RDBMS", or "ELASTICSEARCH"/"OPENSEARCH"
    variables.put("secondaryStorage", cluster.secondaryStorage().type().name());
    variables.put("maxExportingPause", cluster.maxExportingPause().toString());
    variables.put("webappsBackupTimeout", cluster.timeouts().webappsBackup().toString());
    variables.put("optimizeBackupTimeout", cluster.timeouts().optimizeBackup().toString());
    variables.put("recordsSnapshotTimeout", cluster.timeouts().recordsSnapshot().toString());
    variables.put("zeebeBackupTimeout", cluster.timeouts().zeebeBackup().toString());
    variables.put(BackupVariables.REQUEST_TIMEOUT, cluster.timeouts().request().toString());
    // dumped one by one after exporting is resumed (an empty list: the multi-instance does nothing)
    variables.put(BackupVariables.ADDITIONAL_DATABASES, cluster.additionalDatabaseParts());
    // the replication step after the set is complete: which way, with its drawn deadline and wait
    SecondLocationProperties second = cluster.secondLocation();
    variables.put(BackupVariables.SECOND_LOCATION, second == null ? "NONE" : second.mode().name());
    // always set: the deadline's timer is created when the step is entered, whatever the mode
    variables.put(BackupVariables.SECOND_LOCATION_DEADLINE,
        second == null ? SecondLocationProperties.DEFAULT_DEADLINE : second.deadline().toString());
    variables.put(BackupVariables.SECOND_LOCATION_CHECK_INTERVAL,
        second == null ? SecondLocationProperties.DEFAULT_CHECK_INTERVAL : second.checkInterval().toString());
    return variables;
  }
}
