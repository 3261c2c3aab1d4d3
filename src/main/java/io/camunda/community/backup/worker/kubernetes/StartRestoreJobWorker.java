package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.restore.RestorePoint;
import io.camunda.community.backup.worker.restore.RestoreVariables;
import org.springframework.stereotype.Component;

/** Kubernetes mode, contract 4.2 steps 6-7 (3.2 for a point in time): the Zeebe restore of one broker as a Job (idempotent by name). */
@Component
public class StartRestoreJobWorker {

  private final KubernetesWorkloadsFactory workloads;
  private final ClusterRegistry registry;

  public StartRestoreJobWorker(KubernetesWorkloadsFactory workloads, ClusterRegistry registry) {
    this.workloads = workloads;
    this.registry = registry;
  }

  @JobWorker(type = "c8backup-k8s-restore-job-start", timeout = KubernetesJobTimeout.MILLIS)
  public void start(@Variable String clusterName, @Variable long backupId, @Variable int nodeId, @Variable int brokerCount,
      @Variable(name = RestoreVariables.RESTORE_POINT) RestorePoint restorePoint) {
    var restore = registry.get(clusterName).restore();
    // a point-in-time restore: backupId is the dump's, Zeebe goes to the backup the point lands on
    workloads.forCluster(clusterName).startRestoreJob(backupId, nodeId, brokerCount, restore.partitionCount(), restore.replicationFactor(),
        restorePoint == null ? null : restorePoint.time());
  }
}
