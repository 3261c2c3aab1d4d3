package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import io.camunda.community.backup.config.ClusterRegistry;
import org.springframework.stereotype.Component;

/** Kubernetes mode, contract 4.2 steps 6-7: the Zeebe restore of one broker as a Job (idempotent by name). */
@Component
public class StartRestoreJobWorker {

  private final KubernetesWorkloadsFactory workloads;
  private final ClusterRegistry registry;

  public StartRestoreJobWorker(KubernetesWorkloadsFactory workloads, ClusterRegistry registry) {
    this.workloads = workloads;
    this.registry = registry;
  }

  @JobWorker(type = "c8backup-k8s-restore-job-start", timeout = KubernetesJobTimeout.MILLIS)
  public void start(@Variable String clusterName, @Variable long backupId, @Variable int nodeId, @Variable int brokerCount) {
    var restore = registry.get(clusterName).restore();
    workloads.forCluster(clusterName).startRestoreJob(backupId, nodeId, brokerCount, restore.partitionCount(), restore.replicationFactor());
  }
}
