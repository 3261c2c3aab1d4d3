package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.database.DumpFiles;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.ManifestStores;
import io.camunda.community.backup.retention.BackupSetDeleter;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.RdbmsTargets.Vendor;
import io.camunda.community.backup.testsupport.SandboxTargets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14 item 0: a cluster's additional databases (Web Modeler's on PostgreSQL, Identity's on
 * MariaDB; real servers) are dumped under the set's backup ID after exporting is resumed, listed
 * and verified as parts of the set, restored with it and deleted with it; a dump that fails voids
 * the set with exporting already running.
 */
class AdditionalDatabasesTest extends BackupProcessTestSupport {

  private static final String CLUSTER = "sandbox-pg-extra";

  @Autowired private BackupCatalog catalog;
  @Autowired private ManifestStores manifests;
  @Autowired private BackupSetDeleter deleter;
  private final UserTasks userTasks = new UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);
  private final RdbmsTargets camunda = RdbmsTargets.shared(Vendor.POSTGRESQL);
  private final RdbmsTargets.Additional webModeler = camunda.additionalDatabase(WEB_MODELER_DATABASE);
  private final RdbmsTargets.Additional identity = RdbmsTargets.shared(Vendor.MARIADB).additionalDatabase(IDENTITY_DATABASE);

  @AfterEach
  void componentsRunning() {
    for (var cluster : List.of(camunda.cluster(), SandboxTargets.additionalDatabasesSandbox().cluster())) {
      if (!cluster.componentsRunning()) {
        cluster.startComponents();
      }
    }
  }

  @Test
  void areDumpedAfterTheResumeListedRestoredAndDeletedWithTheSet() throws Exception {
    webModeler.execute("DROP TABLE IF EXISTS diagram", "CREATE TABLE diagram (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)",
        "INSERT INTO diagram VALUES (1, 'invoice'), (2, 'onboarding')");
    identity.execute("DROP TABLE IF EXISTS app_user", "CREATE TABLE app_user (id INT PRIMARY KEY, login VARCHAR(64) NOT NULL)",
        "INSERT INTO app_user VALUES (1, 'alice'), (2, 'bob'), (3, 'carol')");
    List<String> diagramsAtBackup = webModeler.rows("SELECT id, name FROM diagram ORDER BY id");
    List<String> usersAtBackup = identity.rows("SELECT id, login FROM app_user ORDER BY id");

    ProcessInstanceView backup = awaitEnd(startBackup(CLUSTER));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    // Outside the pause: both dumps were complete only after exporting had been resumed.
    assertThat(backup.completedElements()).containsSubsequence("CallActivity_ResumeExporting", "Task_DumpAdditionalDatabases",
        "Task_SummarizeBackup");
    Instant resumedAt = Instant.parse(backup.variable("exportingResumedAt").orElseThrow().asText());
    JsonNode dumps = result.at("/snapshots/additionalDumps");
    assertThat(dumps).hasSize(2);
    Map<String, JsonNode> byPart = new HashMap<>();
    dumps.forEach(dump -> byPart.put(dump.get("part").asText(), dump));
    assertThat(byPart).containsOnlyKeys("web-modeler", "identity");
    for (JsonNode dump : dumps) {
      assertThat(Instant.parse(dump.get("completedAt").asText())).isAfter(resumedAt);
    }
    Path webModelerDump = webModeler.dumpDirectory(CLUSTER, "web-modeler").resolve(byPart.get("web-modeler").get("file").asText());
    Path identityDump = identity.dumpDirectory(CLUSTER, "identity").resolve(byPart.get("identity").get("file").asText());
    assertThat(webModelerDump.getFileName().toString()).contains(Long.toString(backupId));
    assertThat(DumpFiles.sha256(webModelerDump)).isEqualTo(byPart.get("web-modeler").get("sha256").asText());
    assertThat(DumpFiles.sha256(identityDump)).isEqualTo(byPart.get("identity").get("sha256").asText());
    assertThat(camunda.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);

    // The catalog lists them as parts of the set; the manifest records them beside the Camunda database's dump.
    BackupSet set = catalog.find(CLUSTER, backupId).orElseThrow();
    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    assertThat(set.components()).containsOnlyKeys(BackupSet.ZEEBE, BackupSet.DATABASE, "database:web-modeler", "database:identity");
    assertThat(catalog.list(CLUSTER).stream().filter(s -> s.backupId() == backupId).findFirst().orElseThrow().components())
        .containsKeys("database:web-modeler", "database:identity");
    BackupManifest manifest = manifests.of(CLUSTER).read(backupId).orElseThrow();
    assertThat(manifest.camundaDumps()).hasSize(1);
    assertThat(manifest.additionalDumps()).containsOnlyKeys("web-modeler", "identity");
    assertThat(manifest.additionalDumps().get("web-modeler").sha256()).isEqualTo(DumpFiles.sha256(webModelerDump));
    assertThat(manifest.additionalDumps().get("identity").tableRows()).containsEntry("app_user", 3L);

    // After the backup: rows changed in both.
    webModeler.execute("DELETE FROM diagram WHERE id = 1", "INSERT INTO diagram VALUES (3, 'later')");
    identity.execute("UPDATE app_user SET login = 'mallory' WHERE id = 2");

    ProcessInstanceView restore = startRestore(backupId);
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    assertThat(approval.variables().get("restorePlanSummary").toString())
        .contains("Additional database replaced** (web-modeler)").contains("Additional database replaced** (identity)");
    userTasks.assign(approval.key(), "alice");
    userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", CLUSTER));
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    camunda.cluster().stopComponents();
    complete(stop, Map.of("componentsStopped", true));

    // Restored with the Camunda database, before Zeebe: exactly the rows of their dumps.
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(restore.completedElements()).containsSubsequence("Task_RestoreDatabase", "Task_RestoreAdditionalDatabases");
    assertThat(webModeler.rows("SELECT id, name FROM diagram ORDER BY id")).isEqualTo(diagramsAtBackup);
    assertThat(identity.rows("SELECT id, login FROM app_user ORDER BY id")).isEqualTo(usersAtBackup);
    assertThat(camunda.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    camunda.cluster().startComponents();
    complete(start, Map.of("componentsStarted", true));
    awaitEnd(restore);

    JsonNode restored = restore.variable("restoreResult").orElseThrow();
    assertThat(restored.get("state").asText()).as(restored.toString()).isEqualTo("RESTORED");
    assertThat(restored.at("/verification/additionalDatabases/web-modeler/tables/public.diagram/status").asText()).isEqualTo("OK");
    assertThat(restored.at("/verification/additionalDatabases/web-modeler/tables/public.diagram/restored").asLong()).isEqualTo(2);
    assertThat(restored.at("/verification/additionalDatabases/identity/tables/app_user/status").asText()).isEqualTo("OK");
    assertThat(restore.allVariableValues()).noneMatch(v -> v.contains(camunda.password()));
    assertThat(backup.allVariableValues()).noneMatch(v -> v.contains(camunda.password()));

    // Deleted with the set.
    deleter.delete(CLUSTER, backupId);
    assertThat(webModelerDump).doesNotExist();
    assertThat(identityDump).doesNotExist();
    assertThat(identityDump.resolveSibling(identityDump.getFileName() + ".json")).doesNotExist();
    assertThat(catalog.find(CLUSTER, backupId)).isEmpty();
  }

  /**
   * Beside Elasticsearch/OpenSearch storage: the dump is restored after the snapshots, never taken
   * for a snapshot itself.
   */
  @Test
  void besideASearchEngineAreRestoredAfterTheSnapshots() {
    SandboxTargets sandbox = SandboxTargets.additionalDatabasesSandbox();
    String webappIndex = SandboxTargets.ADDITIONAL_INDEX_PREFIX + "-operate-list-view-8.3.0_";
    sandbox.openSearch().index(webappIndex, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    webModeler.execute("DROP TABLE IF EXISTS diagram", "CREATE TABLE diagram (id INT PRIMARY KEY, name VARCHAR(64) NOT NULL)",
        "INSERT INTO diagram VALUES (1, 'invoice'), (2, 'onboarding')");
    List<String> diagramsAtBackup = webModeler.rows("SELECT id, name FROM diagram ORDER BY id");
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-es-extra"));
    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    String dumpFile = result.at("/snapshots/additionalDumps/0/file").asText();
    assertThat(catalog.find("sandbox-es-extra", backupId).orElseThrow().state()).isEqualTo(SetState.COMPLETE);
    webModeler.execute("DELETE FROM diagram", "INSERT INTO diagram VALUES (9, 'later')");

    ProcessInstanceView restore = track(CONTROL.instance(client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(Map.of("clusterName", "sandbox-es-extra", "requestedBackupId", backupId)).send().join().getProcessInstanceKey()));
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    assertThat(approval.variables().get("restorePlanSummary").toString()).contains("Additional database replaced** (web-modeler)");
    assertThat(restore.variable("snapshotsToRestore").orElseThrow()).extracting(JsonNode::asText)
        .isNotEmpty().allMatch(name -> name.startsWith("camunda_")).doesNotContain(dumpFile);
    userTasks.assign(approval.key(), "alice");
    userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", "sandbox-es-extra"));
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    sandbox.cluster().stopComponents();
    complete(stop, Map.of("componentsStopped", true));
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(restore.completedElements()).containsSubsequence("Task_DeleteIndices", "SubProcess_RestoreSnapshots",
        "Task_RestoreAdditionalDatabases");
    assertThat(webModeler.rows("SELECT id, name FROM diagram ORDER BY id")).isEqualTo(diagramsAtBackup);
    assertThat(sandbox.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    sandbox.cluster().startComponents();
    complete(start, Map.of("componentsStarted", true));
    awaitEnd(restore);

    JsonNode restored = restore.variable("restoreResult").orElseThrow();
    assertThat(restored.get("state").asText()).as(restored.toString()).isEqualTo("RESTORED");
    assertThat(restored.at("/verification/additionalDatabases/web-modeler/tables/public.diagram/status").asText()).isEqualTo("OK");
    assertThat(sandbox.openSearch().count(webappIndex)).isEqualTo(1);
  }

  @Test
  void aDumpThatFailsVoidsTheSetWithExportingRunning() throws Exception {
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-pg-extra-broken"));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.get("errorCode").asText()).isEqualTo("ADDITIONAL_DATABASE_DUMP_FAILED");
    assertThat(result.get("failureReason").asText()).contains("additional database 'identity'").contains("Access denied");
    long backupId = result.get("backupId").asLong();
    assertThat(backup.completedElements()).contains("CallActivity_ResumeExporting", "Task_VoidBackupAfterAdditionalDumpFailed");
    assertThat(camunda.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    // Voided: no part of the ID is left to be taken for a restore point.
    assertThat(camunda.cluster().zeebeBackupIds()).doesNotContain(backupId);
    assertThat(catalog.find("sandbox-pg-extra-broken", backupId)).isEmpty();
    try (var files = Files.list(webModeler.dumpDirectory("sandbox-pg-extra-broken", "web-modeler"))) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.contains(Long.toString(backupId)));
    }
    assertThat(backup.allVariableValues()).noneMatch(v -> v.contains("wrong-password"));
  }

  private ProcessInstanceView startRestore(long backupId) {
    long key = client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(Map.of("clusterName", CLUSTER, "requestedBackupId", backupId)).send().join().getProcessInstanceKey();
    return track(CONTROL.instance(key));
  }

  private void complete(UserTaskRef task, Map<String, Object> variables) {
    userTasks.assign(task.key(), "operator");
    userTasks.complete(task.key(), new HashMap<>(variables));
  }
}
