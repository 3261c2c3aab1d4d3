package io.camunda.community.backup.worker.kubernetes;

import io.camunda.community.backup.worker.restore.RestoreVariables;
import java.time.Clock;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import java.util.Map;
import org.springframework.stereotype.Component;

/** One check: have all scaled-down workloads stopped? The model loops with a timer and a deadline. */
@Component
public class CheckComponentsDownWorker {

  private final KubernetesWorkloadsFactory workloads;
  private final Clock clock;

  public CheckComponentsDownWorker(KubernetesWorkloadsFactory workloads, Clock clock) {
    this.workloads = workloads;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-k8s-check-down", timeout = KubernetesJobTimeout.MILLIS)
  public Map<String, Object> check(@Variable String clusterName) {
    boolean down = workloads.forCluster(clusterName).allDown();
    return down
        ? Map.of("componentsDown", true, RestoreVariables.COMPONENTS_STOPPED_AT, clock.instant().toString())
        : Map.of("componentsDown", false);
  }
}
