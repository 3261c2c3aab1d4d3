package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.control.ClusterLocks;
import org.springframework.stereotype.Component;

/** Asks for the lock: starts the cluster's lock keeper for this run unless another run holds it. */
@Component
public class RequestClusterLockWorker {

  private final ClusterLocks locks;

  public RequestClusterLockWorker(ClusterLocks locks) {
    this.locks = locks;
  }

  @JobWorker(type = "c8backup-cluster-lock-request")
  public void request(@Variable String clusterName, @Variable Long lockHolderKey, @Variable String lockHolderKind) {
    locks.request(clusterName, lockHolderKey, lockHolderKind);
  }
}
