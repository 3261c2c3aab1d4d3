package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.testsupport.SandboxTargets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 15, the standalone flavour: Camunda 8.7's layout (and 8.8's standalone Operate and
 * Tasklist), where each web app serves the legacy {@code /actuator/backups} on its own
 * management port (contract 1.4) and the gateway serves Zeebe's backups at {@code
 * /actuator/backups} too. The web-apps part of a set is then two backups under its ID, one per
 * app; backup, catalog and restore are otherwise those of any Elasticsearch/OpenSearch cluster.
 */
class StandaloneWebappsTest extends BackupProcessTestSupport {

  private static final String OPERATE_INDEX = SandboxTargets.STANDALONE_INDEX_PREFIX + "-operate-list-view-8.3.0_";
  private static final String TASKLIST_INDEX = SandboxTargets.STANDALONE_INDEX_PREFIX + "-tasklist-task-8.5.0_";

  @Autowired private BackupCatalog catalog;
  private final UserTasks userTasks = new UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);

  @AfterEach
  void componentsRunning() {
    var cluster = SandboxTargets.standaloneSandbox().cluster();
    if (!cluster.componentsRunning()) {
      cluster.startComponents();
    }
  }

  @Test
  void bothWebAppsAreBackedUpUnderTheSetsIdAndRestoredWithIt() throws Exception {
    SandboxTargets sandbox = SandboxTargets.standaloneSandbox();
    sandbox.openSearch().index(OPERATE_INDEX, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    sandbox.openSearch().index(TASKLIST_INDEX, Map.of("id", "task-1", "state", "CREATED"));
    long operateAtBackup = sandbox.openSearch().count(OPERATE_INDEX);
    long tasklistAtBackup = sandbox.openSearch().count(TASKLIST_INDEX);
    // the combined endpoints are not there: only the legacy ones answer
    assertThat(status(sandbox.cluster().managementUrl() + "/actuator/backupRuntime")).isEqualTo(404);
    assertThat(status(sandbox.cluster().managementUrl() + "/actuator/backupHistory")).isEqualTo(404);

    ProcessInstanceView backup = awaitEnd(startBackup(STANDALONE));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    assertThat(sandbox.cluster().zeebeBackupIds()).as("taken through the gateway's /actuator/backups").contains(backupId);
    BackupSet set = catalog.find(STANDALONE, backupId).orElseThrow();
    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    List<String> webapps = set.components().get(BackupSet.WEBAPPS).snapshots();
    assertThat(webapps).anyMatch(name -> name.startsWith("camunda_operate_" + backupId + "_" + SandboxTargets.STANDALONE_VERSION))
        .anyMatch(name -> name.startsWith("camunda_tasklist_" + backupId + "_")).noneMatch(name -> name.startsWith("camunda_webapps_"));
    assertThat(set.camundaVersion()).isEqualTo(SandboxTargets.STANDALONE_VERSION);
    assertThat(catalog.list(STANDALONE)).extracting(BackupSet::backupId).contains(backupId);

    // written after the backup: the restore takes it away again
    sandbox.openSearch().index(OPERATE_INDEX, Map.of("processInstanceKey", 1002, "state", "ACTIVE"));
    sandbox.openSearch().index(TASKLIST_INDEX, Map.of("id", "task-2", "state", "CREATED"));

    ProcessInstanceView restore = track(CONTROL.instance(client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(Map.of("clusterName", STANDALONE, "requestedBackupId", backupId)).send().join().getProcessInstanceKey()));
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    assertThat(restore.variable("snapshotsToRestore").orElseThrow()).extracting(JsonNode::asText)
        .anyMatch(name -> name.startsWith("camunda_operate_")).anyMatch(name -> name.startsWith("camunda_tasklist_"));
    userTasks.assign(approval.key(), "alice");
    userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", STANDALONE));
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    sandbox.cluster().stopComponents();
    complete(stop, Map.of("componentsStopped", true));
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(restore.completedElements()).containsSubsequence("Task_DeleteIndices", "SubProcess_RestoreSnapshots");
    assertThat(sandbox.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    sandbox.cluster().startComponents();
    complete(start, Map.of("componentsStarted", true));
    awaitEnd(restore);

    JsonNode restored = restore.variable("restoreResult").orElseThrow();
    assertThat(restored.get("state").asText()).as(restored.toString()).isEqualTo("RESTORED");
    assertThat(sandbox.openSearch().count(OPERATE_INDEX)).isEqualTo(operateAtBackup);
    assertThat(sandbox.openSearch().count(TASKLIST_INDEX)).isEqualTo(tasklistAtBackup);
  }

  /** One app's half of the web-apps part gone: the set is no restore point, and the catalog names the app. */
  @Test
  void aSetMissingOneWebAppsBackupIsNotComplete() throws Exception {
    SandboxTargets sandbox = SandboxTargets.standaloneSandbox();
    // each app backs up its own indices (a real one always has them)
    sandbox.openSearch().index(OPERATE_INDEX, Map.of("processInstanceKey", 3001, "state", "ACTIVE"));
    sandbox.openSearch().index(TASKLIST_INDEX, Map.of("id", "task-3", "state", "CREATED"));
    JsonNode result = result(awaitEnd(startBackup(STANDALONE)));
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    String repository = sandbox.cluster().options().repositoryName();
    for (String name : catalog.find(STANDALONE, backupId).orElseThrow().components().get(BackupSet.WEBAPPS).snapshots()) {
      if (name.startsWith("camunda_tasklist_")) {
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.openSearch().url() + "/_snapshot/" + repository + "/" + name))
            .DELETE().build(), HttpResponse.BodyHandlers.discarding());
      }
    }

    BackupSet set = catalog.find(STANDALONE, backupId).orElseThrow();

    assertThat(set.state()).isNotEqualTo(SetState.COMPLETE);
    assertThat(set.reasons().get(BackupSet.WEBAPPS)).contains("Tasklist has no backup with ID " + backupId);
    assertThat(set.components().get(BackupSet.WEBAPPS).snapshots()).allMatch(name -> name.startsWith("camunda_operate_"));
  }

  private static int status(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void complete(UserTaskRef task, Map<String, Object> variables) {
    userTasks.assign(task.key(), "operator");
    userTasks.complete(task.key(), new HashMap<>(variables));
  }
}
