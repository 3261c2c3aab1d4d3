package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloads;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Kubernetes mode, contract 4.2 step 3: records how many replicas every workload runs (to start
 * them again the same way) and scales all of them to zero.
 */
@Component
public class ScaleComponentsDownWorker {

  private final KubernetesWorkloadsFactory workloads;

  public ScaleComponentsDownWorker(KubernetesWorkloadsFactory workloads) {
    this.workloads = workloads;
  }

  @JobWorker(type = "c8backup-k8s-scale-down", timeout = KubernetesJobTimeout.MILLIS)
  public Map<String, Object> scaleDown(@Variable String clusterName, @Variable Map<String, Integer> originalReplicas) {
    KubernetesWorkloads cluster = workloads.forCluster(clusterName);
    // A repeated job keeps the first recording: by then the replicas may already be zero.
    Map<String, Integer> replicas = originalReplicas != null ? originalReplicas : cluster.desiredReplicas();
    cluster.scaleDown();
    return Map.of("originalReplicas", replicas);
  }
}
