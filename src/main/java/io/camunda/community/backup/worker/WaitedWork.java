package io.camunda.community.backup.worker;

/**
 * The work a drawn wait of the backup waits for, and the one place for the names of its variables
 * ({@code <prefix>State}, {@code <prefix>NextCheckIn}, ...), which the model's gateways and timers read.
 */
public enum WaitedWork {
  WEBAPPS_BACKUP("webappsBackup", "Web-apps backup"),
  OPTIMIZE_BACKUP("optimizeBackup", "Optimize backup"),
  RECORDS_SNAPSHOT("recordsSnapshot", "Zeebe records snapshot"),
  ZEEBE_BACKUP("zeebeBackup", "Zeebe backup");

  private final String prefix;
  private final String title;

  WaitedWork(String prefix, String title) {
    this.prefix = prefix;
    this.title = title;
  }

  /** Variable prefix, also the key of this work's completion priors. */
  public String prefix() {
    return prefix;
  }

  /** How incidents and errors name it, e.g. "Web-apps backup". */
  public String title() {
    return title;
  }

  /** The state the last check saw, e.g. {@code webappsBackupState}; the wait's gateway reads it. */
  public String stateVariable() {
    return prefix + "State";
  }

  /** Since when the work has been reported INCOMPLETE or missing (tolerated for a grace period). */
  public String transientSinceVariable() {
    return prefix + "TransientSince";
  }

  /** ISO-8601 duration the wait's drawn timer sleeps before the next check job. */
  public String nextCheckInVariable() {
    return prefix + "NextCheckIn";
  }

  /** Status requests sent so far during this wait (shown in Operate; the benchmark reads it). */
  public String checksVariable() {
    return prefix + "Checks";
  }
}
