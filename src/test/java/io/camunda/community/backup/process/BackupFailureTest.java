package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way a backup can fail ends with exporting resumed, a FAILED result that says why, and no
 * secret in any variable.
 */
class BackupFailureTest extends BackupProcessTestSupport {

  @org.springframework.beans.factory.annotation.Autowired io.camunda.community.backup.control.RunStatusReader statuses;

  @Test
  void webAppsBackupFailedEndsTheBackupAsFailed() {
    faults().webappsBackupFails();

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox"));

    JsonNode result = assertFailedAfterResume(instance, "BACKUP_FAILED");
    assertThat(result.get("failureReason").asText()).contains("Web-apps backup").contains("FAILED");
    assertThat(result.get("failedStep").asText()).isEqualTo("Task_CheckWebappsBackup");
    assertThat(faults().requestCount("POST", "/actuator/backupRuntime")).as("Zeebe backup never started").isZero();
  }

  @Test
  void optimizeBackupFailedEndsTheBackupAsFailed() {
    faults().optimizeBackupFails();

    JsonNode result = assertFailedAfterResume(awaitEnd(startBackup("sandbox")), "BACKUP_FAILED");

    assertThat(result.get("failureReason").asText()).contains("Optimize backup").contains("FAILED");
    assertThat(result.get("failedStep").asText()).isEqualTo("Task_CheckOptimizeBackup");
  }

  @Test
  void zeebeBackupFailedEndsTheBackupAsFailed() {
    faults().zeebeBackupFails("partition 2: S3 upload failed");

    JsonNode result = assertFailedAfterResume(awaitEnd(startBackup("sandbox")), "BACKUP_FAILED");

    assertThat(result.get("failureReason").asText()).contains("Zeebe backup").contains("FAILED").contains("S3 upload failed");
    assertThat(result.get("failedStep").asText()).isEqualTo("Task_CheckZeebeBackup");
  }

  @Test
  void zeebeBackupStuckInProgressHitsItsDeadline() {
    faults().zeebeBackupStuckInProgress(true);

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-tight"));

    JsonNode result = assertFailedAfterResume(instance, "BACKUP_TIMEOUT");
    // The error end event throws rather than completes, so only the deadline shows as passed.
    assertThat(instance.completedElements()).contains("BoundaryEvent_ZeebeBackupDeadline");
    assertThat(result.get("failedStep").asText()).isEqualTo("SubProcess_WaitZeebeBackup");
    assertThat(result.get("failureReason").asText()).contains("Zeebe backup").contains("PT4S").contains("IN_PROGRESS");
  }

  @Test
  void webAppsStuckInProgressHitsItsDeadline() {
    faults().webappsStuckInProgress(true);

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-tight"));

    assertFailedAfterResume(instance, "BACKUP_TIMEOUT");
    assertThat(instance.completedElements()).contains("BoundaryEvent_WebappsBackupDeadline");
  }

  @Test
  void transientIncompleteWithinTheGracePeriodStillCompletes() {
    // Each reports INCOMPLETE to the orchestrator's next two status checks between its parts,
    // then goes on: counted in reads, not in time, so a slow machine sees the same.
    faults().webappsIncompleteForReads(2).optimizeIncompleteForReads(2);

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox")); // grace PT30S: two checks 200 ms apart

    assertThat(instance.isCompleted()).isTrue();
    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(instance.variableHistory("webappsBackupState")).extracting(JsonNode::asText).contains("INCOMPLETE", "COMPLETED");
    assertThat(instance.variableHistory("optimizeBackupState")).extracting(JsonNode::asText).contains("INCOMPLETE", "COMPLETED");
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void incompleteBeyondTheGracePeriodFails() {
    faults().optimizeTransientIncomplete(Duration.ofSeconds(30));

    JsonNode result = assertFailedAfterResume(awaitEnd(startBackup("sandbox-tight")), "BACKUP_FAILED"); // grace PT1S

    assertThat(result.get("failureReason").asText()).contains("Optimize backup").contains("INCOMPLETE").contains("grace");
  }

  @Test
  void idNotGreaterThanAnExistingOneIsRefusedBeforeAnythingIsPaused() {
    long existing = awaitEnd(startBackup("sandbox-no-optimize")).variable("backupId").orElseThrow().asLong();
    faults().clearRequests();

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox", existing));

    JsonNode result = result(instance);
    assertThat(result.get("state").asText()).isEqualTo("FAILED");
    assertThat(result.get("errorCode").asText()).isEqualTo("BACKUP_ID_NOT_GREATER");
    assertThat(result.get("failureReason").asText()).contains("not greater than the newest existing backup ID " + existing);
    assertThat(instance.completedElements()).contains("BoundaryEvent_BackupRejected", "EndEvent_BackupFailed")
        .doesNotContain("Task_PauseExporting");
    assertThat(faults().requestCount("POST", "/actuator/exporting/pause")).isZero();
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void zeebeRefusingTheIdAsConflictEndsTheBackupAsFailed() {
    faults().failWith("POST", "/actuator/backupRuntime", 409,
        "{\"message\":\"Requested backup has id 5. The latest backup has id 6.\"}", -1);

    JsonNode result = assertFailedAfterResume(awaitEnd(startBackup("sandbox-no-optimize")), "BACKUP_ID_CONFLICT");

    assertThat(result.get("failureReason").asText()).contains("The latest backup has id 6");
  }

  @Test
  void persistentServerErrorsBecomeAnIncidentAndTheWatchdogResumesExporting() {
    faults().failWith("POST", "/actuator/backupRuntime", 503, "{\"message\":\"RESOURCE_EXHAUSTED\"}", -1);

    ProcessInstanceView instance = startBackup("sandbox-tight");
    awaitIncident(instance);

    Record<IncidentRecordValue> incident = instance.openIncidents().getFirst();
    assertThat(incident.getValue().getElementId()).isEqualTo("Task_StartZeebeBackup");
    assertThat(incident.getValue().getErrorMessage())
        .contains("POST " + SANDBOX.cluster().managementUrl() + "/actuator/backupRuntime")
        .contains("503").contains("RESOURCE_EXHAUSTED").contains("Check");
    assertThat(faults().requestCount("POST", "/actuator/backupRuntime")).as("5 attempts").isEqualTo(5);
    assertThat(SANDBOX.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);

    // Nobody resolves it: the watchdog ends the pause window and resumes exporting.
    awaitEnd(instance);
    JsonNode result = assertFailedAfterResume(instance, "WATCHDOG");
    assertThat(instance.completedElements()).contains("BoundaryEvent_PausedTooLong");
    assertThat(result.get("failureReason").asText()).contains("paused for longer than PT10S");
  }

  @Test
  void unreachableOptimizeIsAnIncidentBeforeExportingIsPaused() {
    ProcessInstanceView instance = startBackup("sandbox-optimize-down");
    awaitIncident(instance);

    IncidentRecordValue incident = instance.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_AllocateBackupId");
    assertThat(incident.getErrorMessage()).contains("Optimize backup API").contains("cannot connect").contains("port 8092");
    assertThat(faults().requestCount("POST", "/actuator/exporting/pause")).isZero();
    // Its status (HTTP and --wait) says where it stands and what to check, and that it has not ended.
    io.camunda.community.backup.control.RunStatus status = statuses.read("sandbox-optimize-down", instance.key()).orElseThrow();
    assertThat(status.state()).isEqualTo("INCIDENT");
    assertThat(status.ended()).isFalse();
    assertThat(status.currentSteps()).containsExactly("Allocate backup ID");
    assertThat(status.incidents()).singleElement().satisfies(open -> {
      assertThat(open.step()).isEqualTo("Allocate backup ID");
      assertThat(open.message()).isEqualTo(incident.getErrorMessage());
    });
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void noAnswerAfterThePauseIsRetriedThenTheWatchdogResumesExporting() {
    faults().delay("POST", "/actuator/backupHistory", Duration.ofSeconds(30));

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-tight"));

    // Each attempt waited the configured request timeout, failed with a message saying so, and was
    // retried; the watchdog (PT10S) ended the pause before the retries ran out.
    assertThat(jobFailureMessages(instance)).isNotEmpty()
        .allSatisfy(m -> assertThat(m).contains("POST " + SANDBOX.cluster().managementUrl() + "/actuator/backupHistory").contains("no answer within 2 s"));
    assertThat(faults().requestCount("POST", "/actuator/backupHistory")).isGreaterThan(1);
    assertFailedAfterResume(instance, "WATCHDOG");
  }

  private static List<String> jobFailureMessages(ProcessInstanceView instance) {
    List<String> messages = new java.util.ArrayList<>();
    CONTROL.records().jobRecords().forEach(r -> {
      if (r.getValue().getProcessInstanceKey() == instance.key() && r.getIntent() == io.camunda.zeebe.protocol.record.intent.JobIntent.FAILED) {
        messages.add(r.getValue().getErrorMessage());
      }
    });
    return messages;
  }

  @Test
  void aPauseThatIsNotConfirmedIsRetried() {
    faults().exportingPauseFails(2);

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-no-optimize"));

    assertThat(instance.isCompleted()).isTrue();
    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(faults().requestCount("POST", "/actuator/exporting/pause")).isEqualTo(3);
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void aResumeThatIsNotConfirmedIsRetriedUntilItIs() {
    faults().exportingResumeFails(3);

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-no-optimize"));

    assertThat(instance.isCompleted()).isTrue();
    assertThat(faults().requestCount("POST", "/actuator/exporting/resume")).isEqualTo(4);
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void anOperatorCancellingTheBackupResumesExporting() {
    faults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView instance = startBackup("sandbox");
    await().atMost(Duration.ofSeconds(30)).until(() -> instance.activeElements().contains("Task_CheckZeebeBackup")
        || instance.activeElements().contains("Timer_ZeebeBackupPoll"));

    requests.cancel("sandbox", "operator-on-call");

    awaitEnd(instance);
    JsonNode result = result(instance);
    assertThat(result.get("state").asText()).isEqualTo("CANCELLED");
    // who cancelled: carried in by the cancellation message
    assertThat(result.get("cancelledBy").asText()).isEqualTo("operator-on-call");
    assertThat(result.get("failureReason").asText()).isEqualTo("Cancelled by operator-on-call");
    assertThat(instance.completedElements()).contains("BoundaryEvent_CancellationRequested", "CallActivity_ResumeExportingAfterFailure");
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void anUnknownClusterIsRefusedAtOnceWithTheConfiguredNames() {
    long key = client.newCreateInstanceCommand().bpmnProcessId("backup").latestVersion()
        .variables(java.util.Map.of("clusterName", "nope")).send().join().getProcessInstanceKey();
    ProcessInstanceView instance = awaitEnd(CONTROL.instance(key));

    JsonNode result = result(instance);
    assertThat(result.get("state").asText()).isEqualTo("REFUSED");
    assertThat(result.get("errorCode").asText()).isEqualTo("UNKNOWN_CLUSTER");
    assertThat(result.get("failureReason").asText()).contains("'nope'").contains("sandbox-no-optimize");
    assertThat(instance.completedElements()).contains("BoundaryEvent_ClusterUnknown", "EndEvent_BackupRefused")
        .doesNotContain("CallActivity_AcquireClusterLock", "Task_ReleaseClusterLockAfterFailure");
  }

  /** The failure path ran: exporting resumed via the failure branch, result FAILED/CANCELLED with the code. */
  private JsonNode assertFailedAfterResume(ProcessInstanceView instance, String errorCode) {
    assertThat(instance.isCompleted()).as("instance completed (through its failure end)").isTrue();
    assertThat(instance.completedElements()).contains("EndEvent_BackupFailed").doesNotContain("EndEvent_BackupCompleted");
    if (List.of("BACKUP_ID_NOT_GREATER", "BACKUP_TOO_SOON").contains(errorCode)) {
      assertThat(instance.completedElements()).doesNotContain("CallActivity_ResumeExportingAfterFailure");
    } else {
      assertThat(instance.completedElements()).contains("CallActivity_ResumeExportingAfterFailure");
    }
    JsonNode result = result(instance);
    assertThat(result.get("state").asText()).isEqualTo("FAILED");
    assertThat(result.get("errorCode").asText()).isEqualTo(errorCode);
    assertThat(result.get("failureReason").asText()).isNotBlank();
    assertExportingResumedAndNoSecrets(instance);
    return result;
  }
}
