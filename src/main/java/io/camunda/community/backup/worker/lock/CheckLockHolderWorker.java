package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.control.ClusterLocks;
import io.camunda.community.backup.control.ClusterLocks.HolderCheck;
import io.camunda.community.backup.metrics.LockMetrics;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The lock keeper's "Check holder still runs": {@code holderRuns} false only when the holder is gone. */
@Component
public class CheckLockHolderWorker {

  private final ClusterLocks locks;
  private final LockMetrics metrics;
  private final Clock clock;

  public CheckLockHolderWorker(ClusterLocks locks, LockMetrics metrics, Clock clock) {
    this.locks = locks;
    this.metrics = metrics;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-cluster-lock-check-holder")
  public Map<String, Object> check(@Variable Long holderKey, @Variable String clusterName, @Variable String holderKind,
      @Variable String lockRequestedAt) {
    HolderCheck check = locks.checkHolder(holderKey);
    if (check.runs()) {
      metrics.held(clusterName, holderKey, holderKind, lockRequestedAt == null ? null : Instant.parse(lockRequestedAt), clock.instant());
    } else {
      metrics.released(clusterName, holderKey);
    }
    return Map.of("holderRuns", check.runs(), "holderCheck", check.detail());
  }
}
