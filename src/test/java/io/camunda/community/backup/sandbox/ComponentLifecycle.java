package io.camunda.community.backup.sandbox;

import java.util.function.BooleanSupplier;

/**
 * Whether the cluster's components (Orchestration Cluster and Optimize) are up, and which
 * incarnation is: work a component started dies with the incarnation that started it, even when
 * the component is up again by the time the work would go on.
 */
final class ComponentLifecycle {

  private volatile boolean up = true;
  private volatile int incarnation;

  boolean isUp() {
    return up;
  }

  void stopped() {
    up = false;
    incarnation++;
  }

  void started() {
    up = true;
  }

  /** True as long as the incarnation running now is up. */
  BooleanSupplier thisIncarnation() {
    int current = incarnation;
    return () -> up && incarnation == current;
  }
}
