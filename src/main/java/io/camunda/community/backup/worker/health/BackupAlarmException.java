package io.camunda.community.backup.worker.health;

/** An alarm for operators: becomes an incident at once (no retries), whose message is the alarm. */
public class BackupAlarmException extends RuntimeException {

  public BackupAlarmException(String message) {
    super(message);
  }
}
