package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.ManifestStore;
import io.camunda.community.backup.manifest.ManifestStores;
import io.camunda.community.backup.control.RunStatus;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.sandbox.PartitionState;
import io.camunda.community.backup.sandbox.RecordedRequest;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * restore.bpmn in manual mode against the "restore" sandbox and its real OpenSearch: the test
 * plays the operator, approving in "Tasklist" and doing the hands-on steps (stop, restore each
 * broker, start) on the sandbox when the process asks for them.
 */
class RestoreProcessTest extends BackupProcessTestSupport {

  private static final SandboxTargets RESTORE = SandboxTargets.restoreSandbox();
  private static final String WEBAPP_INDEX = "operate-list-view-8.3.0_";
  private Map<Integer, PartitionState> partitionsAfterZeebeRestore = Map.of();
  private final UserTasks userTasks = new UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  @org.springframework.beans.factory.annotation.Autowired io.camunda.community.backup.control.RestoreRequests restoreRequests;
  @org.springframework.beans.factory.annotation.Autowired
  private org.springframework.context.ApplicationContext application;
  @org.springframework.beans.factory.annotation.Autowired private ManifestStores manifests;

  @AfterEach
  void bringTheSandboxBack() {
    RESTORE.cluster().faults().clear();
    if (!RESTORE.cluster().componentsRunning()) {
      RESTORE.cluster().startComponents();
    }
    RESTORE.openSearch().registerRepository(repository());
  }

  @Test
  void restoresExactlyTheBackedUpDataAndDropsWhatCameAfter() {
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    RESTORE.cluster().processRecords(20);
    long backupId = completeBackup();
    long documentsAtBackup = RESTORE.openSearch().count(WEBAPP_INDEX);
    Map<Integer, PartitionState> partitionsAtBackup = RESTORE.cluster().backupPartitions(backupId);

    // After the backup: more data, in the web-app indices and in Zeebe.
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 2002, "state", "ACTIVE"));
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 2003, "state", "COMPLETED"));
    RESTORE.cluster().processRecords(50);
    assertThat(RESTORE.openSearch().count(WEBAPP_INDEX)).isEqualTo(documentsAtBackup + 2);
    Map<Integer, PartitionState> partitionsBeforeRestore = RESTORE.cluster().zeebePartitions();

    double restoredBefore = counted("c8backup.restores", "cluster", "sandbox-restore", "outcome", "RESTORED");
    ProcessInstanceView restore = startRestore("sandbox-restore", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore");
    operateManually(restore, backupId);
    awaitEnd(restore);

    assertThat(restore.completedElements()).contains("Task_DeleteIndices", "SubProcess_RestoreSnapshots", "Task_VerifyRestore", "EndEvent_Restored");
    assertThat(counted("c8backup.restores", "cluster", "sandbox-restore", "outcome", "RESTORED")).isEqualTo(restoredBefore + 1);
    io.micrometer.core.instrument.Timer rto = meters.get("c8backup.restore.duration").tags("cluster", "sandbox-restore", "outcome", "RESTORED").timer();
    assertThat(rto.count()).isPositive();
    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.get("state").asText()).isEqualTo("RESTORED");
    assertThat(result.at("/verification/ok").asBoolean()).isTrue();
    assertThat(result.get("approvedBy").get(0).asText()).isEqualTo("alice");
    assertThat(Duration.parse(result.get("restoreDuration").asText())).isPositive();
    // The cluster holds exactly the backed-up data: what came after is gone.
    assertThat(RESTORE.openSearch().count(WEBAPP_INDEX)).isEqualTo(documentsAtBackup);
    // Zeebe: the restore application put back exactly the backup's partition data; the 50 records
    // processed after the backup are gone (the restarted cluster processes on from there).
    partitionsAfterZeebeRestore.forEach((partition, state) ->
        assertThat(state.recordCount()).as("records of partition " + partition).isEqualTo(partitionsAtBackup.get(partition).recordCount()));
    RESTORE.cluster().zeebePartitions().forEach((partition, state) ->
        assertThat(state.recordCount()).as("records of partition " + partition + " after the restart")
            .isLessThan(partitionsBeforeRestore.get(partition).recordCount()));
    assertThat(RESTORE.cluster().componentsRunning()).isTrue();
    assertThat(restore.allVariableValues()).noneMatch(v -> v.contains(SandboxTargets.SECRET));
    // Notified: the approval awaited, then the outcome.
    JsonNode awaited = awaitNotification("restore-awaiting-approval", restore.key());
    assertThat(awaited.get("cluster").asText()).isEqualTo("sandbox-restore");
    assertThat(awaited.at("/details/backupId").asLong()).isEqualTo(backupId);
    assertThat(awaited.at("/details/approval").asText()).isEqualTo("first");
    JsonNode finished = awaitNotification("restore-finished", restore.key());
    assertThat(finished.at("/details/state").asText()).isEqualTo("RESTORED");
    assertThat(finished.at("/details/verificationOk").asBoolean()).isTrue();
    assertThat(finished.get("summary").asText()).contains("from backup " + backupId).contains("finished: RESTORED in PT");
    assertThat(finished.toString()).doesNotContain(SandboxTargets.SECRET);
  }

  @Test
  void aDryRunChangesNothingAndPlansExactlyTheIndicesARealRestoreThenDeletes() {
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    long backupId = completeBackup();
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 2002, "state", "ACTIVE"));
    List<String> indicesBefore = RESTORE.openSearch().indices();
    long documentsBefore = RESTORE.openSearch().count(WEBAPP_INDEX);
    ExportingState exportingBefore = RESTORE.cluster().exportingState();
    double restoresBefore = meters.find("c8backup.restores").counters().stream().mapToDouble(c -> c.count()).sum();

    // Without a backup ID: the newest COMPLETE set, no Tasklist choice, no approval.
    RunStatus dryRun = finished(restoreRequests.request("sandbox-restore", null, null, "test", "tester", true));

    assertThat(dryRun.state()).isEqualTo("DRY_RUN");
    assertThat(dryRun.outcome()).isEqualTo(io.camunda.community.backup.control.RunKind.Outcome.SUCCEEDED);
    JsonNode result = JSON.valueToTree(dryRun.result());
    assertThat(result.get("backupId").asLong()).isEqualTo(backupId);
    assertThat(result.get("changed").asText()).isEqualTo("nothing");
    List<String> planned = new java.util.ArrayList<>();
    result.at("/plan/indicesToDelete").forEach(index -> planned.add(index.asText()));
    assertThat(planned).contains(WEBAPP_INDEX);
    JsonNode webappStats = java.util.stream.StreamSupport.stream(result.at("/plan/indicesToDeleteStats").spliterator(), false)
        .filter(stats -> stats.get("index").asText().equals(WEBAPP_INDEX)).findFirst().orElseThrow();
    assertThat(webappStats.get("documents").asLong()).isEqualTo(documentsBefore);
    assertThat(webappStats.get("sizeBytes").asLong()).isPositive();
    assertThat(result.at("/plan/snapshotsToRestore")).isNotEmpty();
    assertThat(result.at("/plan/componentsToStop")).isNotEmpty();
    assertThat(result.at("/plan/zeebeRecordsExportedSinceBackup").isNumber()).isTrue();
    assertThat(result.get("summary").asText()).contains("Indices deleted (" + planned.size() + ")");
    assertThat(result.get("summary").asText()).contains("- Expected duration: unknown (no passed restore drill of this cluster is known)");
    // Nothing changed: indices and their data, exporting, components; no approval asked; lock free again.
    ProcessInstanceView dry = CONTROL.instance(dryRun.processInstanceKey());
    assertThat(dry.completedElements()).contains("Task_RecordDryRun", "Task_ReleaseLockAfterDryRun", "EndEvent_DryRun")
        .doesNotContain("UserTask_ChooseBackup", "UserTask_Approve", "Task_DeleteIndices");
    assertThat(RESTORE.openSearch().indices()).isEqualTo(indicesBefore);
    assertThat(RESTORE.openSearch().count(WEBAPP_INDEX)).isEqualTo(documentsBefore);
    assertThat(RESTORE.cluster().exportingState()).isEqualTo(exportingBefore);
    assertThat(RESTORE.cluster().componentsRunning()).isTrue();
    assertThat(meters.find("c8backup.restores").counters().stream().mapToDouble(c -> c.count()).sum())
        .as("a dry run is no restore").isEqualTo(restoresBefore);

    // The real restore right after: the lock is free, and it deletes exactly what the dry run named.
    ProcessInstanceView restore = startRestore("sandbox-restore", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore");
    operateManually(restore, backupId);
    awaitEnd(restore);
    JsonNode restored = restore.variable("restoreResult").orElseThrow();
    assertThat(restored.get("state").asText()).isEqualTo("RESTORED");
    List<String> deleted = new java.util.ArrayList<>();
    restored.get("deletedIndices").forEach(index -> deleted.add(index.asText()));
    assertThat(deleted).containsExactlyInAnyOrderElementsOf(planned);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "sandbox-restore-v881    | was taken with Camunda 8.8.2 but the target runs 8.8.1",
    "sandbox-restore-5p      | restore.partition-count is 5 but the target reports 3 partitions: correct the configuration",
    "sandbox-restore-no-repo | snapshot repository 'no-such-repository' is not registered"
  })
  void aFailedPreflightChangesNothing(String cluster, String reason) {
    long backupId = completeBackup();
    List<String> indicesBefore = RESTORE.openSearch().indices();

    ProcessInstanceView restore = awaitEnd(startRestore(cluster, backupId));

    assertNothingChanged(restore, indicesBefore);
    assertThat(restore.variable("restoreResult").orElseThrow().get("reason").asText()).contains(reason).contains("nothing was changed");
  }

  @Test
  void aTargetWhoseBrokersReportOtherPartitionsThanTheBackupIsRefused() {
    long backupId = completeBackup();
    List<String> indicesBefore = RESTORE.openSearch().indices();
    // The live target: its one broker hosts five partitions, the backup has three.
    String fivePartitions = "{" + java.util.stream.IntStream.rangeClosed(1, 5)
        .mapToObj(p -> "\"" + p + "\": {\"role\": \"LEADER\", \"exporterPhase\": \"EXPORTING\", \"processedPosition\": 10}")
        .collect(java.util.stream.Collectors.joining(", ")) + "}";
    RESTORE.cluster().faults().failWith("GET", "/actuator/partitions", 200, fivePartitions, SandboxFaults.UNTIL_CLEARED);

    ProcessInstanceView restore = awaitEnd(startRestore("sandbox-restore", backupId));

    assertNothingChanged(restore, indicesBefore);
    assertThat(restore.variable("restoreResult").orElseThrow().get("reason").asText())
        .contains("backup " + backupId + " has 3 partitions but the target reports 5 (GET /actuator/partitions of its 1 broker(s))")
        .contains("nothing was changed");
  }

  @Test
  void aSetThatNoLongerHoldsWhatItsManifestListsIsRefusedBeforeAnythingIsTouched() {
    long backupId = completeBackup();
    ManifestStore store = manifests.of("sandbox-restore");
    BackupManifest written = store.read(backupId).orElseThrow();
    // As if an index had been lost from the web-app snapshot since the backup: the manifest written
    // then lists one index more than the repository holds now.
    BackupManifest.Snapshot first = written.snapshots().getFirst();
    List<BackupManifest.Index> more = new java.util.ArrayList<>(first.indices());
    more.add(new BackupManifest.Index("operate-lost-since-the-backup-8.8.0_", 1234));
    List<BackupManifest.Snapshot> snapshots = new java.util.ArrayList<>(written.snapshots());
    snapshots.set(0, new BackupManifest.Snapshot(first.name(), first.component(), more));
    store.write(written.withSnapshots(snapshots));
    List<String> indicesBefore = RESTORE.openSearch().indices();

    ProcessInstanceView restore = awaitEnd(startRestore("sandbox-restore", backupId));

    assertNothingChanged(restore, indicesBefore);
    assertThat(restore.variable("restoreResult").orElseThrow().get("reason").asText())
        .contains("snapshot " + first.name() + " no longer holds what the manifest written when backup " + backupId + " completed")
        .contains("missing: [operate-lost-since-the-backup-8.8.0_]").contains("nothing was changed");
    // the manifest's own temporary copies are gone again
    assertThat(RESTORE.openSearch().indices()).noneMatch(index -> index.startsWith("backup-orchestrator-manifest-read-"));

    // The manifest as written at backup time lets the same restore through its pre-flight.
    store.write(written);
    ProcessInstanceView again = startRestore("sandbox-restore", backupId);
    awaitExplained(again, "the approval after a pre-flight that passed", USER_TASK_WAIT,
        () -> again.variable("restorePlanSummary").isPresent());
    assertThat(again.variable("restorePlanSummary").orElseThrow().asText())
        .contains("Checked against the manifest written when the backup completed");
    decide(again, "UserTask_Approve", "alice", Map.of("approval", "reject", "confirmClusterName", "sandbox-restore"));
    awaitEnd(again);
    assertThat(again.completedElements()).contains("Task_Preflight", "UserTask_Approve");
    assertNothingChanged(again, indicesBefore);
  }

  @Test
  void anIncompleteBackupIsRefused() {
    RESTORE.cluster().faults().webappsBackupFails();
    ProcessInstanceView failed = awaitEnd(startBackup("sandbox-restore"));
    RESTORE.cluster().faults().clear();
    long failedId = result(failed).get("backupId").asLong();
    List<String> indicesBefore = RESTORE.openSearch().indices();

    ProcessInstanceView restore = awaitEnd(startRestore("sandbox-restore", failedId));

    assertNothingChanged(restore, indicesBefore);
    assertThat(restore.variable("restoreResult").orElseThrow().get("reason").asText()).contains("is FAILED, not COMPLETE");
  }

  @Test
  void aRejectionOrAWrongConfirmationChangesNothing() {
    long backupId = completeBackup();
    List<String> indicesBefore = RESTORE.openSearch().indices();
    double notRestoredBefore = counted("c8backup.restores", "cluster", "sandbox-restore", "outcome", "NOT_RESTORED");

    ProcessInstanceView rejected = startRestore("sandbox-restore", backupId);
    decide(rejected, "UserTask_Approve", "alice", Map.of("approval", "reject", "confirmClusterName", "sandbox-restore"));
    awaitEnd(rejected);
    assertNothingChanged(rejected, indicesBefore);
    assertThat(rejected.variable("restoreResult").orElseThrow().get("reason").asText()).contains("Rejected by the approver");

    ProcessInstanceView mistyped = startRestore("sandbox-restore", backupId);
    decide(mistyped, "UserTask_Approve", "alice", Map.of("approval", "approve", "confirmClusterName", "sandbox-prod"));
    awaitEnd(mistyped);
    assertNothingChanged(mistyped, indicesBefore);
    assertThat(mistyped.variable("restoreResult").orElseThrow().get("reason").asText()).contains("'sandbox-prod' does not match");
    assertThat(counted("c8backup.restores", "cluster", "sandbox-restore", "outcome", "NOT_RESTORED")).isEqualTo(notRestoredBefore + 2);
  }

  @Test
  void aRejectionAtTheSecondApprovalChangesNothing() {
    long backupId = completeBackup();
    List<String> indicesBefore = RESTORE.openSearch().indices();
    ProcessInstanceView restore = startRestore("sandbox-restore-4eyes", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore-4eyes");

    decide(restore, "UserTask_SecondApproval", "bob",
        Map.of("secondApproval", "reject", "secondConfirmClusterName", "sandbox-restore-4eyes", "secondApprovalComment", "not today"));
    awaitEnd(restore);

    assertNothingChanged(restore, indicesBefore);
    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.get("state").asText()).isEqualTo("NOT_RESTORED");
    assertThat(result.get("reason").asText()).contains("Rejected");
    assertThat(restore.completedElements()).doesNotContain("UserTask_StopComponents");
  }

  @Test
  void anApprovalThatDoesNotComeInTimeChangesNothing() {
    long backupId = completeBackup();
    List<String> indicesBefore = RESTORE.openSearch().indices();

    ProcessInstanceView restore = awaitEnd(startRestore("sandbox-restore-quick", backupId)); // approval-timeout PT3S

    assertNothingChanged(restore, indicesBefore);
    assertThat(restore.completedElements()).contains("BoundaryEvent_ApprovalTimeout");
    assertThat(restore.variable("restoreResult").orElseThrow().get("errorCode").asText()).isEqualTo("APPROVAL_TIMEOUT");
    JsonNode awaited = awaitNotification("restore-awaiting-approval", restore.key());
    assertThat(awaited.get("summary").asText()).contains("'sandbox-restore-quick'").contains("from backup " + backupId)
        .contains("first approval").contains("within PT3S");
    JsonNode finished = awaitNotification("restore-finished", restore.key());
    assertThat(finished.at("/details/state").asText()).isEqualTo("NOT_RESTORED");
    assertThat(finished.at("/details/errorCode").asText()).isEqualTo("APPROVAL_TIMEOUT");
    assertThat(finished.get("summary").asText()).contains("Nothing was changed");
  }

  @Test
  void fourEyesRefusesTheSameUserAndAcceptsAnother() {
    long backupId = completeBackup();
    ProcessInstanceView restore = startRestore("sandbox-restore-4eyes", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore-4eyes");

    UserTaskRef second = userTasks.awaitOpen(restore.key(), "UserTask_SecondApproval");
    userTasks.assign(second.key(), "alice");
    userTasks.complete(second.key(), Map.of("secondApproval", "approve", "secondConfirmClusterName", "sandbox-restore-4eyes"));
    // Refused (denied where the gateway passes the denial on, sent back by the model here): a
    // second-approval task is open again and nothing was stopped.
    await().atMost(Duration.ofSeconds(10)).until(() -> restore.variable("secondApprover").map(JsonNode::asText).orElse("").equals("alice")
        && userTasks.open(restore.key()).stream().anyMatch(t -> t.elementId().equals("UserTask_SecondApproval")));
    assertThat(restore.completedElements()).doesNotContain("Gateway_ApprovalsDone");
    assertThat(RESTORE.cluster().componentsRunning()).isTrue();
    second = userTasks.awaitOpen(restore.key(), "UserTask_SecondApproval");

    userTasks.assign(second.key(), "bob");
    userTasks.complete(second.key(), Map.of("secondApproval", "approve", "secondConfirmClusterName", "sandbox-restore-4eyes"));
    userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    assertThat(restore.variable("secondApprover").orElseThrow().asText()).isEqualTo("bob");
    // One notification per approval: the second approval sent back and created again is not notified again.
    await().atMost(Duration.ofSeconds(10)).until(() -> notifications("restore-awaiting-approval", restore.key()).size() >= 2);
    assertThat(notifications("restore-awaiting-approval", restore.key())).extracting(n -> n.at("/details/approval").asText())
        .containsExactlyInAnyOrder("first", "second");
  }

  @Test
  void anApprovalByAUserOutsideTheApproversIsRefusedAndAGroupMemberPasses() {
    long backupId = completeBackup();
    String cluster = "sandbox-restore-approvers";
    ProcessInstanceView restore = startRestore(cluster, backupId);
    awaitExplained(restore, "approval task", USER_TASK_WAIT,
        () -> userTasks.open(restore.key()).stream().anyMatch(t -> t.elementId().equals("UserTask_Approve")));
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    // Tasklist offers the task to the configured approvers.
    assertThat(approval.candidateGroups()).containsExactly(RESTORE_APPROVERS_GROUP);
    assertThat(approval.candidateUsers()).containsExactly(LISTED_APPROVER);

    approval = decideRefused(restore, approval, "mallory", Map.of("approval", "approve", "confirmClusterName", cluster), // in another group only
        "Only the restore approvers of this cluster may decide (members of restore-approvers; users carol); 'mallory' is not one of them."
            + " Assign the task to an approver.");
    assertThat(restore.variable("firstApprover")).isEmpty();
    assertThat(RESTORE.cluster().componentsRunning()).isTrue();

    // dave is a member, on the second page of the group's members.
    userTasks.assign(approval.key(), "dave");
    userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", cluster));
    userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    assertThat(restore.variable("firstApprover").orElseThrow().asText()).isEqualTo("dave");
    assertThat(restore.variable("approvalRefusal").orElseThrow().isNull()).isTrue();
    assertThat(APPROVER_GROUPS.requests()).anyMatch(r -> r.startsWith("POST /v2/groups/restore-approvers/users/search after=99"));
  }

  @Test
  void fourEyesRefusesTheRequesterAndTheFirstApproverAndAcceptsAnotherApprover() {
    long backupId = completeBackup();
    String cluster = "sandbox-restore-4eyes-approvers";
    ProcessInstanceView restore = startRestore(cluster, backupId, "erin");
    Map<String, Object> approve = Map.of("approval", "approve", "confirmClusterName", cluster);

    // erin is an approver, but she asked for this restore.
    UserTaskRef first = decideRefused(restore, userTasks.awaitOpen(restore.key(), "UserTask_Approve"), "erin", approve,
        "Four-eyes: erin requested this restore, so someone else must approve it.");
    userTasks.assign(first.key(), "dave");
    userTasks.complete(first.key(), approve);

    UserTaskRef second = userTasks.awaitOpen(restore.key(), "UserTask_SecondApproval");
    assertThat(second.candidateGroups()).containsExactly(RESTORE_APPROVERS_GROUP);
    Map<String, Object> approveAgain = Map.of("secondApproval", "approve", "secondConfirmClusterName", cluster);
    second = decideRefused(restore, second, "dave", approveAgain, "Four-eyes: the second approval must come from someone other than dave.");
    second = decideRefused(restore, second, "erin", approveAgain, "Four-eyes: erin requested this restore, so someone else must approve it.");
    assertThat(restore.completedElements()).doesNotContain("Gateway_ApprovalsDone");
    assertThat(RESTORE.cluster().componentsRunning()).isTrue();

    userTasks.assign(second.key(), LISTED_APPROVER);
    userTasks.complete(second.key(), approveAgain);
    userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    assertThat(restore.variable("secondApprover").orElseThrow().asText()).isEqualTo(LISTED_APPROVER);
    assertThat(restore.variable("firstApprover").orElseThrow().asText()).isEqualTo("dave");
  }

  @Test
  void aCompletionCannotOverwriteWhatTheApprovalsRestOn() {
    long backupId = completeBackup();
    String cluster = "sandbox-restore-4eyes-approvers";
    ProcessInstanceView restore = startRestore(cluster, backupId, "erin");
    approve(restore, "UserTask_Approve", "dave", cluster);
    UserTaskRef second = userTasks.awaitOpen(restore.key(), "UserTask_SecondApproval");

    // dave approves again, sending variables that would make him look like someone else.
    userTasks.assign(second.key(), "dave");
    Map<String, Object> forged = new HashMap<>(Map.of("secondApproval", "approve", "secondConfirmClusterName", cluster,
        "firstApprover", "nobody", "requestedBy", "nobody", "fourEyes", false, "clusterName", "sandbox"));
    userTasks.complete(second.key(), forged);

    // The listener's view carries the forged values, but the model decides on the instance's own:
    // back to a second approval, nothing stopped, and nothing of the forgery left the task.
    await().atMost(Duration.ofSeconds(30)).until(() -> userTasks.open(restore.key()).stream()
        .anyMatch(t -> t.elementId().equals("UserTask_SecondApproval") && t.key() != second.key()));
    assertThat(restore.completedElements()).doesNotContain("Gateway_ApprovalsDone");
    assertThat(restore.variable("clusterName").orElseThrow().asText()).isEqualTo(cluster);
    assertThat(restore.variable("firstApprover").orElseThrow().asText()).isEqualTo("dave");
    assertThat(restore.variable("requestedBy").orElseThrow().asText()).isEqualTo("erin");
    assertThat(restore.variable("fourEyes").orElseThrow().asBoolean()).isTrue();
    assertThat(RESTORE.cluster().componentsRunning()).isTrue();
  }

  @Test
  void aSnapshotRestoreFailingMidwayStopsAtAnIncidentAndCompletesOnceResolved() throws Exception {
    long backupId = completeBackup();
    ProcessInstanceView restore = startRestore("sandbox-restore", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore");

    // Stop the components, and the snapshot repository vanishes (e.g. a storage outage).
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    RESTORE.cluster().stopComponents();
    unregisterRepository();
    complete(stop, Map.of("componentsStopped", true));

    awaitIncident(restore);
    IncidentRecordValue incident = restore.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_StartSnapshotRestore");
    assertThat(incident.getErrorMessage())
        .contains("is not registered")
        .contains("CLUSTER STATE: Components are stopped and the Camunda indices of the plan deleted")
        .contains("Resolving starts the restore of this snapshot unless it was started already");
    assertThat(restore.completedElements()).contains("Task_DeleteIndices");

    // The operator fixes the repository and resolves the incident: the same restore completes.
    RESTORE.openSearch().registerRepository(repository());
    client.newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(restore.openIncidents().getFirst().getKey()).send().join();
    operateManuallyAfterStop(restore, backupId);
    awaitEnd(restore);
    assertThat(restore.variable("restoreResult").orElseThrow().get("state").asText()).isEqualTo("RESTORED");
  }

  @Test
  void aDocumentLostFromARestoredIndexEndsRestoredWithProblemsAndAnIncidentNamingTheIndexUntilItIsBack() {
    String kept = RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    long backupId = completeBackup();
    long documentsAtBackup = RESTORE.openSearch().count(WEBAPP_INDEX);

    ProcessInstanceView restore = startRestore("sandbox-restore", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore");
    operateManually(restore, backupId, () -> {
      // Restored, not yet verified: a document of a restored index is lost.
      assertThat(RESTORE.openSearch().count(WEBAPP_INDEX)).isEqualTo(documentsAtBackup);
      RESTORE.openSearch().delete(WEBAPP_INDEX, kept);
    });

    awaitIncident(restore);

    IncidentRecordValue incident = restore.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_ReportRestoreDifferences");
    assertThat(incident.getErrorMessage()).startsWith("RESTORED WITH DIFFERENCES: cluster 'sandbox-restore' was restored from backup " + backupId)
        .contains(WEBAPP_INDEX + ": FEWER DOCUMENTS (restored " + documentsAtBackup + ", now " + (documentsAtBackup - 1) + ")")
        .contains("resolve this incident to verify again");
    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.get("state").asText()).isEqualTo("RESTORED_WITH_PROBLEMS");
    assertThat(result.at("/verification/ok").asBoolean()).isFalse();
    assertThat(result.at("/verification/indices/" + WEBAPP_INDEX + "/status").asText()).isEqualTo("FEWER DOCUMENTS");
    assertThat(restore.completedElements()).as("the lock is not held while the incident waits")
        .contains("Task_ReleaseClusterLock").doesNotContain("EndEvent_Restored");

    // The operator puts the document back and resolves: verified again, it matches.
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    client.newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(restore.openIncidents().getFirst().getKey()).send().join();
    awaitEnd(restore);

    assertThat(restore.completedElements()).contains("EndEvent_RestoredAfterDifferences");
    JsonNode reverified = restore.variable("restoreResult").orElseThrow();
    assertThat(reverified.get("state").asText()).isEqualTo("RESTORED");
    assertThat(reverified.at("/verification/ok").asBoolean()).isTrue();
    assertThat(reverified.get("reverifiedAt").asText()).isNotBlank();
  }

  @Test
  void aClusterNotHealthyInTimeStopsAtAnIncidentSayingSoAndGoesOnOnceItIs() {
    long backupId = completeBackup();
    ProcessInstanceView restore = startRestore("sandbox-restore-slow-start", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore-slow-start");
    // The components come back, but the management API keeps answering DOWN.
    RESTORE.cluster().faults().failWith("GET", "/actuator/health", 503, "{\"status\":\"DOWN\"}", SandboxFaults.UNTIL_CLEARED);
    operateManually(restore, backupId);

    awaitIncident(restore);

    IncidentRecordValue incident = restore.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_ReportUnhealthy");
    assertThat(incident.getErrorMessage())
        .startsWith("RESTORED CLUSTER NOT HEALTHY: cluster 'sandbox-restore-slow-start' was restored and started but is not healthy after PT3S")
        .contains("resolve this incident to check again");
    assertThat(restore.completedElements()).contains("BoundaryEvent_HealthDeadline").doesNotContain("Task_VerifyRestore");
    assertThat(restore.variable("restoreResult")).as("no outcome while it waits").isEmpty();

    // Healthy again: the operator resolves, the restore is verified and ends.
    RESTORE.cluster().faults().clear();
    client.newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(restore.openIncidents().getFirst().getKey()).send().join();
    awaitEnd(restore);
    assertThat(restore.completedElements()).contains("Task_VerifyRestore", "EndEvent_Restored");
    assertThat(restore.variable("restoreResult").orElseThrow().get("state").asText()).isEqualTo("RESTORED");
  }

  @Test
  void aLostAnswerToASnapshotRestoreIsRepeatedWithoutStartingItTwiceOrDeletingWhatItRestores() {
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 1001, "state", "ACTIVE"));
    long backupId = completeBackup();
    long documentsAtBackup = RESTORE.openSearch().count(WEBAPP_INDEX);
    RESTORE.openSearch().index(WEBAPP_INDEX, Map.of("processInstanceKey", 2002, "state", "ACTIVE"));
    // The search engine starts the first restore, then the connection drops before the answer
    // arrives: the step fails and runs again (at-least-once delivery).
    RESTORE.cluster().faults().clearRequests();
    // (the set's snapshots only: the pre-flight restores the manifest's own snapshot to read it)
    RESTORE.cluster().faults().loseResponse("POST", "/_snapshot/[^/]+/camunda_[^/]+/_restore", 1);

    ProcessInstanceView restore = startRestore("sandbox-restore-lossy", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore-lossy");
    operateManually(restore, backupId);
    awaitEnd(restore);

    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.get("state").asText()).isEqualTo("RESTORED");
    assertThat(result.at("/verification/ok").asBoolean()).isTrue();
    assertThat(RESTORE.openSearch().count(WEBAPP_INDEX)).isEqualTo(documentsAtBackup);
    assertThat(restore.jobIntents("Task_StartSnapshotRestore")).as("the lost answer failed the step once").containsOnlyOnce("FAILED");
    // Retried at once, not stopped at an incident until the snapshot's deadline cut it short.
    assertThat(restore.jobIntents("Task_ReportOverdueSnapshotRestore")).isEmpty();
    assertThat(restore.incidentsCreated()).isEmpty();
    List<RecordedRequest> requests = RESTORE.cluster().faults().requests();
    int firstRestore = indexOfFirst(requests, r -> r.method().equals("POST") && r.path().contains("/camunda_") && r.path().endsWith("/_restore"));
    List<RecordedRequest> afterIt = requests.subList(firstRestore + 1, requests.size());
    assertThat(afterIt).as("nothing deleted once a restore had started").noneMatch(r -> r.method().equals("DELETE"));
    String lostSnapshot = requests.get(firstRestore).path();
    assertThat(afterIt).as("the repeat saw the restore running and did not start it again")
        .noneMatch(r -> r.method().equals("POST") && r.path().equals(lostSnapshot));
  }

  private static int indexOfFirst(List<RecordedRequest> requests, java.util.function.Predicate<RecordedRequest> match) {
    for (int i = 0; i < requests.size(); i++) {
      if (match.test(requests.get(i))) {
        return i;
      }
    }
    throw new AssertionError("no such request among " + requests.size());
  }

  @Test
  void anIndexCreatedAfterTheApprovalIsNotDeleted() {
    long backupId = completeBackup();
    ProcessInstanceView restore = startRestore("sandbox-restore", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore");
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    // Matches the Camunda patterns, but did not exist when the plan was made and approved.
    String late = "operate-created-after-approval-8.8.0_";
    RESTORE.openSearch().index(late, Map.of("processInstanceKey", 4004, "state", "ACTIVE"));
    try {
      RESTORE.cluster().stopComponents();
      complete(stop, Map.of("componentsStopped", true));
      operateManuallyAfterStop(restore, backupId);
      awaitEnd(restore);

      JsonNode result = restore.variable("restoreResult").orElseThrow();
      assertThat(result.get("state").asText()).isEqualTo("RESTORED");
      assertThat(RESTORE.openSearch().indices()).contains(late);
      assertThat(RESTORE.openSearch().count(late)).isEqualTo(1);
      List<String> planned = new java.util.ArrayList<>();
      restore.variable("restorePlan").orElseThrow().get("indicesToDelete").forEach(i -> planned.add(i.asText()));
      List<String> deleted = new java.util.ArrayList<>();
      result.get("deletedIndices").forEach(i -> deleted.add(i.asText()));
      assertThat(deleted).as("deleted exactly the approved plan").isEqualTo(planned).doesNotContain(late);
    } finally {
      deleteIndex(late);
    }
  }

  @Test
  void manualModeWithComponentsStillRunningDeletesNothingAndAsksAgain() {
    long backupId = completeBackup();
    List<String> indicesBefore = RESTORE.openSearch().indices();
    ProcessInstanceView restore = startRestore("sandbox-restore", backupId);
    approve(restore, "UserTask_Approve", "alice", "sandbox-restore");
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");

    // The operator confirms, but the components still run.
    complete(stop, Map.of("componentsStopped", true));

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> userTasks.open(restore.key()).stream()
        .anyMatch(t -> t.elementId().equals("UserTask_StopComponents") && t.key() != stop.key()));
    assertThat(restore.completedElements()).contains("Task_CheckComponentsStopped").doesNotContain("Task_DeleteIndices");
    assertThat(restore.variable("componentsStillRunning").orElseThrow().asText()).contains("management API still answers");
    assertThat(RESTORE.openSearch().indices()).containsAll(indicesBefore);

    // Stopped for real and confirmed again: the restore goes on.
    UserTaskRef again = userTasks.open(restore.key()).stream().filter(t -> t.elementId().equals("UserTask_StopComponents")).findFirst().orElseThrow();
    RESTORE.cluster().stopComponents();
    complete(again, Map.of("componentsStopped", true));
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
        .failFast(() -> assertThat(userTasks.open(restore.key())).as(() -> "the check sent the operator back again: "
            + restore.variable("componentsStillRunning").map(Object::toString).orElse("?"))
            .noneMatch(t -> t.elementId().equals("UserTask_StopComponents")))
        .until(() -> restore.completedElements().stream().filter("Task_CheckComponentsStopped"::equals).count() == 2);
    operateManuallyAfterStop(restore, backupId);
    awaitEnd(restore);
    assertThat(restore.variable("restoreResult").orElseThrow().get("state").asText()).isEqualTo("RESTORED");
  }

  // --- the operator's part ---------------------------------------------------------------------

  private void approve(ProcessInstanceView restore, String task, String user, String cluster) {
    decide(restore, task, user, Map.of("approval", "approve", "confirmClusterName", cluster));
  }

  private void decide(ProcessInstanceView restore, String task, String user, Map<String, Object> decision) {
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), task);
    assertThat(approval.variables()).containsKey("restorePlanSummary");
    userTasks.assign(approval.key(), user);
    userTasks.complete(approval.key(), decision);
  }

  private void operateManually(ProcessInstanceView restore, long backupId) {
    operateManually(restore, backupId, () -> {});
  }

  /** @param afterSnapshots runs once the snapshots are restored, before Zeebe is */
  private void operateManually(ProcessInstanceView restore, long backupId, Runnable afterSnapshots) {
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    assertThat(stop.variables().get("manualSteps").toString()).contains("Stop the components of sandbox-restore");
    RESTORE.cluster().stopComponents();
    complete(stop, Map.of("componentsStopped", true));
    operateManuallyAfterStop(restore, backupId, afterSnapshots);
  }

  private void operateManuallyAfterStop(ProcessInstanceView restore, long backupId) {
    operateManuallyAfterStop(restore, backupId, () -> {});
  }

  private void operateManuallyAfterStop(ProcessInstanceView restore, long backupId, Runnable afterSnapshots) {
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    afterSnapshots.run();
    assertThat(zeebe.variables().get("manualSteps").toString()).contains("--backupId=" + backupId);
    assertThat(RESTORE.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    partitionsAfterZeebeRestore = RESTORE.cluster().zeebePartitions();
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    RESTORE.cluster().startComponents();
    complete(start, Map.of("componentsStarted", true));
  }

  private void complete(UserTaskRef task, Map<String, Object> variables) {
    userTasks.assign(task.key(), "operator");
    userTasks.complete(task.key(), new HashMap<>(variables));
  }

  // --- helpers -------------------------------------------------------------------------------

  private ProcessInstanceView startRestore(String cluster, long backupId) {
    return startRestore(cluster, backupId, null);
  }

  /** With {@code requestedBy} as a request through the API sets it (null: started from Tasklist, requester unknown). */
  private ProcessInstanceView startRestore(String cluster, long backupId, String requestedBy) {
    Map<String, Object> variables = new HashMap<>(Map.of("clusterName", cluster, "requestedBackupId", backupId));
    if (requestedBy != null) {
      variables.put("requestedBy", requestedBy);
    }
    long key = client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(variables).send().join().getProcessInstanceKey();
    return track(CONTROL.instance(key));
  }

  /**
   * {@code user} decides and is refused with {@code reason}: the completion is denied (the task stays
   * open) or, where the engine does not pass the denial on, the model sends the approval back; the
   * approval task that is open afterwards is returned.
   */
  private UserTaskRef decideRefused(ProcessInstanceView restore, UserTaskRef task, String user, Map<String, Object> decision,
      String reason) {
    userTasks.assign(task.key(), user);
    userTasks.complete(task.key(), decision);
    try {
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
          restore.variable("approvalRefusal").map(JsonNode::asText).orElse("").equals(reason) && reopened(restore, task).isPresent());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("expected refusal '" + reason + "', got " + restore.variable("approvalRefusal")
          + "; open tasks: " + userTasks.open(restore.key()) + "; jobs: " + restore.activeJobHistory(), e);
    }
    assertThat(restore.completedElements()).doesNotContain("Gateway_ApprovalsDone");
    return reopened(restore, task).orElseThrow();
  }

  /** The same approval open again after a denial, or a new one the model created. */
  private java.util.Optional<UserTaskRef> reopened(ProcessInstanceView restore, UserTaskRef task) {
    return userTasks.open(restore.key()).stream()
        .filter(t -> t.elementId().equals(task.elementId()))
        .filter(t -> t.key() != task.key() || "COMPLETION_DENIED".equals(t.lastIntent()))
        .findFirst();
  }

  private long completeBackup() {
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-restore"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    return result(backup).get("backupId").asLong();
  }


  private void assertNothingChanged(ProcessInstanceView restore, List<String> indicesBefore) {
    assertThat(restore.completedElements()).contains("EndEvent_NothingRestored")
        .doesNotContain("Task_DeleteIndices", "UserTask_StopComponents", "Task_ScaleDown");
    assertThat(restore.variable("restoreResult").orElseThrow().get("changed").asText()).isEqualTo("nothing");
    assertThat(RESTORE.openSearch().indices()).containsAll(indicesBefore);
    assertThat(RESTORE.cluster().componentsRunning()).isTrue();
  }

  private static String repository() {
    return RESTORE.cluster().options().repositoryName();
  }

  private static void deleteIndex(String index) {
    try {
      HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RESTORE.openSearch().url() + "/" + index)).DELETE().build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void unregisterRepository() throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(RESTORE.openSearch().url() + "/_snapshot/" + repository())).DELETE().build(),
        HttpResponse.BodyHandlers.discarding());
  }

}
