package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Kubernetes mode, contract 4.2 step 9: every workload back to the replicas it ran before the restore. */
@Component
public class ScaleComponentsUpWorker {

  private final KubernetesWorkloadsFactory workloads;

  public ScaleComponentsUpWorker(KubernetesWorkloadsFactory workloads) {
    this.workloads = workloads;
  }

  @JobWorker(type = "c8backup-k8s-scale-up", timeout = KubernetesJobTimeout.MILLIS)
  public void scaleUp(@Variable String clusterName, @Variable Map<String, Integer> originalReplicas) {
    workloads.forCluster(clusterName).scaleUp(originalReplicas);
  }
}
