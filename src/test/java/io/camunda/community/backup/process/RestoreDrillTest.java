package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.client.CamundaClient;
import io.camunda.community.backup.control.DrillRequests;
import io.camunda.community.backup.control.InvalidRequestException;
import io.camunda.community.backup.control.RestoreRequests;
import io.camunda.community.backup.engine.ControlClusterRestApi;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.retention.BackupSetDeleter;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.testsupport.MockKubernetesControllers;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.DrillPair;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WebhookReceiver;
import io.camunda.community.backup.testsupport.WorkerApplication;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * restore-drill.bpmn (issue 13 item 4) on two installations: the source {@code drill-source} on the
 * shared OpenSearch node, and the scratch target {@code drill-scratch}, a second OpenSearch node
 * (another search cluster) that reads the source's repository read-only, with brokers reading the
 * source's Zeebe backup store, restored in Kubernetes mode over the fabric8 mock.
 */
@EnableKubernetesMockClient(crud = true)
class RestoreDrillTest {

  static KubernetesClient kubernetes;

  private static final String NS = "camunda-scratch";
  private static final String OPERATE_INDEX = "operate-list-view-8.3.0_";
  private final InMemoryControlCluster control = InMemoryControlCluster.start();
  private final DrillPair drill = SandboxTargets.drillPair();
  private final WebhookReceiver notifications = WebhookReceiver.answering();
  private MockKubernetesControllers controllers;

  @org.junit.jupiter.api.AfterAll
  static void stopDrillPair() {
    SandboxTargets.closeDrillPair();
  }

  @AfterEach
  void stop() {
    if (controllers != null) {
      controllers.close();
    }
    notifications.close();
    control.close();
  }

  @Test
  void aDrillRestoresTheSourcesNewestBackupIntoTheScratchTargetUnattendedAndLeavesTheSourceAlone() {
    controllers = new MockKubernetesControllers(kubernetes, NS);
    controllers.createWorkloads(List.of("camunda-optimize"));
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties(drill.scratch()), Map.of("kubernetesClient", kubernetes))) {
      long backupId = backUpSource(app);
      SandboxOpenSearch source = drill.source().openSearch();
      SandboxOpenSearch scratch = drill.scratch().openSearch();
      long sourceDocuments = source.count(OPERATE_INDEX);
      List<String> sourceSnapshots = source.snapshotNames(drill.source().cluster().options().repositoryName());
      // The scratch target holds something else: the drill must replace it with the source's backup.
      scratch.index(OPERATE_INDEX, Map.of("note", "scratch data, not in any backup"));
      assertThat(scratch.count(OPERATE_INDEX)).isNotEqualTo(sourceDocuments);

      controllers.start(drill.scratch().cluster(), backupId);
      ProcessInstanceView run = control.instance(app.getBean(DrillRequests.class).request("drill-scratch", "test").processInstanceKey());
      awaitEnded(run);

      JsonNode result = run.variable("drillResult").orElseThrow();
      assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("PASSED");
      assertThat(result.get("sourceCluster").asText()).isEqualTo("drill-source");
      assertThat(result.get("targetCluster").asText()).isEqualTo("drill-scratch");
      assertThat(result.get("backupId").asLong()).isEqualTo(backupId);
      assertThat(Duration.parse(result.get("rto").asText())).isPositive();
      assertThat(result.get("phases").fieldNames()).toIterable()
          .containsExactly("stop components", "restore data", "start until healthy", "verify");
      assertThat(run.completedElements()).containsSubsequence("Task_CheckDrillTarget", "CallActivity_RestoreNewestBackup",
          "Task_RecordDrillResult", "EndEvent_DrillPassed");

      // Unattended: no approval task, the approval recorded as such.
      ProcessInstanceView restore = control.instance(run.childInstances().getFirst());
      assertThat(restore.variable("clusterName").orElseThrow().asText()).isEqualTo("drill-scratch");
      assertThat(restore.completedElements()).contains("Task_RecordUnattendedApproval", "Task_ScaleDown", "Task_VerifyRestore")
          .doesNotContain("UserTask_Approve", "UserTask_SecondApproval");
      assertThat(restore.variable("firstApprover").orElseThrow().asText()).isEqualTo("unattended (drill target)");

      // The scratch target now holds the source's backup; the source was only read.
      assertThat(scratch.count(OPERATE_INDEX)).isEqualTo(sourceDocuments);
      assertThat(source.count(OPERATE_INDEX)).isEqualTo(sourceDocuments);
      assertThat(source.snapshotNames(drill.source().cluster().options().repositoryName())).containsExactlyInAnyOrderElementsOf(sourceSnapshots);
      assertThat(drill.source().cluster().componentsRunning()).isTrue();
      assertThat(lockedClusters()).as("clusters whose lock was taken").containsOnly("drill-source", "drill-scratch")
          .filteredOn("drill-source"::equals).hasSize(1); // the backup's own, before the drill

      MeterRegistry meters = app.getBean(MeterRegistry.class);
      assertThat(meters.get("c8backup.drills").tags("cluster", "drill-source", "outcome", "PASSED").counter().count()).isEqualTo(1);
      assertThat(meters.get("c8backup.drill.rto").tags("cluster", "drill-source").gauge().value()).isPositive();
      JsonNode notified = awaitNotification(run.key());
      assertThat(notified.get("event").asText()).isEqualTo("drill-finished");
      assertThat(notified.get("summary").asText()).contains("PASSED").contains("backup " + backupId).contains("'drill-scratch'");
      assertThat(run.allVariableValues()).noneMatch(v -> v.contains(SandboxTargets.SECRET));
      // verified exactly: each index held, right after its restore, the bytes the manifest recorded
      JsonNode operate = run.variable("restoreResult").orElseThrow().at("/verification/indices/" + OPERATE_INDEX);
      assertThat(operate.get("manifestBytes").asLong()).isPositive().isEqualTo(operate.get("restoredBytes").asLong());

      // A dry run of the source now says how long its restore takes: what the drill measured.
      ProcessInstanceView dryRun = control.instance(app.getBean(RestoreRequests.class)
          .request("drill-source", null, null, "api", "test", true).processInstanceKey());
      await().atMost(Duration.ofSeconds(60)).until(dryRun::isEnded);
      JsonNode plan = dryRun.variable("restoreResult").orElseThrow();
      assertThat(plan.get("state").asText()).isEqualTo("DRY_RUN");
      assertThat(plan.at("/plan/expectedDuration/duration").asText()).isEqualTo(result.get("rto").asText());
      assertThat(plan.at("/plan/expectedDuration/drillTarget").asText()).isEqualTo("drill-scratch");
      assertThat(plan.get("summary").asText()).contains("- Expected duration: " + result.get("rto").asText() + " (approval to verified end),"
          + " measured by the restore drill into 'drill-scratch'");
    }

    // A worker started after the drill still knows it: read from the control cluster's finished drills.
    try (ControlClusterRestApi search = ControlClusterRestApi.serving(control)) {
      Map<String, String> restarted = new LinkedHashMap<>(properties(drill.scratch()));
      restarted.put("camunda.client.rest-address", search.restAddress());
      try (ConfigurableApplicationContext app = WorkerApplication.start(control, restarted, Map.of("kubernetesClient", kubernetes))) {
        ProcessInstanceView dryRun = control.instance(app.getBean(RestoreRequests.class)
            .request("drill-source", null, null, "api", "test", true).processInstanceKey());
        await().atMost(Duration.ofSeconds(60)).until(dryRun::isEnded);
        JsonNode plan = dryRun.variable("restoreResult").orElseThrow();
        JsonNode drilled = control.instance(control.instancesOf("restore-drill").getFirst()).variable("drillResult").orElseThrow();
        assertThat(plan.at("/plan/expectedDuration/duration").asText()).isEqualTo(drilled.get("rto").asText());
        assertThat(plan.at("/plan/expectedDuration/fromDrillAt").asText()).isEqualTo(drilled.get("finishedAt").asText());
      }
    }
  }

  @Test
  void aSetChangedAfterItsBackupFailsTheDrillsExactVerificationNamingTheIndex() {
    controllers = new MockKubernetesControllers(kubernetes, NS);
    controllers.createWorkloads(List.of("camunda-optimize"));
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties(drill.scratch()), Map.of("kubernetesClient", kubernetes))) {
      long backupId = backUpSource(app);
      // One snapshot of the set taken again under its name, with the same indices, after the data changed:
      // the pre-flight (same snapshots, same index lists) cannot tell; only the restored bytes can.
      SandboxOpenSearch source = drill.source().openSearch();
      String repository = drill.source().cluster().options().repositoryName();
      String snapshot = source.snapshotNames(repository).stream()
          .filter(name -> name.contains("_" + backupId + "_") && indicesOf(source, repository, name).contains(OPERATE_INDEX)).findFirst().orElseThrow();
      source.index(OPERATE_INDEX, Map.of("note", "written after the backup"));
      source.retakeSnapshot(repository, snapshot);

      controllers.start(drill.scratch().cluster(), backupId);
      ProcessInstanceView run = control.instance(app.getBean(DrillRequests.class).request("drill-scratch", "test").processInstanceKey());
      await().atMost(Duration.ofSeconds(120)).until(() -> !run.childInstances().isEmpty()
          && !control.instance(run.childInstances().getFirst()).openIncidents().isEmpty());

      ProcessInstanceView restore = control.instance(run.childInstances().getFirst());
      assertThat(restore.activeElements()).contains("Task_ReportRestoreDifferences");
      assertThat(restore.openIncidents().getFirst().getValue().getErrorMessage()).startsWith("RESTORED WITH DIFFERENCES")
          .contains(OPERATE_INDEX + ": SIZE DIFFERS FROM MANIFEST");
      assertThat(restore.variable("restoreResult").orElseThrow().get("state").asText()).isEqualTo("RESTORED_WITH_PROBLEMS");
      assertThat(run.activeElements()).as("the drill waits for the restore's incident").contains("CallActivity_RestoreNewestBackup");
    }
  }

  /**
   * RDBMS (PostgreSQL): the scratch target's own database on the same server, reading the source's
   * dump directory and Zeebe backup store; restored with the source's dump, the source untouched.
   */
  @Test
  void anRdbmsDrillRestoresTheSourcesDumpIntoTheScratchDatabaseAndLeavesTheSourceAlone() {
    RdbmsTargets source = RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL);
    RdbmsTargets scratch = RdbmsTargets.postgresDrillScratch();
    Map<String, String> properties = rdbmsDrillProperties(source, "pg-source", scratch, "pg-scratch");
    try {
      try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties, Map.of("kubernetesClient", kubernetes))) {
        ProcessInstanceView run = backUpThenDrill(app, source, "pg-source", scratch, "pg-scratch");
        assertThat(run.variable("targetIdentity").orElseThrow().asText()).endsWith("/camunda_drill");
        ProcessInstanceView restore = control.instance(run.childInstances().getFirst());
        assertThat(restore.variable("restoreResult").orElseThrow().at("/verification/tables/public.drill_probe/status").asText())
            .isEqualTo("OK");
      }
      // The same scratch target configured with the source's database: refused, the source's data untouched.
      properties.put("backup-orchestrator.clusters[1].secondary-storage.database.name", "camunda");
      try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties, Map.of("kubernetesClient", kubernetes))) {
        ProcessInstanceView refused = control.instance(app.getBean(DrillRequests.class).request("pg-scratch", "test").processInstanceKey());
        await().atMost(Duration.ofSeconds(30)).until(() -> refused.variable("drillResult").isPresent());
        assertThat(refused.variable("drillResult").orElseThrow().get("state").asText()).isEqualTo("REFUSED");
        assertThat(refused.variable("drillResult").orElseThrow().get("reason").asText())
            .contains("is the same cluster as its source 'pg-source' (both restore into 127.0.0.1:");
        assertThat(refused.childInstances()).isEmpty();
        assertThat(source.rows("SELECT id FROM drill_probe ORDER BY id")).containsExactly("1", "2", "3");
      }
    } finally {
      source.execute("DROP TABLE IF EXISTS drill_probe");
    }
  }

  /**
   * RDBMS (MariaDB): the scratch target is another MariaDB server with a database of the source's
   * name (startup refuses anything else: a mariadb-dump file recreates the database it was taken
   * from); restored with the source's dump and verified per table, the source untouched.
   */
  @Test
  void aMariaDbDrillRestoresTheSourcesDumpIntoAnotherServerAndLeavesTheSourceAlone() {
    RdbmsTargets source = RdbmsTargets.shared(RdbmsTargets.Vendor.MARIADB);
    RdbmsTargets scratch = RdbmsTargets.mariaDbDrillScratch();
    Map<String, String> properties = rdbmsDrillProperties(source, "maria-source", scratch, "maria-scratch");
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties, Map.of("kubernetesClient", kubernetes))) {
      ProcessInstanceView run = backUpThenDrill(app, source, "maria-source", scratch, "maria-scratch");
      ProcessInstanceView restore = control.instance(run.childInstances().getFirst());
      JsonNode tables = restore.variable("restoreResult").orElseThrow().at("/verification/tables");
      assertThat(tables.get("drill_probe").get("restored").asLong()).isEqualTo(2);
      assertThat(tables.get("drill_probe").get("status").asText()).isEqualTo("OK");
    } finally {
      source.execute("DROP TABLE IF EXISTS drill_probe");
      controllers.close(); // before its cluster stops: closing starts the components it stopped
      controllers = null;
      RdbmsTargets.closeMariaDbDrillScratch(scratch);
    }
  }

  /**
   * The source as cluster 0, the scratch target (Kubernetes mode, the mock's controllers) drilling
   * it as cluster 1; {@code drill_probe} holds rows 1 and 2 on the source and 99 on the scratch.
   */
  private Map<String, String> rdbmsDrillProperties(RdbmsTargets source, String sourceName, RdbmsTargets scratch, String scratchName) {
    controllers = new MockKubernetesControllers(kubernetes, NS);
    controllers.createWorkloads(List.of("camunda-connectors"));
    Map<String, String> properties = new LinkedHashMap<>(source.clusterProperties(0, sourceName, Map.of()));
    properties.putAll(scratch.clusterProperties(1, scratchName, Map.of("scheduled", "false", "drill.source-cluster", sourceName,
        "restore.mode", "kubernetes", "restore.broker-count", "3", "restore.kubernetes.namespace", NS,
        "restore.kubernetes.deployments[0]", "camunda-connectors")));
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    properties.put("backup-orchestrator.job-retry-backoff", "PT0.2S");
    source.execute("DROP TABLE IF EXISTS drill_probe", "CREATE TABLE drill_probe (id BIGINT PRIMARY KEY)", "INSERT INTO drill_probe VALUES (1), (2)");
    scratch.execute("DROP TABLE IF EXISTS drill_probe", "CREATE TABLE drill_probe (id BIGINT PRIMARY KEY)", "INSERT INTO drill_probe VALUES (99)");
    return properties;
  }

  /**
   * Backs the source up, adds row 3 to its {@code drill_probe}, drills: PASSED with that backup,
   * the scratch holding exactly the dumped rows, the source its own, no password in the run.
   */
  private ProcessInstanceView backUpThenDrill(ConfigurableApplicationContext app, RdbmsTargets source, String sourceName,
      RdbmsTargets scratch, String scratchName) {
    ProcessInstanceView backup = control.instance(app.getBean(BackupRequests.class).start(sourceName, null, null, "test"));
    await().atMost(Duration.ofSeconds(60)).until(backup::isEnded);
    assertThat(backup.variable("backupResult").orElseThrow().get("state").asText()).isEqualTo("COMPLETED");
    long backupId = backup.variable("backupId").orElseThrow().asLong();
    source.execute("INSERT INTO drill_probe VALUES (3)"); // after the backup: the drill must not bring it

    controllers.start(scratch.cluster(), backupId);
    ProcessInstanceView run = control.instance(app.getBean(DrillRequests.class).request(scratchName, "test").processInstanceKey());
    awaitEnded(run);

    JsonNode result = run.variable("drillResult").orElseThrow();
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("PASSED");
    assertThat(result.get("backupId").asLong()).isEqualTo(backupId);
    assertThat(scratch.rows("SELECT id FROM drill_probe ORDER BY id")).containsExactly("1", "2");
    assertThat(source.rows("SELECT id FROM drill_probe ORDER BY id")).as("the source untouched").containsExactly("1", "2", "3");
    assertThat(control.instance(run.childInstances().getFirst()).completedElements())
        .contains("Task_RecordUnattendedApproval", "Task_RestoreDatabase");
    assertThat(run.allVariableValues()).noneMatch(v -> v.contains(source.password()));
    return run;
  }

  @Test
  void aDrillTargetThatReachesTheSourcesOwnSearchClusterIsRefusedBeforeAnythingIsTouched() {
    // drill-scratch's own management API, but the source's OpenSearch: the same data under another name.
    Map<String, String> properties = properties(drill.source());
    properties.put("backup-orchestrator.clusters[1].management-url", drill.scratch().cluster().managementUrl());
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties, Map.of("kubernetesClient", kubernetes))) {
      SandboxOpenSearch source = drill.source().openSearch();
      List<String> indices = source.indices();
      long documents = source.count(OPERATE_INDEX);

      // started from the command line, as an operator would
      assertThat(command(properties, "drill", "drill-scratch")).isEqualTo(0);
      await().atMost(Duration.ofSeconds(10)).until(() -> !control.instancesOf("restore-drill").isEmpty());
      ProcessInstanceView run = control.instance(control.instancesOf("restore-drill").getFirst());
      await().atMost(Duration.ofSeconds(30)).until(() -> !run.openIncidents().isEmpty());

      JsonNode result = run.variable("drillResult").orElseThrow();
      assertThat(result.get("state").asText()).isEqualTo("REFUSED");
      assertThat(result.get("reason").asText()).contains("same cluster as its source 'drill-source'").contains("search cluster with UUID");
      assertThat(run.activeElements()).contains("Task_ReportFailedDrill");
      assertThat(run.openIncidents().getFirst().getValue().getErrorMessage()).startsWith("RESTORE DRILL REFUSED")
          .contains("The source cluster was not touched").contains("Nothing was restored. Check the drill target's configuration")
          .doesNotContain("restore instance this drill called");
      assertThat(run.childInstances()).as("no restore was started").isEmpty();
      assertThat(source.indices()).isEqualTo(indices);
      assertThat(source.count(OPERATE_INDEX)).isEqualTo(documents);
      assertThat(app.getBean(MeterRegistry.class).get("c8backup.drills").tags("cluster", "drill-source", "outcome", "REFUSED")
          .counter().count()).isEqualTo(1);
    }
  }

  @Test
  void aDrillTargetIsNeverBackedUpWhetherAskedThroughTheApiOrTheModel() {
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties(drill.scratch()), Map.of("kubernetesClient", kubernetes))) {
      assertThatThrownBy(() -> app.getBean(BackupRequests.class).request("drill-scratch", null, null, "api", "test"))
          .isInstanceOf(InvalidRequestException.class).hasMessageContaining("'drill-scratch' is a drill target");
      // the command line refuses both before anything starts (exit 2: invalid input)
      Map<String, String> properties = properties(drill.scratch());
      assertThat(command(properties, "backup", "drill-scratch")).isEqualTo(2);
      assertThat(command(properties, "drill", "drill-source")).as("drill into a cluster that is no drill target").isEqualTo(2);
      assertThat(command(properties, "retention", "drill-scratch")).as("the sets it sees are the source's").isEqualTo(2);
      // and whatever asks, nothing is deleted through a drill target: the source's restore points
      long sourceBackup = backUpSource(app);
      assertThatThrownBy(() -> app.getBean(BackupSetDeleter.class).delete("drill-scratch", sourceBackup))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("retention runs on the source only");
      assertThat(drill.source().cluster().zeebeBackupIds()).contains(sourceBackup);
      assertThat(control.instancesOf("restore-drill")).isEmpty();
      // As a Tasklist start form would: the model's first step refuses it before any lock is taken.
      long key = app.getBean(CamundaClient.class).newCreateInstanceCommand().bpmnProcessId("backup").latestVersion()
          .variables(Map.of("clusterName", "drill-scratch")).send().join().getProcessInstanceKey();
      ProcessInstanceView backup = control.instance(key);
      await().atMost(Duration.ofSeconds(30)).until(backup::isEnded);
      assertThat(backup.variable("errorCode").orElseThrow().asText()).isEqualTo("DRILL_TARGET");
      assertThat(backup.variable("failureReason").orElseThrow().asText()).contains("back up 'drill-source' instead");
      assertThat(backup.completedElements()).doesNotContain("CallActivity_AcquireClusterLock");
    }
  }

  @Test
  void aScheduledDrillStartsOnItsCron() {
    // Refused at once (the source's own search cluster): what is tested here is that the timer starts it.
    Map<String, String> properties = properties(drill.source());
    properties.put("backup-orchestrator.clusters[1].management-url", drill.scratch().cluster().managementUrl());
    properties.put("backup-orchestrator.clusters[1].drill.cron", "* * * * * *");
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties, Map.of("kubernetesClient", kubernetes))) {
      await().atMost(Duration.ofSeconds(30)).until(() -> control.instancesOf("restore-drill").stream().map(control::instance)
          .anyMatch(run -> run.variable("drillResult").isPresent()));
      ProcessInstanceView run = control.instancesOf("restore-drill").stream().map(control::instance)
          .filter(r -> r.variable("drillResult").isPresent()).findFirst().orElseThrow();
      assertThat(run.variable("clusterName").orElseThrow().asText()).isEqualTo("drill-scratch");
      assertThat(run.variable("drillResult").orElseThrow().get("state").asText()).isEqualTo("REFUSED");
      assertThat(control.instancesOf("scheduled-restore-drills")).isNotEmpty();
    }
  }

  /** drill-source at index 0, drill-scratch (in Kubernetes mode, reading {@code scratchTargets}) at index 1. */
  private Map<String, String> properties(SandboxTargets scratchTargets) {
    Map<String, String> properties = new LinkedHashMap<>(drill.source().clusterProperties(0, "drill-source", Tuning.standard()));
    properties.putAll(scratchTargets.clusterProperties(1, "drill-scratch", Tuning.standard()));
    if (scratchTargets == drill.scratch()) {
      properties.put("backup-orchestrator.clusters[1].secondary-storage.url", drill.scratch().openSearch().url());
    }
    DrillPair.clusterProperties().forEach((k, v) -> {
      properties.put("backup-orchestrator.clusters[0]." + k, v);
      properties.put("backup-orchestrator.clusters[1]." + k, v);
    });
    properties.put("backup-orchestrator.clusters[1].scheduled", "false");
    properties.put("backup-orchestrator.clusters[1].drill.source-cluster", "drill-source");
    properties.put("backup-orchestrator.clusters[1].restore.mode", "kubernetes");
    properties.put("backup-orchestrator.clusters[1].restore.broker-count", "3");
    properties.put("backup-orchestrator.clusters[1].restore.kubernetes.namespace", NS);
    properties.put("backup-orchestrator.clusters[1].restore.kubernetes.deployments[0]", "camunda-optimize");
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    properties.put("backup-orchestrator.job-retry-backoff", "PT0.2S");
    properties.put("backup-orchestrator.notifications.webhooks[0].name", "drill-test");
    properties.put("backup-orchestrator.notifications.webhooks[0].url", notifications.url("/drills"));
    properties.put("backup-orchestrator.notifications.backoff", "PT0.1S");
    return properties;
  }

  /** Runs a command of the application (as {@code java -jar app.jar <words>}) and returns its exit code. */
  private int command(Map<String, String> properties, String... words) {
    String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of(words),
        java.util.stream.Stream.of(WorkerApplication.arguments(control, properties))).toArray(String[]::new);
    return io.camunda.community.backup.BackupOrchestratorApplication.runCommand(args);
  }

  private long backUpSource(ConfigurableApplicationContext app) {
    long key = app.getBean(BackupRequests.class).start("drill-source", null, null, "test");
    ProcessInstanceView backup = control.instance(key);
    await().atMost(Duration.ofSeconds(60)).until(backup::isEnded);
    assertThat(backup.variable("backupResult").orElseThrow().get("state").asText()).isEqualTo("COMPLETED");
    return backup.variable("backupId").orElseThrow().asLong();
  }

  private void awaitEnded(ProcessInstanceView run) {
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(run::isEnded);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      List<String> restoreState = run.childInstances().stream().map(control::instance)
          .map(r -> r.activeElements() + " " + r.openIncidents().stream().map(i -> i.getValue().getErrorMessage()).toList()).toList();
      throw new AssertionError("drill did not end; active: " + run.activeElements() + ", incidents: "
          + run.openIncidents().stream().map(i -> i.getValue().getErrorMessage()).toList() + ", restore: " + restoreState
          + ", kubernetes: " + controllers.events(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static List<String> indicesOf(SandboxOpenSearch openSearch, String repository, String snapshot) {
    return (List<String>) openSearch.snapshot(repository, snapshot).get("indices");
  }

  /** The cluster of every cluster-lock instance started so far, one entry per instance. */
  private List<String> lockedClusters() {
    return control.instancesOf("cluster-lock").stream()
        .map(key -> control.instance(key).variable("clusterName").map(JsonNode::asText).orElse("?")).toList();
  }

  private JsonNode awaitNotification(long processInstanceKey) {
    await().atMost(Duration.ofSeconds(20)).until(() -> !drillNotifications(processInstanceKey).isEmpty());
    return drillNotifications(processInstanceKey).getFirst();
  }

  private List<JsonNode> drillNotifications(long processInstanceKey) {
    return notifications.requests(body -> body.path("event").asText().equals("drill-finished")
        && body.at("/details/processInstanceKey").asLong() == processInstanceKey).stream().map(WebhookReceiver.Received::json).toList();
  }
}
