package io.camunda.community.backup.worker;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.TargetUnavailableException;
import java.util.function.Supplier;

/**
 * For steps whose failure the model handles once retries are spent (it voids a set, or reports a
 * second copy failed, instead of holding the run in an incident): a fault is retried with back-off
 * like any other, and on the job's last retry it becomes the BPMN error {@code errorCode} with the
 * fault's message.
 */
public final class LastRetry {

  private LastRetry() {}

  public static <T> T orBpmnError(ActivatedJob job, String errorCode, String context, Supplier<T> work) {
    try {
      return work.get();
    } catch (TargetUnavailableException e) {
      if (job.getRetries() <= 1) {
        throw new BackupStepFailedException(errorCode, context + e.getMessage());
      }
      throw e;
    }
  }
}
