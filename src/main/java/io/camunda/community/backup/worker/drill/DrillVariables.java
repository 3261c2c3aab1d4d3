package io.camunda.community.backup.worker.drill;

/** Names of the restore-drill process variables that workers and restore-drill.bpmn share. */
public final class DrillVariables {

  /** The cluster whose newest complete backup is rehearsed (from the target's configuration). */
  public static final String SOURCE_CLUSTER = "sourceCluster";
  /** ISO instant at which the drill started. */
  public static final String DRILL_STARTED_AT = "drillStartedAt";
  /** What told the target apart from the source, for the operator reading the instance. */
  public static final String TARGET_IDENTITY = "targetIdentity";
  /** The restore's {@code restoreResult}, mapped out of the call activity. */
  public static final String RESTORE_RESULT = "restoreResult";
  /** The drill's outcome ({@link io.camunda.community.backup.restore.DrillResult#toMap()}). */
  public static final String DRILL_RESULT = "drillResult";
  /** Whether the drill passed: the model's last gateway. */
  public static final String DRILL_PASSED = "drillPassed";

  private DrillVariables() {}
}
