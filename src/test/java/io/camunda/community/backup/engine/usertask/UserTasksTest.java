package io.camunda.community.backup.engine.usertask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Camunda user tasks ({@code zeebe:userTask}) against the in-memory engine: completed directly
 * through {@link UserTasks}, through an unchanged {@link CamundaClient} via the {@link
 * UserTaskRestBridge}, and left open until a boundary timer fires.
 */
class UserTasksTest {

  private static InMemoryControlCluster control; // own engine: the timer test moves the clock
  private static UserTasks userTasks;
  private static UserTaskRestBridge bridge;
  private static CamundaClient client;

  @BeforeAll
  static void start() {
    control = InMemoryControlCluster.start();
    userTasks = new UserTasks(control);
    bridge = UserTaskRestBridge.start(userTasks);
    client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create(control.grpcAddress()))
        .restAddress(URI.create(bridge.restAddress()))
        .preferRestOverGrpc(false)
        .applyEnvironmentVariableOverrides(false)
        .defaultRequestTimeout(InMemoryControlCluster.REQUEST_TIMEOUT)
        .build();
  }

  @AfterAll
  static void stop() {
    if (client != null) {
      client.close();
    }
    if (bridge != null) {
      bridge.close();
    }
    if (control != null) {
      control.close();
    }
  }

  @Test
  void completesAUserTaskDirectly() {
    deploy(Bpmn.createExecutableProcess("ut-direct")
        .startEvent()
        .userTask("approve", t -> t.zeebeUserTask()
            .zeebeCandidateGroups("ops, admins")
            .zeebeExternalFormReference("https://forms.example/approve")
            .zeebeTaskHeader("kind", "backup-approval"))
        .endEvent("approved")
        .done());
    long instance = startInstance("ut-direct", Map.of("backupId", 42, "cluster", Map.of("name", "prod")));

    UserTaskRef task = userTasks.awaitOpen(instance, "approve");
    assertThat(task.processInstanceKey()).isEqualTo(instance);
    assertThat(task.bpmnProcessId()).isEqualTo("ut-direct");
    assertThat(task.candidateGroups()).containsExactly("ops", "admins");
    assertThat(task.externalFormReference()).isEqualTo("https://forms.example/approve");
    assertThat(task.hasForm()).isTrue();
    assertThat(task.assigneeIfAny()).isEmpty();
    assertThat(task.customHeaders()).containsEntry("kind", "backup-approval");
    assertThat(task.variables()).containsEntry("backupId", 42).containsEntry("cluster", Map.of("name", "prod"));
    assertThat(userTasks.open(instance)).extracting(UserTaskRef::key).containsExactly(task.key());

    userTasks.assign(task.key(), "alice");
    assertThat(userTasks.find(task.key()).orElseThrow().assignee()).isEqualTo("alice");
    assertThat(userTasks.find(task.key()).orElseThrow().elementId()).isEqualTo("approve");
    userTasks.unassign(task.key());
    assertThat(userTasks.find(task.key()).orElseThrow().assigneeIfAny()).isEmpty();

    userTasks.complete(task.key(), Map.of("approved", true), "approve");

    ProcessInstanceView view = control.instance(instance);
    await(view::isCompleted, "instance " + instance + " completes");
    assertThat(view.variable("approved")).map(JsonNode::booleanValue).contains(true);
    assertThat(view.completedElements()).contains("approve", "approved");
    assertThat(userTasks.open(instance)).isEmpty();
    assertThat(completedTask(task.key()).getAction()).isEqualTo("approve");

    assertThatThrownBy(() -> userTasks.complete(task.key(), Map.of()))
        .isInstanceOfSatisfying(UserTasks.Rejected.class,
            r -> assertThat(r.rejectionType()).isEqualTo(RejectionType.NOT_FOUND));
  }

  @Test
  void completesAUserTaskWithTheCamundaClientThroughTheRestBridge() {
    deploy(Bpmn.createExecutableProcess("ut-rest")
        .startEvent()
        .userTask("approve", t -> t.zeebeUserTask())
        .endEvent("approved")
        .done());
    long instance = startInstance("ut-rest", Map.of());
    UserTaskRef task = userTasks.awaitOpen(instance, "approve");

    client.newAssignUserTaskCommand(task.key()).assignee("alice").send().join();
    assertThat(userTasks.find(task.key()).orElseThrow().assignee()).isEqualTo("alice");
    assertThatThrownBy(() -> client.newAssignUserTaskCommand(task.key()).assignee("bob").allowOverride(false).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(409);
          assertThat(e.details().getTitle()).isEqualTo("INVALID_STATE");
        });

    client.newCompleteUserTaskCommand(task.key()).variables(Map.of("approved", true)).send().join();

    ProcessInstanceView view = control.instance(instance);
    await(view::isCompleted, "instance " + instance + " completes");
    assertThat(view.variable("approved")).map(JsonNode::booleanValue).contains(true);
    assertThat(completedTask(task.key()).getAction()).isEqualTo("complete");
    assertThat(bridge.requests()).contains(
        "POST /v2/user-tasks/" + task.key() + "/assignment -> 204",
        "POST /v2/user-tasks/" + task.key() + "/completion -> 204");

    // The task is gone: the engine rejects, the client sees the REST API's 404 problem.
    assertThatThrownBy(() -> client.newCompleteUserTaskCommand(task.key()).send().join())
        .isInstanceOfSatisfying(ProblemException.class, e -> {
          assertThat(e.code()).isEqualTo(404);
          assertThat(e.details().getTitle()).isEqualTo("NOT_FOUND");
        });
  }

  @Test
  void anApprovalTimesOutWhenItsBoundaryTimerFires() {
    deploy(Bpmn.createExecutableProcess("ut-timeout")
        .startEvent()
        .userTask("approve", t -> t.zeebeUserTask().zeebeCandidateGroups("ops"))
        .boundaryEvent("approvalTimeout", b -> b.cancelActivity(true).timerWithDuration("PT1H"))
        .endEvent("timedOut")
        .moveToActivity("approve")
        .endEvent("approved")
        .done());
    long instance = startInstance("ut-timeout", Map.of());
    UserTaskRef task = userTasks.awaitOpen(instance, "approve");
    ProcessInstanceView view = control.instance(instance);

    control.increaseTime(Duration.ofMinutes(30));
    sleep(Duration.ofMillis(300));
    assertThat(view.isEnded()).as("timer must not fire after 30 min").isFalse();
    assertThat(userTasks.find(task.key())).isPresent();

    control.increaseTime(Duration.ofMinutes(31));
    await(view::isCompleted, "instance " + instance + " times out");
    assertThat(view.completedElements()).contains("approvalTimeout", "timedOut").doesNotContain("approved");
    assertThat(userTasks.open(instance)).isEmpty();
    assertThatThrownBy(() -> userTasks.complete(task.key(), Map.of("approved", true)))
        .isInstanceOfSatisfying(UserTasks.Rejected.class,
            r -> assertThat(r.rejectionType()).isEqualTo(RejectionType.NOT_FOUND));
  }

  @Test
  void theBridgeSurvivesTheDisposalOfTheGlobalReactorNettyResources() {
    // What closing a Spring context with WebFlux does; the bridge runs on its own loops.
    reactor.netty.http.HttpResources.disposeLoopsAndConnections();

    deploy(Bpmn.createExecutableProcess("ut-survive")
        .startEvent()
        .userTask("approve", t -> t.zeebeUserTask())
        .endEvent()
        .done());
    long instance = startInstance("ut-survive", Map.of());
    UserTaskRef task = userTasks.awaitOpen(instance, "approve");
    client.newCompleteUserTaskCommand(task.key()).variable("approved", false).send().join();

    ProcessInstanceView view = control.instance(instance);
    await(view::isCompleted, "instance " + instance + " completes");
    assertThat(view.variable("approved")).map(JsonNode::booleanValue).contains(false);
  }

  @Test
  void failsClearlyWhenTheEngineIsNotTheKnownInMemoryEngine() {
    io.camunda.zeebe.process.test.api.ZeebeTestEngine other = (io.camunda.zeebe.process.test.api.ZeebeTestEngine)
        java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {io.camunda.zeebe.process.test.api.ZeebeTestEngine.class}, (proxy, method, args) -> null);
    assertThatThrownBy(() -> new UserTasks(other).complete(1L, Map.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("UserTasks cannot write commands into the in-memory engine")
        .hasMessageContaining("InMemoryEngine.gateway -> GrpcToLogStreamGateway.writer -> CommandWriter.writer");
  }

  // ---------------------------------------------------------------- helpers

  private static void deploy(BpmnModelInstance model) {
    String id = model.getModelElementsByType(io.camunda.zeebe.model.bpmn.instance.Process.class).iterator().next().getId();
    client.newDeployResourceCommand().addProcessModel(model, id + ".bpmn").send().join();
  }

  private static long startInstance(String processId, Map<String, Object> variables) {
    return client.newCreateInstanceCommand().bpmnProcessId(processId).latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
  }

  @SuppressWarnings("unchecked")
  private static UserTaskRecordValue completedTask(long userTaskKey) {
    List<Record<?>> records = io.camunda.community.backup.engine.EngineRecords.copy(control.engine()).stream()
        .toList();
    return records.stream()
        .filter(r -> r.getValueType() == ValueType.USER_TASK && r.getRecordType() == RecordType.EVENT
            && r.getIntent() == UserTaskIntent.COMPLETED && r.getKey() == userTaskKey)
        .map(r -> ((Record<UserTaskRecordValue>) r).getValue())
        .findFirst()
        .orElseThrow(() -> new AssertionError("no USER_TASK COMPLETED for " + userTaskKey));
  }

  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      sleep(Duration.ofMillis(10));
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
