package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.control.ClusterLocks;
import org.springframework.stereotype.Component;

/** Forced release: asks the cluster's lock keeper to check its holder now. */
@Component
public class RequestHolderCheckWorker {

  private final ClusterLocks locks;

  public RequestHolderCheckWorker(ClusterLocks locks) {
    this.locks = locks;
  }

  @JobWorker(type = "c8backup-cluster-lock-request-check")
  public void request(@Variable String clusterName) {
    locks.requestHolderCheck(clusterName);
  }
}
