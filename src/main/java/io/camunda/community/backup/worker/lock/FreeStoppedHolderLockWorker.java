package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.control.ClusterLocks;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A health check that found the cluster busy asks the lock's keeper to check its holder now: a run
 * cancelled in Operate then loses the lock at once instead of at the keeper's next timer, so the
 * repair of a paused exporter does not wait for another housekeeping run. A holder that still
 * runs keeps the lock.
 */
@Component
public class FreeStoppedHolderLockWorker {

  private final ClusterLocks locks;

  public FreeStoppedHolderLockWorker(ClusterLocks locks) {
    this.locks = locks;
  }

  @JobWorker(type = "c8backup-cluster-lock-free-stopped-holder")
  public Map<String, Object> free(@Variable String clusterName) {
    ClusterLocks.ForcedRelease outcome = locks.forceRelease(clusterName);
    return Map.of("lockFreed", "RELEASED".equals(outcome.outcome()), "lockCheck", outcome.detail());
  }
}
