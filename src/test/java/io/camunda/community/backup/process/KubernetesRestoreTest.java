package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.sandbox.SandboxCamundaCluster;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.MockKubernetesControllers;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WorkerApplication;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * restore.bpmn in Kubernetes mode against the fabric8 mock API server. The mock has no
 * controllers, so this test plays them: when the orchestrator scales the workloads down it stops
 * the sandbox's components and reports zero replicas; it runs each restore Job (the sandbox's
 * restore application for the broker) and marks it succeeded; it starts the components when the
 * workloads are scaled up again.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesRestoreTest {

  static KubernetesClient kubernetes;

  private static final String NS = "camunda";
  private final InMemoryControlCluster control = InMemoryControlCluster.start();
  private final SandboxTargets sandbox = SandboxTargets.restoreSandbox();
  private MockKubernetesControllers controllers;

  @AfterEach
  void stop() {
    if (controllers != null) {
      controllers.close();
    }
    control.close();
  }

  @Test
  void scalesDownRunsARestoreJobPerBrokerAndScalesUpOnlyAfterApproval() throws Exception {
    Map<String, String> properties = new LinkedHashMap<>(sandbox.clusterProperties(0, "k8s", Tuning.standard()));
    SandboxTargets.restoreClusterProperties().forEach((k, v) -> properties.put("backup-orchestrator.clusters[0]." + k, v));

    ProcessInstanceView restore = backUpAndRestore(sandbox.cluster(), properties, List.of("camunda-optimize", "camunda-connectors"), () -> {});

    assertThat(restore.completedElements()).doesNotContain("Task_RestoreDatabase");
    assertThat(kubernetes.apps().deployments().inNamespace(NS).withName("camunda-optimize").get().getSpec().getReplicas()).isEqualTo(1);
  }

  /**
   * Camunda 8.9 with RDBMS storage and continuous backups: the database is restored while
   * everything is scaled down, before the Jobs run; a restore of a set (a dump joined by the Zeebe
   * backup after it) is a restore to that backup's time, and each broker's Job runs {@code
   * bin/restore --to} with the broker's own environment.
   */
  @Test
  void withRdbmsStorageRestoresTheDatabaseBeforeJobsRunningRestoreToTheSetsPointInTime() throws Exception {
    RdbmsTargets pg = RdbmsTargets.continuous(RdbmsTargets.Vendor.POSTGRESQL, "sandbox-pg-k8s-pitr");
    // No restore-image: the Jobs run the image of restore.camunda-version (8.9.0), not an 8.8 default.
    Map<String, String> properties = new LinkedHashMap<>(pg.clusterProperties(0, "k8s", Map.of(
        "continuous-backups.enabled", "true", "continuous-backups.zeebe-backups", "orchestrator",
        "restore.kubernetes.deployments[0]", "camunda-connectors")));
    pg.execute("DROP TABLE IF EXISTS k8s_probe", "CREATE TABLE k8s_probe (id BIGINT PRIMARY KEY)", "INSERT INTO k8s_probe VALUES (1), (2)");
    pg.cluster().processRecords(5); // the exporter has written EXPORTER_POSITION before the first dump

    // two backups; the second is restored. Changed after it, before the restore: the restore must take it back.
    ProcessInstanceView restore = backUpAndRestore(pg.cluster(), properties, List.of("camunda-connectors"),
        () -> pg.execute("DELETE FROM k8s_probe WHERE id = 1", "INSERT INTO k8s_probe VALUES (3)"), 2);

    assertThat(restore.completedElements()).containsSubsequence("Task_ScaleDown", "Task_RestoreDatabase", "Task_CheckExporterPositions",
        "SubProcess_RestoreBroker", "Task_ScaleUp");
    assertThat(pg.rows("SELECT id FROM k8s_probe ORDER BY id")).containsExactly("1", "2");
    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.at("/restorePoint/zeebeBackupId").asLong()).isEqualTo(pg.cluster().latestZeebeBackupId());
    Job job = kubernetes.batch().v1().jobs().inNamespace(NS).list().getItems().getFirst();
    var container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
    assertThat(container.getImage()).isEqualTo("camunda/camunda:" + RdbmsTargets.VERSION);
    assertThat(container.getCommand().get(2)).endsWith("--to=" + result.at("/restorePoint/at").asText());
    assertThat(container.getEnv()).anySatisfy(variable -> assertThat(variable.getName()).isEqualTo("ZEEBE_RESTORE_TO_TIMESTAMP"));
    assertThat(restore.allVariableValues()).noneMatch(v -> v.contains(pg.password()));
    pg.execute("DROP TABLE k8s_probe");
  }

  /**
   * Backs the cluster {@code k8s} up, runs {@code afterBackup}, then restores it in Kubernetes
   * mode with three brokers and checks what every restore in this mode must do: nothing before
   * the approval; then scale down, one restore Job per broker, scale up; RESTORED.
   */
  private ProcessInstanceView backUpAndRestore(
      SandboxCamundaCluster cluster, Map<String, String> clusterProperties, List<String> deployments, Runnable afterBackup) throws Exception {
    return backUpAndRestore(cluster, clusterProperties, deployments, afterBackup, 1);
  }

  /** {@link #backUpAndRestore(SandboxCamundaCluster, Map, List, Runnable)} after {@code backups} backups, restoring the last. */
  private ProcessInstanceView backUpAndRestore(SandboxCamundaCluster cluster, Map<String, String> clusterProperties,
      List<String> deployments, Runnable afterBackup, int backups) throws Exception {
    controllers = new MockKubernetesControllers(kubernetes, NS);
    controllers.createWorkloads(deployments);
    List<String> events = controllers.events();
    Map<String, String> properties = new LinkedHashMap<>(clusterProperties);
    properties.putAll(Map.of(
        "backup-orchestrator.clusters[0].restore.mode", "kubernetes",
        "backup-orchestrator.clusters[0].restore.broker-count", "3",
        "backup-orchestrator.schedule.enabled", "false",
        "backup-orchestrator.housekeeping.enabled", "false",
        "backup-orchestrator.job-retry-backoff", "PT0.2S"));

    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties, Map.of("kubernetesClient", kubernetes))) {
      long backupId = 0;
      for (int i = 0; i < backups; i++) {
        long backup = app.getBean(BackupRequests.class).start("k8s", null, null, "test");
        await().atMost(Duration.ofSeconds(60)).until(() -> control.instance(backup).isEnded());
        assertThat(control.instance(backup).variable("backupResult").orElseThrow().get("state").asText())
            .as(control.instance(backup).variable("backupResult").orElseThrow().toString()).isEqualTo("COMPLETED");
        backupId = control.instance(backup).variable("backupId").orElseThrow().asLong();
      }
      afterBackup.run();

      controllers.start(cluster, backupId);
      long key = app.getBean(io.camunda.client.CamundaClient.class).newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
          .variables(Map.of("clusterName", "k8s", "requestedBackupId", backupId)).send().join().getProcessInstanceKey();
      ProcessInstanceView restore = control.instance(key);
      UserTasks userTasks = new UserTasks(control).withTimeout(BackupProcessTestSupport.USER_TASK_WAIT);
      UserTaskRef approval = userTasks.awaitOpen(key, "UserTask_Approve");

      // Nothing happens before the approval.
      Thread.sleep(500);
      assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(3);
      assertThat(kubernetes.batch().v1().jobs().inNamespace(NS).list().getItems()).isEmpty();
      assertThat(events).isEmpty();

      userTasks.assign(approval.key(), "alice");
      userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", "k8s"));
      try {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(restore::isEnded);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("restore did not end; active: " + restore.activeElements() + ", incidents: "
            + restore.openIncidents().stream().map(i -> i.getValue().getErrorMessage()).toList() + ", events: " + events, e);
      }
      // Scaling the other Deployments up does not wait for them (verification reads Zeebe and the
      // secondary store only), so the restore may end before the controllers' next pass sees them.
      List<String> othersUp = deployments.stream().map(d -> "deployment " + d + " scaled-up").toList();
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> events.containsAll(othersUp));
      controllers.stopActing();

      assertThat(restore.variable("restoreResult").orElseThrow().get("state").asText()).isEqualTo("RESTORED");
      assertThat(restore.completedElements()).containsSubsequence("Task_ScaleDown", "SubProcess_RestoreBroker", "Task_ScaleUp",
              "SubProcess_WaitClusterHealthy", "Task_ScaleUpOthers", "Task_VerifyRestore")
          .doesNotContain("UserTask_StopComponents", "UserTask_RestoreZeebe", "UserTask_StartComponents");
      // In that order: down, one restore Job per broker, Zeebe up alone, then (once it is healthy)
      // the other components in their configured order.
      List<String> expected = new ArrayList<>(List.of("scaled-down"));
      int zeebeUp = events.indexOf("scaled-up");
      assertThat(events.subList(1, zeebeUp)).containsExactlyInAnyOrder(
          "job camunda-zeebe-restore-" + backupId + "-0", "job camunda-zeebe-restore-" + backupId + "-1", "job camunda-zeebe-restore-" + backupId + "-2");
      expected.addAll(events.subList(1, zeebeUp));
      expected.add("scaled-up");
      assertThat(events.subList(0, zeebeUp + 1)).containsExactlyElementsOf(expected);
      // (one controller pass may see several Deployments up at once: their order is not observable here)
      assertThat(events.subList(zeebeUp + 1, events.size()))
          .containsExactlyInAnyOrderElementsOf(othersUp);
      assertThat(statefulSet().getSpec().getReplicas()).isEqualTo(3);
      for (String deployment : deployments) {
        assertThat(kubernetes.apps().deployments().inNamespace(NS).withName(deployment).get().getSpec().getReplicas()).isEqualTo(1);
      }
      return restore;
    }
  }

  private StatefulSet statefulSet() {
    return controllers.statefulSet();
  }
}
