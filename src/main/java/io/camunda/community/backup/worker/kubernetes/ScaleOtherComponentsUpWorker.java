package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloads;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Kubernetes mode, contract 4.2 step 9, second half, once Zeebe is healthy: the configured
 * Deployments (Optimize, Connectors; Operate and Tasklist with an 8.7 chart) back to the replicas
 * they ran before the restore, in their configured order.
 */
@Component
public class ScaleOtherComponentsUpWorker {

  private final KubernetesWorkloadsFactory workloads;

  public ScaleOtherComponentsUpWorker(KubernetesWorkloadsFactory workloads) {
    this.workloads = workloads;
  }

  @JobWorker(type = "c8backup-k8s-scale-up-others", timeout = KubernetesJobTimeout.MILLIS)
  public void scaleUp(@Variable String clusterName, @Variable Map<String, Integer> originalReplicas) {
    workloads.forCluster(clusterName).scaleUp(KubernetesWorkloads.deploymentsOf(originalReplicas));
  }
}
