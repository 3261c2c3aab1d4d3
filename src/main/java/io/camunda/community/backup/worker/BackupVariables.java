package io.camunda.community.backup.worker;

/**
 * Names of the process variables that several workers, the request services and the models share;
 * the models' FEEL expressions use the same names.
 */
public final class BackupVariables {

  /** The configured name of the target cluster a run is for; never its addresses or credentials. */
  public static final String CLUSTER_NAME = "clusterName";

  /** ISO instant at which the pause step confirmed exporting soft-paused (set once it succeeded). */
  public static final String EXPORTING_PAUSED_AT = "exportingPausedAt";
  /** ISO instant at which the resume step confirmed exporting running again. */
  public static final String EXPORTING_RESUMED_AT = "exportingResumedAt";
  /** resume-exporting.bpmn: how many attempts to resume have failed so far (1 after the first). */
  public static final String EXPORTING_RESUME_ATTEMPT = "exportingResumeAttempt";
  /** resume-exporting.bpmn: ISO-8601 duration its drawn back-off waits before the next attempt. */
  public static final String EXPORTING_RESUME_RETRY_IN = "exportingResumeRetryIn";
  /** resume-exporting.bpmn: the last attempt's fault, as the management API client described it. */
  public static final String EXPORTING_RESUME_FAULT = "exportingResumeFault";
  /** resume-exporting.bpmn: ISO-8601 duration from the first failed attempt to the alarm incident. */
  public static final String EXPORTING_RESUME_ALARM_AFTER = "exportingResumeAlarmAfter";
  /** ISO-8601 duration: the cluster's request timeout, the longest a sent request stays in flight. */
  public static final String REQUEST_TIMEOUT = "requestTimeout";
  /** True from the moment the model is about to send the Zeebe backup's start request. */
  public static final String ZEEBE_BACKUP_REQUESTED = "zeebeBackupRequested";
  /** The part names of the cluster's additional databases ({@code additional-databases}), in configuration order. */
  public static final String ADDITIONAL_DATABASES = "additionalDatabases";
  /** One additional database's part name: the element of the multi-instance that dumps or restores it. */
  public static final String ADDITIONAL_DATABASE = "additionalDatabase";
  /** What one additional database's dump step returns (part, file, size, SHA-256); collected into {@link #ADDITIONAL_DUMPS}. */
  public static final String ADDITIONAL_DUMP = "additionalDump";
  /** Every additional database's dump of this backup, one entry per part. */
  public static final String ADDITIONAL_DUMPS = "additionalDumps";
  /** How the set reaches its second location: {@code COPY}, {@code VERIFY}, or {@code NONE} (no second-location). */
  public static final String SECOND_LOCATION = "secondLocation";
  /** ISO-8601 duration: how long the set may take to be whole in its second location. */
  public static final String SECOND_LOCATION_DEADLINE = "secondLocationDeadline";
  /** ISO-8601 duration: verify mode waits this long between two checks of the second location. */
  public static final String SECOND_LOCATION_CHECK_INTERVAL = "secondLocationCheckInterval";
  /** What the replication step found or did ({@code SecondCopy}), or {@code state: FAILED} with the reason. */
  public static final String SECOND_COPY = "secondCopy";
  /**
   * Why the replication step failed (its BPMN error's message); kept apart from {@code
   * failureReason}, which says why a backup failed: this one leaves the backup complete.
   */
  public static final String SECOND_COPY_FAILURE = "secondCopyFailure";
  /** Verify mode: whether the last check found the set whole in the second location. */
  public static final String SECOND_COPY_WHOLE = "secondCopyWhole";
  /** ISO instant at which the failure path deleted every part of the backup ID. */
  public static final String BACKUP_VOIDED_AT = "backupVoidedAt";

  /**
   * Who asked for the run (backup, restore, retention, forced lock release): the authenticated
   * caller's name ({@code api-key:<name>} for an API key, {@code os-user:<user>} for a command),
   * never a token. Absent for scheduled and automatic runs and runs started from Tasklist.
   */
  public static final String REQUESTED_BY = "requestedBy";
  /** Who asked to cancel the backup: the cancellation message carries it into the instance. */
  public static final String CANCELLED_BY = "cancelledBy";

  private BackupVariables() {}
}
