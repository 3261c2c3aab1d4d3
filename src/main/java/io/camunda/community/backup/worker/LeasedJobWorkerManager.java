package io.camunda.community.backup.worker;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.api.worker.JobHandler;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobWorkerManager;
import io.camunda.client.jobhandling.parameter.ParameterResolverStrategy;
import io.camunda.client.jobhandling.result.ResultProcessorStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.time.Duration;

/**
 * Opens every {@code @JobWorker} with its handler under a {@link JobHeartbeat#hold lease}: while a
 * handler runs, the job's deadline is renewed to now + its job timeout. Job timeouts can then be
 * short (the default is {@code PT5S}): a step blocked in a slow call is never handed out twice,
 * and the jobs of a worker that died are handed out again within seconds, so a crash during the
 * pause window stretches it by at most the job timeout (issue 11).
 *
 * <p>The starter builds each handler in {@code openWorker(client, value)} and passes it to this
 * overridable {@code openWorker(client, value, handler)}; registered as the primary manager by
 * {@link JobLeaseConfiguration}.
 */
public class LeasedJobWorkerManager extends JobWorkerManager {

  private final JobHeartbeat heartbeat;

  public LeasedJobWorkerManager(CommandExceptionHandlingStrategy commandExceptionHandlingStrategy, MetricsRecorder metricsRecorder,
      ParameterResolverStrategy parameterResolverStrategy, ResultProcessorStrategy resultProcessorStrategy, BackoffSupplier backoffSupplier,
      JobExceptionHandlingStrategy jobExceptionHandlingStrategy, JobHeartbeat heartbeat) {
    super(commandExceptionHandlingStrategy, metricsRecorder, parameterResolverStrategy, resultProcessorStrategy, backoffSupplier,
        jobExceptionHandlingStrategy);
    this.heartbeat = heartbeat;
  }

  @Override
  public JobWorker openWorker(CamundaClient client, JobWorkerValue value, JobHandler handler) {
    Duration lease = value.getTimeout() != null && value.getTimeout().isPositive()
        ? value.getTimeout() : client.getConfiguration().getDefaultJobTimeout();
    return super.openWorker(client, value, (jobClient, job) -> {
      try (JobHeartbeat.Lease held = heartbeat.hold(job, lease)) {
        handler.handle(jobClient, job);
      }
    });
  }
}
