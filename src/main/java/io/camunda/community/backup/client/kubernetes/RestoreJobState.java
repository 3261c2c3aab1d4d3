package io.camunda.community.backup.client.kubernetes;

/** Where the restore Job of one broker is, read from the Job's status only (never from logs). */
public enum RestoreJobState {
  /** The Job exists but no pod runs yet (scheduling, image pull, volume attach). */
  PENDING,
  /** A pod of the Job is running the restore. */
  RUNNING,
  /** The restore application exited 0: this broker's data directory holds the backup. */
  SUCCEEDED,
  /**
   * The restore pod failed. It is not retried ({@code backoffLimit: 0}): fix the cause (backup id,
   * backup store settings, data directory), delete the Job and start it again.
   */
  FAILED,
  /** No Job of that name: never started, or deleted. */
  MISSING;

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED;
  }
}
