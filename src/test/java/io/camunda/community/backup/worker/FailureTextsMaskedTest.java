package io.camunda.community.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.BpmnError;
import io.camunda.client.exception.JobError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy.ExceptionHandlingContext;
import io.camunda.client.metrics.MetricsRecorder;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.ConfiguredSecrets;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.SecondaryStorageProperties;
import io.camunda.community.backup.config.SecondaryStorageType;
import io.camunda.community.backup.config.TestClusters;
import io.camunda.community.backup.worker.zeebe.ExportingResumeFailedException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Failure texts become incidents, {@code failureReason} variables and, through run results, API
 * answers: none of them carries a configured credential or a URL's user info.
 */
class FailureTextsMaskedTest {

  private static final String PASSWORD = "es-pass-0b7c";

  private final BackupJobExceptionHandlingStrategy strategy = strategy();
  private final ExceptionHandlingContext context = context();

  @Test
  void aBpmnErrorsReasonIsMasked() {
    Exception failure = new BackupStepFailedException("SNAPSHOT_FAILED", "snapshot refused for elastic:" + PASSWORD + " at http://elastic:"
        + PASSWORD + "@es.internal:9200");

    BpmnError error = (BpmnError) strategy.translate(failure, context);

    assertThat(error.getErrorMessage()).doesNotContain(PASSWORD).contains("http://****@es.internal:9200");
    @SuppressWarnings("unchecked")
    Map<String, Object> variables = (Map<String, Object>) error.getVariables();
    assertThat(variables.get("failureReason").toString()).doesNotContain(PASSWORD).contains("elastic:****");
  }

  @Test
  void anIncidentTextIsMasked() {
    Exception fault = new TargetUnavailableException("Elasticsearch snapshot API: answered 401: bad credentials " + PASSWORD
        + " (Authorization: Basic ZWxhc3RpYzplcy1wYXNzLTBiN2M=)");

    JobError error = (JobError) strategy.translate(fault, context);

    assertThat(error.getErrorMessage()).doesNotContain(PASSWORD).doesNotContain("ZWxhc3RpYzplcy1wYXNzLTBiN2M=")
        .contains("bad credentials ****").contains("Authorization: Basic ****");
  }

  @Test
  void anUnexpectedErrorsTextIsMasked() {
    JobError error = (JobError) strategy.translate(new IllegalStateException("cannot log in with " + PASSWORD), context);

    assertThat(error.getErrorMessage()).doesNotContain(PASSWORD).contains("cannot log in with ****");
  }

  @Test
  void aFailedResumesTextIsMaskedInTheErrorAndItsVariables() {
    var failed = new ExportingResumeFailedException(
        "management API refused " + PASSWORD, 2, Duration.ofSeconds(20), Duration.ofMinutes(5));

    var error = (BpmnError) strategy.translate(failed, context);

    assertThat(error.getErrorCode()).isEqualTo("EXPORTING_RESUME_FAILED");
    assertThat(error.getErrorMessage()).doesNotContain(PASSWORD).contains("attempt 2, next in PT20S");
    assertThat(error.getVariables().toString()).doesNotContain(PASSWORD).contains("exportingResumeRetryIn=PT20S", "exportingResumeAttempt=2");
  }

  private static BackupJobExceptionHandlingStrategy strategy() {
    SecondaryStorageProperties storage = new SecondaryStorageProperties(SecondaryStorageType.ELASTICSEARCH,
        URI.create("https://es.internal:9200"), "elastic", PASSWORD, null, "camunda", "zeebe-record", "", "optimize", null);
    OrchestratorProperties properties = TestClusters.properties(TestClusters.cluster("prod", storage));
    return new BackupJobExceptionHandlingStrategy(mock(CommandExceptionHandlingStrategy.class), mock(MetricsRecorder.class), properties,
        new ConfiguredSecrets(properties));
  }

  private static ExceptionHandlingContext context() {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getElementId()).thenReturn("Task_TakeSnapshot");
    when(job.getRetries()).thenReturn(3);
    when(job.getCustomHeaders()).thenReturn(Map.of());
    return new ExceptionHandlingContext(null, job, null);
  }
}
