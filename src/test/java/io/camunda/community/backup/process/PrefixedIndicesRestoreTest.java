package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.control.RestoreRequests;
import io.camunda.community.backup.control.RunStatus;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.testsupport.SandboxTargets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13 item 6: a cluster whose web apps run with a custom index prefix ({@code prod-operate-...})
 * beside another installation's unprefixed indices on the same OpenSearch node. Its backup, plan,
 * deletion and verification take its own indices, and only those.
 */
class PrefixedIndicesRestoreTest extends BackupProcessTestSupport {

  private static final SandboxTargets PREFIXED = SandboxTargets.prefixedSandbox();
  private static final String OWN_INDEX = SandboxTargets.INDEX_PREFIX + "-operate-list-view-8.3.0_";
  /** Another installation's: the unprefixed name, and a prefixed index that is no Camunda index. */
  private static final String OTHERS_INDEX = "operate-list-view-8.3.0_";
  private static final String UNRELATED_INDEX = SandboxTargets.INDEX_PREFIX + "-reports";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final UserTasks userTasks = new UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);
  @Autowired RestoreRequests restoreRequests;
  @Autowired BackupCatalog catalog;

  @AfterEach
  void bringTheSandboxBack() {
    if (!PREFIXED.cluster().componentsRunning()) {
      PREFIXED.cluster().startComponents();
    }
  }

  @Test
  void aRestoreOfThePrefixedClusterPlansDeletesRestoresAndVerifiesItsOwnIndicesOnly() {
    PREFIXED.openSearch().index(OWN_INDEX, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    PREFIXED.openSearch().index(OTHERS_INDEX, Map.of("processInstanceKey", 9001, "state", "ACTIVE"));
    PREFIXED.openSearch().index(UNRELATED_INDEX, Map.of("report", "monthly"));
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-prefixed"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    long backupId = result(backup).get("backupId").asLong();
    long ownAtBackup = PREFIXED.openSearch().count(OWN_INDEX);
    assertThat(catalog.find("sandbox-prefixed", backupId).orElseThrow().state()).isEqualTo(SetState.COMPLETE);
    // The backup's web-app snapshots hold this installation's indices, not the other's.
    List<String> snapshotIndices = new ArrayList<>();
    PREFIXED.openSearch().snapshotNames(PREFIXED.cluster().options().repositoryName()).stream()
        .filter(name -> name.startsWith("camunda_webapps_" + backupId + "_"))
        .forEach(name -> snapshotIndices.addAll(indicesOf(name)));
    assertThat(snapshotIndices).contains(OWN_INDEX).doesNotContain(OTHERS_INDEX, UNRELATED_INDEX);

    // After the backup: more data here and in the other installation.
    PREFIXED.openSearch().index(OWN_INDEX, Map.of("processInstanceKey", 2002, "state", "ACTIVE"));
    PREFIXED.openSearch().index(OTHERS_INDEX, Map.of("processInstanceKey", 9002, "state", "ACTIVE"));
    long othersBefore = PREFIXED.openSearch().count(OTHERS_INDEX);

    RunStatus dryRun = finished(restoreRequests.request("sandbox-prefixed", backupId, null, "test", "tester", true));
    List<String> planned = new ArrayList<>();
    JSON.valueToTree(dryRun.result()).at("/plan/indicesToDelete").forEach(index -> planned.add(index.asText()));
    assertThat(planned).contains(OWN_INDEX).allMatch(index -> index.startsWith(SandboxTargets.INDEX_PREFIX + "-")
        || index.startsWith("zeebe-record_process_" + SandboxTargets.PREFIXED_VERSION)).doesNotContain(UNRELATED_INDEX);

    ProcessInstanceView restore = track(CONTROL.instance(client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(Map.of("clusterName", "sandbox-prefixed", "requestedBackupId", backupId)).send().join().getProcessInstanceKey()));
    complete(userTasks.awaitOpen(restore.key(), "UserTask_Approve"), "alice",
        Map.of("approval", "approve", "confirmClusterName", "sandbox-prefixed"));
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    PREFIXED.cluster().stopComponents();
    complete(stop, "operator", Map.of("componentsStopped", true));
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(PREFIXED.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    complete(zeebe, "operator", Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    PREFIXED.cluster().startComponents();
    complete(start, "operator", Map.of("componentsStarted", true));
    awaitEnd(restore);

    JsonNode restored = restore.variable("restoreResult").orElseThrow();
    assertThat(restored.get("state").asText()).isEqualTo("RESTORED");
    List<String> deleted = new ArrayList<>();
    restored.get("deletedIndices").forEach(index -> deleted.add(index.asText()));
    assertThat(deleted).containsExactlyInAnyOrderElementsOf(planned);
    assertThat(restored.at("/verification/indices/" + OWN_INDEX + "/status").asText()).isEqualTo("OK");
    assertThat(PREFIXED.openSearch().count(OWN_INDEX)).as("this installation: back at the backup").isEqualTo(ownAtBackup);
    assertThat(PREFIXED.openSearch().count(OTHERS_INDEX)).as("the other installation: untouched").isEqualTo(othersBefore);
    assertThat(PREFIXED.openSearch().count(UNRELATED_INDEX)).as("not a Camunda index: untouched").isEqualTo(1);
  }

  @SuppressWarnings("unchecked")
  private static List<String> indicesOf(String snapshot) {
    Object indices = PREFIXED.openSearch().snapshot(PREFIXED.cluster().options().repositoryName(), snapshot).get("indices");
    return indices instanceof List<?> list ? (List<String>) list : List.of();
  }

  private void complete(UserTaskRef task, String user, Map<String, Object> variables) {
    userTasks.assign(task.key(), user);
    userTasks.complete(task.key(), new HashMap<>(variables));
  }
}
