package io.camunda.community.backup.worker.restore;

/**
 * Names of the restore process variables that workers, listeners and the model share; the
 * model's FEEL expressions (restore.bpmn) use the same names. Who asked for the restore is {@link
 * io.camunda.community.backup.worker.BackupVariables#REQUESTED_BY}, as for every run.
 */
public final class RestoreVariables {

  /** Candidate groups of the approval tasks (list of strings), from {@code restore.approvers.groups}. */
  public static final String APPROVER_GROUPS = "approverGroups";
  /** Candidate users of the approval tasks (list of strings), from {@code restore.approvers.users}. */
  public static final String APPROVER_USERS = "approverUsers";
  /** Whether a second approval by another person is required ({@code restore.four-eyes}). */
  public static final String FOUR_EYES = "fourEyes";
  /** Assignee who completed the first approval (written by the approval listener). */
  public static final String FIRST_APPROVER = "firstApprover";
  /** Assignee who completed the second approval (written by the approval listener). */
  public static final String SECOND_APPROVER = "secondApprover";
  /**
   * Why the approval listener refused the latest decision (null once a decision is accepted). The
   * model sends the approval back while it is set, so a refusal holds even where the engine does not
   * pass the listener's denial on.
   */
  public static final String APPROVAL_REFUSAL = "approvalRefusal";
  /** ISO instant of the latest approval (or of the unattended one, on a drill target). */
  public static final String APPROVED_AT = "approvedAt";
  /** Index → bytes its manifest recorded, from the pre-flight; empty without a manifest. */
  public static final String MANIFEST_INDEX_BYTES = "manifestIndexBytes";
  /** Where the set is restored from: {@code primary} (absent) or {@code second-location} ({@link io.camunda.community.backup.restore.RestoreSource}). */
  public static final String RESTORE_FROM = "restoreFrom";
  /** Table → rows its manifest recorded (RDBMS), from the pre-flight; empty without a manifest or counts. */
  public static final String MANIFEST_TABLE_ROWS = "manifestTableRows";
  /**
   * The additional databases the chosen set holds a dump of (part names): the multi-instance
   * "Restore additional databases" restores each; empty for a drill or a set without any.
   */
  public static final String ADDITIONAL_DATABASES = io.camunda.community.backup.worker.BackupVariables.ADDITIONAL_DATABASES;
  /** One {@code RestoredAdditionalDatabase} per restored additional database (the multi-instance's output). */
  public static final String RESTORED_ADDITIONAL_DATABASES = "restoredAdditionalDatabases";
  /** Whether the cluster is a drill target ({@code clusters[i].drill}): its restores need no approval. */
  public static final String DRILL_TARGET = "drillTarget";
  /** ISO instant at which the components were seen stopped: the end of the restore's first phase. */
  public static final String COMPONENTS_STOPPED_AT = "componentsStoppedAt";
  /** ISO instant at which the restored cluster was started again (Kubernetes mode: Zeebe scaled up). */
  public static final String COMPONENTS_STARTED_AT = "componentsStartedAt";

  /** The point in time the operator asked to restore to (ISO-8601), instead of a backup ID; continuous backups only. */
  public static final String POINT_IN_TIME = "pointInTime";
  /** Where a point-in-time restore lands ({@link io.camunda.community.backup.restore.RestorePoint}), from the pre-flight; absent otherwise. */
  public static final String RESTORE_POINT = "restorePoint";
  /** Partition → exported position read from the restored database (point-in-time restore). */
  public static final String EXPORTER_POSITIONS = "exporterPositions";

  private RestoreVariables() {}
}
