package io.camunda.community.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.mock;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.BackoffSupplier;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.parameter.ParameterResolverStrategy;
import io.camunda.client.jobhandling.result.ResultProcessorStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link JobHeartbeat} against the real engine over gRPC: it renews a job's deadline while the
 * work runs, and learns from the engine's NOT_FOUND that the job is gone.
 */
class JobHeartbeatTest {

  private static InMemoryControlCluster control; // own engine: a test moves the clock
  private static CamundaClient client;
  private static JobHeartbeat heartbeat;

  @BeforeAll
  static void start() {
    control = InMemoryControlCluster.start();
    client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create(control.grpcAddress()))
        .restAddress(URI.create("http://localhost:1"))
        .preferRestOverGrpc(false)
        .applyEnvironmentVariableOverrides(false)
        .defaultRequestTimeout(InMemoryControlCluster.REQUEST_TIMEOUT)
        .build();
    heartbeat = new JobHeartbeat(client);
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("long-step")
        .startEvent().serviceTask("work", t -> t.zeebeJobTypeExpression("jobType")).endEvent().done(), "long-step.bpmn")
        .send().join();
  }

  @AfterAll
  static void stop() {
    if (heartbeat != null) {
      heartbeat.destroy();
    }
    if (client != null) {
      client.close();
    }
    if (control != null) {
      control.close();
    }
  }

  @Test
  void theWorkLearnsThatItsJobIsGoneWhenTheInstanceIsCancelled() throws Exception {
    long instance = startInstance("cancelled-work");
    ActivatedJob job = activate("cancelled-work", Duration.ofMinutes(5));
    CountDownLatch working = new CountDownLatch(1);

    CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> heartbeat.whileActive(job, Duration.ofMinutes(5), cancelled -> {
      working.countDown();
      await().atMost(Duration.ofSeconds(60)).until(cancelled::getAsBoolean);
      return "finished";
    }));
    assertThat(working.await(30, TimeUnit.SECONDS)).isTrue();
    client.newCancelInstanceCommand(instance).send().join();

    assertThatThrownBy(run::join).hasCauseInstanceOf(JobNoLongerActiveException.class)
        .hasMessageContaining("no longer exists");
  }

  /**
   * What a check that keeps checking (StatusWait) stops on: the handler's own thread learns from its
   * lease that the job is gone once the instance is cancelled, and only that thread.
   */
  @Test
  void aHandlerLearnsFromItsLeaseThatItsJobIsGone() {
    long instance = startInstance("leased-cancelled-work");
    ActivatedJob job = activate("leased-cancelled-work", Duration.ofSeconds(30));

    try (JobHeartbeat.Lease held = heartbeat.hold(job, Duration.ofSeconds(1))) {
      assertThat(JobHeartbeat.heldJobGone()).as("before the cancellation").isFalse();
      client.newCancelInstanceCommand(instance).send().join();
      await().atMost(Duration.ofSeconds(30)).pollInSameThread().until(JobHeartbeat::heldJobGone);
      assertThat(CompletableFuture.supplyAsync(JobHeartbeat::heldJobGone).join()).as("on a thread holding no lease").isFalse();
    }
    assertThat(JobHeartbeat.heldJobGone()).as("after the lease was closed").isFalse();
  }

  @Test
  void aJobWhoseWorkOutlivesItsTimeoutIsNotHandedOutAgain() throws Exception {
    startInstance("long-work");
    startInstance("unattended-work");
    ActivatedJob job = activate("long-work", Duration.ofSeconds(30));
    ActivatedJob unattended = activate("unattended-work", Duration.ofSeconds(30));
    AtomicBoolean finish = new AtomicBoolean();

    CompletableFuture<String> run = CompletableFuture.supplyAsync(() -> heartbeat.whileActive(job, Duration.ofHours(1), cancelled -> {
      await().atMost(Duration.ofSeconds(120)).until(finish::get);
      return "finished";
    }));
    await().atMost(Duration.ofSeconds(30)).until(() -> !records(job.getKey(), JobIntent.TIMEOUT_UPDATED).isEmpty());
    control.increaseTime(Duration.ofMinutes(10));

    // Once the engine has timed out the job nobody renewed, it has also looked at the renewed one.
    await().atMost(Duration.ofSeconds(30)).until(() -> !records(unattended.getKey(), JobIntent.TIMED_OUT).isEmpty());
    assertThat(records(job.getKey(), JobIntent.TIMED_OUT)).isEmpty();
    finish.set(true);
    assertThat(run.join()).isEqualTo("finished");
    client.newCompleteCommand(job.getKey()).send().join();
  }

  @Test
  void everyHandlerOpenedByTheManagerHoldsItsJobPastItsTimeout() throws Exception {
    LeasedJobWorkerManager manager = new LeasedJobWorkerManager(mock(CommandExceptionHandlingStrategy.class), mock(MetricsRecorder.class),
        mock(ParameterResolverStrategy.class), mock(ResultProcessorStrategy.class), BackoffSupplier.newBackoffBuilder().build(),
        mock(JobExceptionHandlingStrategy.class), heartbeat);
    startInstance("leased-work");
    startInstance("unleased-work");
    CountDownLatch handling = new CountDownLatch(1);
    AtomicBoolean finish = new AtomicBoolean();
    List<Long> handled = new java.util.concurrent.CopyOnWriteArrayList<>();
    JobWorkerValue value = new JobWorkerValue();
    value.setType("leased-work");
    value.setName("leased-work");
    value.setTimeout(Duration.ofHours(1));
    value.setMaxJobsActive(4);
    value.setPollInterval(Duration.ofMillis(100));
    value.setStreamEnabled(false);
    JobWorker worker = manager.openWorker(client, value, (jobClient, job) -> {
      handled.add(job.getKey());
      handling.countDown();
      await().atMost(Duration.ofSeconds(120)).until(finish::get);
    });
    try {
      assertThat(handling.await(30, TimeUnit.SECONDS)).isTrue();
      long leased = handled.getFirst();
      ActivatedJob unleased = activate("unleased-work", Duration.ofSeconds(30));
      await().atMost(Duration.ofSeconds(30)).until(() -> !records(leased, JobIntent.TIMEOUT_UPDATED).isEmpty());

      // The engine's clock passes both jobs' deadlines: only the one nobody renews times out.
      control.increaseTime(Duration.ofMinutes(10));
      await().atMost(Duration.ofSeconds(30)).until(() -> !records(unleased.getKey(), JobIntent.TIMED_OUT).isEmpty());
      assertThat(records(leased, JobIntent.TIMED_OUT)).isEmpty();
      assertThat(handled).as("handed out once").containsExactly(leased);
    } finally {
      finish.set(true);
      worker.close();
    }
  }

  @Test
  void aLeaseIsRenewedEveryQuarterOfItAtMostEveryThreeSeconds() {
    assertThat(JobHeartbeat.renewalInterval(Duration.ofSeconds(10))).isEqualTo(Duration.ofMillis(2500));
    assertThat(JobHeartbeat.renewalInterval(Duration.ofHours(3))).isEqualTo(JobHeartbeat.INTERVAL);
    assertThat(JobHeartbeat.renewalInterval(Duration.ofMillis(400))).isEqualTo(Duration.ofMillis(250));
  }

  private static long startInstance(String jobType) {
    return client.newCreateInstanceCommand().bpmnProcessId("long-step").latestVersion()
        .variables(Map.of("jobType", jobType)).send().join().getProcessInstanceKey();
  }

  private static ActivatedJob activate(String jobType, Duration timeout) {
    // Each poll returns within a second: without a request timeout of its own, the command long-polls
    // for the client's whole request timeout (60 s), past this wait, when its job is not created yet.
    return await().atMost(Duration.ofSeconds(30)).until(() -> client.newActivateJobsCommand().jobType(jobType)
        .maxJobsToActivate(1).timeout(timeout).requestTimeout(Duration.ofSeconds(1)).send().join().getJobs(), jobs -> !jobs.isEmpty()).getFirst();
  }

  private static List<Record<JobRecordValue>> records(long jobKey, JobIntent intent) {
    return StreamSupport.stream(control.records().jobRecords().spliterator(), false)
        .filter(r -> r.getKey() == jobKey && r.getIntent() == intent)
        .toList();
  }
}
