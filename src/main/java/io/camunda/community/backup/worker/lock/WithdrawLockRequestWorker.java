package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.control.ClusterLocks;
import org.springframework.stereotype.Component;

/**
 * No grant came in time: releases the lock in case this run's keeper started too late for the
 * grant to be caught, so a refused run never holds the lock.
 */
@Component
public class WithdrawLockRequestWorker {

  private final ClusterLocks locks;

  public WithdrawLockRequestWorker(ClusterLocks locks) {
    this.locks = locks;
  }

  @JobWorker(type = "c8backup-cluster-lock-withdraw")
  public void withdraw(@Variable String clusterName, @Variable Long lockHolderKey) {
    locks.release(clusterName, lockHolderKey);
  }
}
