package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import java.util.Map;
import org.springframework.stereotype.Component;

/** One check: have all scaled-down workloads stopped? The model loops with a timer and a deadline. */
@Component
public class CheckComponentsDownWorker {

  private final KubernetesWorkloadsFactory workloads;

  public CheckComponentsDownWorker(KubernetesWorkloadsFactory workloads) {
    this.workloads = workloads;
  }

  @JobWorker(type = "c8backup-k8s-check-down", timeout = KubernetesJobTimeout.MILLIS)
  public Map<String, Object> check(@Variable String clusterName) {
    return Map.of("componentsDown", workloads.forCluster(clusterName).allDown());
  }
}
