package io.camunda.community.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.client.spring.properties.CamundaClientProperties;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a fleet's blocking steps never wait for a free handler thread. With the executor of
 * {@link JobHandlerThreads} (two scheduler threads, as configured), 60 jobs whose handlers all
 * block until every one of them has started do all run at once on the real engine; a pool of
 * platform threads would run as many as it has threads and the latch would never open.
 */
class JobHandlerThreadsTest {

  private static final int JOBS = 60;

  @Test
  void sixtyBlockingHandlersRunAtOnceOnTwoSchedulerThreads() throws Exception {
    CamundaClientProperties properties = new CamundaClientProperties();
    properties.setExecutionThreads(2);
    try (InMemoryControlCluster control = InMemoryControlCluster.start();
        CamundaClient client = CamundaClient.newClientBuilder()
            .grpcAddress(URI.create(control.grpcAddress()))
            .restAddress(URI.create("http://localhost:1"))
            .preferRestOverGrpc(false)
            .applyEnvironmentVariableOverrides(false)
            .defaultRequestTimeout(InMemoryControlCluster.REQUEST_TIMEOUT)
            .jobWorkerExecutor(new JobHandlerThreads().camundaClientExecutorService(properties).get(), true)
            .build()) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("blocking-step")
          .startEvent().serviceTask("work", t -> t.zeebeJobType("blocking")).endEvent().done(), "blocking-step.bpmn").send().join();
      for (int i = 0; i < JOBS; i++) {
        client.newCreateInstanceCommand().bpmnProcessId("blocking-step").latestVersion().variables(Map.of("i", i)).send().join();
      }
      CountDownLatch allStarted = new CountDownLatch(JOBS);
      AtomicBoolean onPlatformThread = new AtomicBoolean();
      try (JobWorker ignored = client.newWorker().jobType("blocking")
          .handler((jobClient, job) -> {
            onPlatformThread.compareAndSet(false, !Thread.currentThread().isVirtual());
            allStarted.countDown();
            allStarted.await(60, TimeUnit.SECONDS); // blocks its thread until all 60 handlers run
            jobClient.newCompleteCommand(job).send().join();
          })
          .maxJobsActive(512).timeout(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(100))
          .requestTimeout(Duration.ofSeconds(1)).open()) {
        assertThat(allStarted.await(60, TimeUnit.SECONDS)).as("all %d handlers running at the same time", JOBS).isTrue();
      }
      assertThat(onPlatformThread).as("a handler ran on a platform thread").isFalse();
    }
  }
}
