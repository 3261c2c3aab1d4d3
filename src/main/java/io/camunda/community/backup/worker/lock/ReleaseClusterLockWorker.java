package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.control.ClusterLocks;
import io.camunda.community.backup.metrics.LockMetrics;
import org.springframework.stereotype.Component;

/**
 * Releases the cluster lock the run holds (the run is this job's process instance); frees
 * nothing when another run holds it. A repeat is harmless.
 */
@Component
public class ReleaseClusterLockWorker {

  private final ClusterLocks locks;
  private final LockMetrics metrics;

  public ReleaseClusterLockWorker(ClusterLocks locks, LockMetrics metrics) {
    this.locks = locks;
    this.metrics = metrics;
  }

  @JobWorker(type = "c8backup-cluster-lock-release")
  public void release(ActivatedJob job, @Variable String clusterName) {
    locks.release(clusterName, job.getProcessInstanceKey());
    metrics.released(clusterName, job.getProcessInstanceKey());
  }
}
