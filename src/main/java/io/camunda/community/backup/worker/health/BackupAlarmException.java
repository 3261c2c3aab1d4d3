package io.camunda.community.backup.worker.health;

import java.util.Map;

/** An alarm for operators: becomes an incident at once (no retries), whose message is the alarm. */
public class BackupAlarmException extends RuntimeException {

  private final Map<String, Object> variables;

  public BackupAlarmException(String message, Map<String, Object> variables) {
    super(message);
    this.variables = variables;
  }

  public Map<String, Object> variables() {
    return variables;
  }
}
