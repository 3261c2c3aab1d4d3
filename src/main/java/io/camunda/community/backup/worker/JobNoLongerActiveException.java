package io.camunda.community.backup.worker;

/**
 * The job a worker was running no longer exists in the engine (its instance was cancelled, or the
 * element was terminated by a boundary event such as the watchdog or a cancellation message), so
 * its work was stopped. Neither completed nor failed: there is nothing left to report to.
 */
public class JobNoLongerActiveException extends RuntimeException {

  private final long jobKey;

  public JobNoLongerActiveException(long jobKey, String message, Throwable cause) {
    super(message, cause);
    this.jobKey = jobKey;
  }

  public long jobKey() {
    return jobKey;
  }
}
