package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloads;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Kubernetes mode, contract 4.2 step 9, first half: the Zeebe StatefulSet (the Orchestration
 * Cluster, with Operate and Tasklist in 8.8) back to the replicas it ran before the restore. The
 * other components follow once it is healthy ({@link ScaleOtherComponentsUpWorker}).
 */
@Component
public class ScaleZeebeUpWorker {

  private final KubernetesWorkloadsFactory workloads;

  public ScaleZeebeUpWorker(KubernetesWorkloadsFactory workloads) {
    this.workloads = workloads;
  }

  @JobWorker(type = "c8backup-k8s-scale-up-zeebe", timeout = KubernetesJobTimeout.MILLIS)
  public void scaleUp(@Variable String clusterName, @Variable Map<String, Integer> originalReplicas) {
    workloads.forCluster(clusterName).scaleUp(KubernetesWorkloads.statefulSetOf(originalReplicas));
  }
}
