package io.camunda.community.backup.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Several in-memory engines in one JVM, answering requests at the same time, each answer its own
 * requests: zeebe-process-test 8.8.21 kept the response being written in static fields shared by
 * all engines (fixed by this project's copy of {@code GrpcResponseWriter} on the test classpath).
 * Without the fix one engine's answer carried the other's record, or failed to deserialize and
 * never reached its client.
 */
class ConcurrentEnginesTest {

  private static final int INSTANCES = 150;

  @Test
  void twoEnginesAnsweringAtOnceEachAnswerTheirOwnRequests() {
    try (InMemoryControlCluster a = InMemoryControlCluster.start(); InMemoryControlCluster b = InMemoryControlCluster.start();
        CamundaClient clientA = client(a); CamundaClient clientB = client(b)) {
      deploy(clientA, "process-of-a");
      deploy(clientB, "process-of-b");
      CompletableFuture<List<String>> fromA = CompletableFuture.supplyAsync(() -> create(clientA, "process-of-a"));
      CompletableFuture<List<String>> fromB = CompletableFuture.supplyAsync(() -> create(clientB, "process-of-b"));

      assertThat(fromA.join()).hasSize(INSTANCES).containsOnly("process-of-a");
      assertThat(fromB.join()).hasSize(INSTANCES).containsOnly("process-of-b");
    }
  }

  private static CamundaClient client(InMemoryControlCluster engine) {
    return CamundaClient.newClientBuilder().grpcAddress(URI.create(engine.grpcAddress())).restAddress(URI.create("http://localhost:1"))
        .preferRestOverGrpc(false).applyEnvironmentVariableOverrides(false)
        // an answer lost to the race would otherwise be waited for a minute
        .defaultRequestTimeout(Duration.ofSeconds(10)).build();
  }

  private static void deploy(CamundaClient client, String processId) {
    client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess(processId).startEvent().endEvent().done(),
        processId + ".bpmn").send().join();
  }

  /** The process ID each creation's answer names, in order. */
  private static List<String> create(CamundaClient client, String processId) {
    List<String> answered = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      ProcessInstanceEvent event = client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
          .variables(Map.of("i", i, "padding", "x".repeat(i % 40))).send().join();
      answered.add(event.getBpmnProcessId());
    }
    return answered;
  }
}
