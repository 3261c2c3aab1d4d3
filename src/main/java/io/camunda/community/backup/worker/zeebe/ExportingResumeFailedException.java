package io.camunda.community.backup.worker.zeebe;

import io.camunda.community.backup.worker.BackupVariables;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An attempt to resume exporting failed: the BPMN error {@value #ERROR_CODE} that
 * resume-exporting.bpmn catches to wait on its drawn back-off and try again. The retry is drawn
 * instead of left to a job back-off because a job failed with a back-off can stay failed in Zeebe
 * 8.8 (the back-off checker visits a job whose recurring time equals the current millisecond, the
 * recur processor accepts it only once that time lies in the past, and nothing visits it again).
 */
public class ExportingResumeFailedException extends RuntimeException {

  public static final String ERROR_CODE = "EXPORTING_RESUME_FAILED";

  private final int attempt;
  private final Duration retryIn;
  private final Duration alarmAfter;

  public ExportingResumeFailedException(String fault, int attempt, Duration retryIn, Duration alarmAfter) {
    super("Resume exporting failed (attempt " + attempt + ", next in " + retryIn + "): " + fault);
    this.attempt = attempt;
    this.retryIn = retryIn;
    this.alarmAfter = alarmAfter;
  }

  /** What the model reads: attempt, wait, fault and when the alarm is due. */
  public Map<String, Object> variables(String maskedMessage) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(BackupVariables.EXPORTING_RESUME_ATTEMPT, attempt);
    variables.put(BackupVariables.EXPORTING_RESUME_RETRY_IN, retryIn.toString());
    variables.put(BackupVariables.EXPORTING_RESUME_FAULT, maskedMessage);
    variables.put(BackupVariables.EXPORTING_RESUME_ALARM_AFTER, alarmAfter.toString());
    return variables;
  }
}
