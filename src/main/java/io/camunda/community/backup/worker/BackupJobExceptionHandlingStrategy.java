package io.camunda.community.backup.worker;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.ConfiguredSecrets;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.UnknownClusterException;
import io.camunda.community.backup.worker.health.BackupAlarmException;
import io.camunda.community.backup.worker.zeebe.ExportingResumeFailedException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The one place that decides how a failed step is reported, so workers stay thin:
 *
 * <ul>
 *   <li>expected outcomes (contract rejections, FAILED states, unknown cluster) become BPMN errors
 *       carrying {@code errorCode}, {@code failureReason} and {@code failedStep}, which the model
 *       catches;
 *   <li>everything else (transport faults, 5xx, surprises) fails the job with one retry fewer and a
 *       back-off; at zero retries Zeebe raises an incident whose message is the exception's;
 *   <li>except a failed attempt to resume exporting ({@link ExportingResumeFailedException}): a
 *       BPMN error, so resume-exporting.bpmn waits on a drawn timer and tries again without a limit
 *       instead of relying on a job back-off;
 *   <li>a job that no longer exists ({@link JobNoLongerActiveException}, see {@link JobHeartbeat})
 *       is left alone.
 * </ul>
 *
 * Every message leaves here without configured credentials ({@link ConfiguredSecrets}): it becomes
 * an incident text, a {@code failureReason} variable and, through the run's result, an API answer.
 */
@Component
public class BackupJobExceptionHandlingStrategy implements JobExceptionHandlingStrategy {

  private static final Logger LOG = LoggerFactory.getLogger(BackupJobExceptionHandlingStrategy.class);

  private final DefaultJobExceptionHandlingStrategy delegate;
  private final Duration backoff;
  private final ConfiguredSecrets secrets;

  public BackupJobExceptionHandlingStrategy(
      CommandExceptionHandlingStrategy commandStrategy,
      MetricsRecorder metricsRecorder,
      OrchestratorProperties properties,
      ConfiguredSecrets secrets) {
    this.delegate = new DefaultJobExceptionHandlingStrategy(commandStrategy, metricsRecorder);
    this.secrets = secrets;
    this.backoff = properties.jobRetryBackoff();
  }

  @Override
  public void handleException(Exception exception, ExceptionHandlingContext context) throws Exception {
    if (exception instanceof JobNoLongerActiveException gone) {
      // Nothing to complete or fail: the engine has dropped the job (cancelled, interrupted).
      LOG.info("{}", gone.getMessage());
      return;
    }
    Exception translated = translate(exception, context);
    if (translated instanceof JobError failure) {
      fail(failure, context);
    } else {
      delegate.handleException(translated, context);
    }
  }

  /**
   * Fails the job with the plain message: it is the incident text operators read in Operate, so it
   * carries no exception class or stack trace (those are in the worker's log).
   */
  private void fail(JobError failure, ExceptionHandlingContext context) {
    ActivatedJob job = context.job();
    var command = context.jobClient().newFailCommand(job.getKey())
        .retries(failure.getRetries() == null ? Math.max(0, job.getRetries() - 1) : failure.getRetries())
        .errorMessage(failure.getMessage())
        .retryBackoff(failure.getRetryBackoff() == null ? Duration.ZERO : failure.getRetryBackoff());
    if (failure.getVariables() instanceof Map<?, ?> variables && !variables.isEmpty()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> typed = (Map<String, Object>) variables;
      command = command.variables(typed);
    }
    command.send().exceptionally(e -> {
      LOG.warn("Could not fail job {} of step {}: {}", job.getKey(), job.getElementId(), e.getMessage());
      return null;
    });
  }

  Exception translate(Exception exception, ExceptionHandlingContext context) {
    String step = context.job().getElementId();
    return switch (exception) {
      case CamundaError alreadyTranslated -> alreadyTranslated;
      case BackupStepFailedException failed -> bpmnError(failed.errorCode(), failed.getMessage(), step);
      case BackupRejectedException rejected -> bpmnError(rejected.reason().name(), rejected.getMessage(), step);
      case UnknownClusterException unknown -> bpmnError("UNKNOWN_CLUSTER", unknown.getMessage(), step);
      case io.camunda.community.backup.restore.RestoreRefusedException refused ->
          bpmnError(io.camunda.community.backup.restore.RestoreRefusedException.ERROR_CODE, refused.getMessage(), step);
      // Half-way through a restore only a person can decide: an incident at once, no retries.
      case io.camunda.community.backup.restore.RestoreHaltedException halted ->
          CamundaError.jobError(secrets.mask(halted.getMessage()), null, 0, Duration.ZERO, null);
      // An alarm is meant for a person: an incident at once, no retries.
      case BackupAlarmException alarm -> CamundaError.jobError(secrets.mask(alarm.getMessage()), null, 0, Duration.ZERO, null);
      case ExportingResumeFailedException failed -> {
        String message = secrets.mask(failed.getMessage());
        LOG.warn("Step {} failed: {}", step, message);
        yield CamundaError.bpmnError(ExportingResumeFailedException.ERROR_CODE, message, failed.variables(message));
      }
      case TargetUnavailableException fault -> retry(fault.getMessage(), fault, context);
      default -> {
        LOG.error("Unexpected error in step {} (job {})", step, context.job().getKey(), exception);
        yield retry("Unexpected error in step " + step + ": " + exception, exception, context);
      }
    };
  }

  private CamundaError bpmnError(String code, String unmasked, String step) {
    String message = secrets.mask(unmasked);
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("errorCode", code);
    variables.put("failureReason", message);
    variables.put("failedStep", step);
    return CamundaError.bpmnError(code, message, variables);
  }

  /**
   * A destructive step declares, in its task header {@code incidentNote}, what state the cluster
   * is in when it fails and what resolving the incident retries; that note ends the message.
   */
  private CamundaError retry(String unmaskedFault, Throwable cause, ExceptionHandlingContext context) {
    String fault = secrets.mask(unmaskedFault);
    String note = context.job().getCustomHeaders().get("incidentNote");
    String message = note == null ? fault : fault + " | CLUSTER STATE: " + note;
    int retriesLeft = Math.max(0, context.job().getRetries() - 1);
    LOG.warn("Step {} failed ({} retries left): {}", context.job().getElementId(), retriesLeft, message);
    return CamundaError.jobError(message, null, retriesLeft, backoff, cause);
  }

}
