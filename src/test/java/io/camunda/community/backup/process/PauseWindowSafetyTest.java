package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What happens around the pause window when things go wrong: exporting is resumed however long the
 * resume fails, and says meanwhile that it is paused; a cancellation reaches only the run it was
 * meant for; a run that does not complete leaves no backup ID behind that could later pass for a
 * restore point.
 */
class PauseWindowSafetyTest extends BackupProcessTestSupport {

  private static final String RESUME = "/actuator/exporting/resume";
  private static final String ZEEBE_BACKUP = "/actuator/backupRuntime";
  /** Long request timeout and watchdog: nothing here depends on how fast a loaded machine is. */
  private static final String CLUSTER = "sandbox-patient";

  @Autowired BackupCatalog catalog;

  @Test
  void aResumeFailingLongerThanItsRetriesStillEndsWithExportingResumed() {
    // 14 failures: more than the task's 10 retries, which used to end in an incident that only a
    // person could resolve while exporting stayed paused.
    faults().failWith("POST", RESUME, 503, "{\"message\":\"Service Unavailable\"}", 14);

    ProcessInstanceView instance = startBackup(CLUSTER);
    // 14 back-offs (up to 1 s each in these tests) on top of the backup itself.
    awaitExplained(instance, "15th resume request", Duration.ofSeconds(180), () -> faults().requestCount("POST", RESUME) >= 15);
    awaitEnd(instance);

    assertThat(instance.isCompleted()).isTrue();
    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(faults().requestCount("POST", RESUME)).isEqualTo(15);
    assertThat(instance.openIncidents()).isEmpty();
    // Every retry waited on the drawn back-off timer; no job was failed with a job back-off, which
    // Zeebe 8.8 may never recur (ResumeExportingWorker).
    List<ProcessInstanceView> resumes = instance.childInstances().stream().map(CONTROL::instance)
        .filter(child -> !child.jobIntents("Task_ResumeExporting").isEmpty()).toList();
    assertThat(resumes).hasSize(1);
    assertThat(resumes.getFirst().jobIntents("Task_ResumeExporting")).doesNotContain("FAILED").filteredOn("ERROR_THROWN"::equals).hasSize(14);
    assertThat(resumes.getFirst().completedElements()).filteredOn("Timer_BackoffElapsed"::equals).hasSize(14);
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void aResumeThatKeepsFailingRaisesAnAlarmSayingSinceWhenAndIsRetriedUntilTheTargetRecovers() {
    faults().failWith("POST", RESUME, 503, "{\"message\":\"Service Unavailable\"}", -1);
    ProcessInstanceView instance = startBackup(CLUSTER);

    // After exporting-resume.alarm-after: an incident beside the resume step, not on it.
    awaitIncident(instance);
    IncidentRecordValue alarm = instance.openIncidents().getFirst().getValue();
    String pausedAt = instance.variable("exportingPausedAt").orElseThrow().asText();
    assertThat(alarm.getElementId()).as("alarm of a backup that did not fail; passed: %s, variables: failureReason=%s, errorCode=%s",
            instance.completedElements(), instance.variable("failureReason").orElse(null), instance.variable("errorCode").orElse(null))
        .isEqualTo("Task_ReportExportingPaused");
    assertThat(alarm.getErrorMessage())
        .contains("exporting of cluster '" + CLUSTER + "' is paused since " + pausedAt)
        .contains("retried without limit").contains(SANDBOX.cluster().managementUrl()).contains("Check");
    assertThat(SANDBOX.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);

    // The alarm does not stop the repair: resume goes on being tried.
    int attemptsAtAlarm = faults().requestCount("POST", RESUME);
    awaitExplained(instance, "further resume requests", Duration.ofSeconds(60), () -> faults().requestCount("POST", RESUME) > attemptsAtAlarm + 2);
    assertThat(instance.activeElements()).contains("CallActivity_ResumeExporting");

    // The target recovers: exporting is resumed, the alarm withdrawn, the backup completes.
    faults().clear();
    awaitEnd(instance);
    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(instance.openIncidents()).as("alarm withdrawn with the resumed exporting").isEmpty();
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void aCancellationSentWhileNoBackupRunsDoesNotCancelTheNextBackup() {
    requests.cancel(CLUSTER, "test");

    ProcessInstanceView instance = awaitEnd(startBackup(CLUSTER));

    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(instance.completedElements()).doesNotContain("BoundaryEvent_CancellationRequested");
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void aZeebeBackupStillStartingWhenTheWatchdogFiresIsVoidedAndNeverBecomesComplete() {
    // The start request's answer takes 13 s, less than the request timeout: the worker waits for it.
    faults().delay("POST", ZEEBE_BACKUP, PATIENT_REQUEST_TIMEOUT.minusSeconds(3));
    ProcessInstanceView instance = startBackup(CLUSTER);
    await().atMost(Duration.ofSeconds(90)).until(() -> faults().requestCount("POST", ZEEBE_BACKUP) == 1);

    // The watchdog fires while that request is in flight (the engine's clock moves past it).
    CONTROL.increaseTime(PATIENT_WATCHDOG);
    awaitEnd(instance);

    JsonNode result = result(instance);
    long backupId = result.get("backupId").asLong();
    assertThat(result.get("errorCode").asText()).isEqualTo("WATCHDOG");
    assertThat(instance.variable("zeebeBackupState")).as("the start request's answer never arrived").isEmpty();
    assertExportingResumedAndNoSecrets(instance);

    // Let the late start request land and whatever it started finish.
    await().atMost(Duration.ofSeconds(40)).until(() -> SANDBOX.cluster().latestZeebeBackupId() >= backupId);
    Optional<BackupSet> set = awaitSettled(CLUSTER, backupId);
    assertThat(set.map(BackupSet::state)).as("backup set %d in the catalog", backupId).isNotEqualTo(Optional.of(SetState.COMPLETE));
    assertThat(SANDBOX.cluster().zeebeBackupIds()).as("Zeebe backups in the store").doesNotContain(backupId);
    assertThat(result.has("voidedAt")).as("backupResult.voidedAt set").isTrue();
    assertThat(instance.completedElements()).contains("Timer_StartRequestExpired", "Task_VoidBackup");
  }

  @Test
  void aZeebeBackupCancelledWhileInProgressIsVoidedAndNeverBecomesComplete() {
    faults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView instance = startBackup(CLUSTER);
    await().atMost(Duration.ofSeconds(90)).until(() -> instance.activeElements().contains("Task_CheckZeebeBackup")
        || instance.activeElements().contains("Timer_ZeebeBackupPoll"));

    requests.cancel(CLUSTER, "test");
    awaitEnd(instance);
    // The broker finishes what it had started.
    faults().zeebeBackupStuckInProgress(false);

    JsonNode result = result(instance);
    long backupId = result.get("backupId").asLong();
    assertThat(result.get("state").asText()).isEqualTo("CANCELLED");
    Optional<BackupSet> set = awaitSettled(CLUSTER, backupId);
    assertThat(set.map(BackupSet::state)).as("backup set %d in the catalog", backupId).isNotEqualTo(Optional.of(SetState.COMPLETE));
    assertThat(SANDBOX.cluster().zeebeBackupIds()).doesNotContain(backupId);
    assertExportingResumedAndNoSecrets(instance);
  }

  /** The catalog's view of a set once nothing of it is running any more (absent counts as settled). */
  private Optional<BackupSet> awaitSettled(String cluster, long backupId) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> catalog.find(cluster, backupId).map(BackupSet::state).orElse(null) != SetState.IN_PROGRESS);
    return catalog.find(cluster, backupId);
  }
}
