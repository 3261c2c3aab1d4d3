package io.camunda.community.backup.worker.kubernetes;

import io.camunda.community.backup.worker.restore.RestoreVariables;
import java.time.Clock;
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
  private final Clock clock;

  public ScaleZeebeUpWorker(KubernetesWorkloadsFactory workloads, Clock clock) {
    this.workloads = workloads;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-k8s-scale-up-zeebe", timeout = KubernetesJobTimeout.MILLIS)
  public Map<String, Object> scaleUp(@Variable String clusterName, @Variable Map<String, Integer> originalReplicas) {
    workloads.forCluster(clusterName).scaleUp(KubernetesWorkloads.statefulSetOf(originalReplicas));
    return Map.of(RestoreVariables.COMPONENTS_STARTED_AT, clock.instant().toString());
  }
}
