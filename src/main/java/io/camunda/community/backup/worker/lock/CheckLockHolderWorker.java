package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.control.ClusterLocks;
import io.camunda.community.backup.control.ClusterLocks.HolderCheck;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The lock keeper's "Check holder still runs": {@code holderRuns} false only when the holder is gone. */
@Component
public class CheckLockHolderWorker {

  private final ClusterLocks locks;

  public CheckLockHolderWorker(ClusterLocks locks) {
    this.locks = locks;
  }

  @JobWorker(type = "c8backup-cluster-lock-check-holder")
  public Map<String, Object> check(@Variable Long holderKey) {
    HolderCheck check = locks.checkHolder(holderKey);
    return Map.of("holderRuns", check.runs(), "holderCheck", check.detail());
  }
}
