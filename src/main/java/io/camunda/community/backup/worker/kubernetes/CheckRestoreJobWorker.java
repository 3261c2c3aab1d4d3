package io.camunda.community.backup.worker.kubernetes;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloads;
import io.camunda.community.backup.client.kubernetes.KubernetesWorkloadsFactory;
import io.camunda.community.backup.client.kubernetes.RestoreJobState;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One check of a broker's restore Job. A failed Job is an incident (the task has one retry): the
 * data directory is no longer empty, so only an operator can decide how to run it again.
 */
@Component
public class CheckRestoreJobWorker {

  private final KubernetesWorkloadsFactory workloads;

  public CheckRestoreJobWorker(KubernetesWorkloadsFactory workloads) {
    this.workloads = workloads;
  }

  @JobWorker(type = "c8backup-k8s-restore-job-check", timeout = KubernetesJobTimeout.MILLIS)
  public Map<String, Object> check(@Variable String clusterName, @Variable long backupId, @Variable int nodeId) {
    KubernetesWorkloads cluster = workloads.forCluster(clusterName);
    RestoreJobState state = cluster.restoreJobState(backupId, nodeId);
    if (state == RestoreJobState.FAILED || state == RestoreJobState.MISSING) {
      throw new TargetUnavailableException("Zeebe restore of broker %d from backup %d: Job %s is %s."
          .formatted(nodeId, backupId, cluster.restoreJobName(backupId, nodeId), state));
    }
    return Map.of("restoreJobState", state.name());
  }
}
