package io.camunda.community.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
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

  private static long startInstance(String jobType) {
    return client.newCreateInstanceCommand().bpmnProcessId("long-step").latestVersion()
        .variables(Map.of("jobType", jobType)).send().join().getProcessInstanceKey();
  }

  private static ActivatedJob activate(String jobType, Duration timeout) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> client.newActivateJobsCommand().jobType(jobType)
        .maxJobsToActivate(1).timeout(timeout).send().join().getJobs(), jobs -> !jobs.isEmpty()).getFirst();
  }

  private static List<Record<JobRecordValue>> records(long jobKey, JobIntent intent) {
    return StreamSupport.stream(control.records().jobRecords().spliterator(), false)
        .filter(r -> r.getKey() == jobKey && r.getIntent() == intent)
        .toList();
  }
}
