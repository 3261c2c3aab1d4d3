package io.camunda.community.backup.sandbox;

/**
 * Outcome of one run of the restore application ({@code bin/restore --backupId=X}) on one broker.
 *
 * @param success true when the app exited 0, logging {@value #SUCCESS_LOG}
 * @param log the app's log lines, newline separated; on failure the last line tells why
 */
public record RestoreResult(boolean success, String log) {

  /** What the real RestoreApp logs last on success, and what operators wait for. */
  public static final String SUCCESS_LOG = "Successfully restored broker from backup";
}
