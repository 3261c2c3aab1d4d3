package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** backup-health-check.bpmn: the stale-backup alarm and the repair of exporting left paused. */
class HealthCheckTest extends BackupProcessTestSupport {

  private static final SandboxTargets GUARDS = SandboxTargets.shared("guards");

  @AfterEach
  void resetGuardsSandbox() throws Exception {
    GUARDS.cluster().faults().clear();
    post(GUARDS.cluster().managementUrl() + "/actuator/exporting/resume");
  }

  @Test
  void noRecentCompleteBackupRaisesAnIncidentThatComesBackUntilFixed() {
    ProcessInstanceView check = startHealthCheck("sandbox-r-aged"); // max-backup-age PT1S

    awaitIncident(check);
    Record<IncidentRecordValue> incident = check.openIncidents().getFirst();
    assertThat(incident.getValue().getElementId()).isEqualTo("Task_RaiseAlarm");
    assertThat(incident.getValue().getErrorMessage()).contains("STALE BACKUPS").contains("sandbox-r-aged").contains("PT1S");
    assertThat(check.completedElements()).contains("Task_ReleaseClusterLock");
    JsonNode stale = awaitNotification("backup-stale", check.key());
    assertThat(stale.get("cluster").asText()).isEqualTo("sandbox-r-aged");
    assertThat(stale.get("summary").asText()).contains("sandbox-r-aged").contains("max-backup-age PT1S");
    assertThat(stale.at("/details/maxBackupAge").asText()).isEqualTo("PT1S");

    // Resolving re-checks: still stale, so the alarm is raised again.
    client.newUpdateRetriesCommand(incident.getValue().getJobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(incident.getKey()).send().join();
    await().atMost(Duration.ofSeconds(20)).until(() -> check.openIncidents().stream().anyMatch(i -> i.getKey() != incident.getKey()));
    assertThat(check.isEnded()).isFalse();
    // The alarm raised again is the same finding of the same check: notified once.
    await().pollDelay(Duration.ofMillis(500)).until(() -> true);
    assertThat(notifications("backup-stale", check.key())).hasSize(1);
  }

  @Test
  void exportingFoundPausedWithNoRunIsResumedAndReported() throws Exception {
    int notifiedBefore = NOTIFICATIONS.requests().size();
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-b-fresh"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    post(GUARDS.cluster().managementUrl() + "/actuator/exporting/pause?soft=true"); // e.g. a backup cancelled in Operate
    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);
    double foundPausedBefore = counted("c8backup.exporting.found.paused", "cluster", "sandbox-b-fresh");

    ProcessInstanceView check = startHealthCheck("sandbox-b-fresh");
    awaitIncident(check);

    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    assertThat(check.completedElements()).contains("Task_CheckExporting", "CallActivity_ResumeExporting");
    Record<IncidentRecordValue> incident = check.openIncidents().getFirst();
    assertThat(incident.getValue().getErrorMessage()).contains("EXPORTING WAS PAUSED").contains("resumed it").doesNotContain("STALE");
    assertThat(counted("c8backup.exporting.found.paused", "cluster", "sandbox-b-fresh")).isEqualTo(foundPausedBefore + 1);
    JsonNode repaired = awaitNotification("exporting-repaired", check.key());
    assertThat(repaired.get("cluster").asText()).isEqualTo("sandbox-b-fresh");
    assertThat(repaired.get("summary").asText()).contains("found exporting of cluster 'sandbox-b-fresh' paused").contains("resumed it");
    assertThat(check.variable("exportingResumedAt").orElseThrow().asText()).isEqualTo(repaired.at("/details/exportingResumedAt").asText());

    // Resolving acknowledges the report: the check ends.
    client.newUpdateRetriesCommand(incident.getValue().getJobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(incident.getKey()).send().join();
    awaitEnd(check);
    assertThat(check.completedElements()).contains("EndEvent_AlarmHandled");
    // Only the repair is news: the backup's own resume at its end and the acknowledging run notified nothing.
    assertThat(NOTIFICATIONS.requests().subList(notifiedBefore, NOTIFICATIONS.requests().size()))
        .extracting(r -> r.json().get("event").asText() + " " + r.json().at("/details/processInstanceKey").asLong())
        .containsExactly("exporting-repaired " + check.key());
  }

  @Test
  void aResumeThatKeepsFailingInTheHealthCheckRaisesTheAlarmAndIsTriedUntilTheTargetRecovers() throws Exception {
    assertThat(result(awaitEnd(startBackup("sandbox-b-fresh"))).get("state").asText()).isEqualTo("COMPLETED");
    post(GUARDS.cluster().managementUrl() + "/actuator/exporting/pause?soft=true");
    GUARDS.cluster().faults().failWith("POST", "/actuator/exporting/resume", 503, "{\"message\":\"Service Unavailable\"}", -1);

    ProcessInstanceView check = startHealthCheck("sandbox-b-fresh");
    awaitIncident(check);

    Record<IncidentRecordValue> alarm = check.openIncidents().getFirst();
    assertThat(alarm.getValue().getElementId()).isEqualTo("Task_ReportExportingPaused");
    assertThat(alarm.getValue().getErrorMessage()).contains("EXPORTING PAUSED").contains("'sandbox-b-fresh'")
        .contains("no run holds the cluster's lock").contains("Last error: ").contains("503").doesNotContain("backup null");
    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);
    int attemptsAtAlarm = GUARDS.cluster().faults().requestCount("POST", "/actuator/exporting/resume");
    awaitExplained(check, "further resume requests", Duration.ofSeconds(60),
        () -> GUARDS.cluster().faults().requestCount("POST", "/actuator/exporting/resume") > attemptsAtAlarm + 2);

    // The target recovers: exporting is resumed and the alarm withdrawn; the check goes on to report it.
    GUARDS.cluster().faults().clear();
    await().atMost(Duration.ofSeconds(30)).until(() -> GUARDS.cluster().exportingState() == ExportingState.EXPORTING);
    await().atMost(Duration.ofSeconds(30)).until(() -> check.openIncidents().stream()
        .noneMatch(i -> i.getValue().getElementId().equals("Task_ReportExportingPaused")));
    assertThat(check.completedElements()).contains("CallActivity_ResumeExporting");
  }

  @Test
  void aRunInFlightKeepsItsPauseAndOnlyFreshnessIsChecked() {
    assertThat(result(awaitEnd(startBackup("sandbox-b-fresh"))).get("state").asText()).isEqualTo("COMPLETED");
    GUARDS.cluster().faults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView backup = startBackup("sandbox-b-fresh");
    await().atMost(Duration.ofSeconds(30)).until(() -> backup.completedElements().contains("Task_StartZeebeBackup"));

    ProcessInstanceView check = awaitEnd(startHealthCheck("sandbox-b-fresh"));

    assertThat(check.completedElements()).contains("BoundaryEvent_ClusterBusy", "Task_CheckFreshness", "EndEvent_Healthy")
        .doesNotContain("Task_CheckExporting", "CallActivity_ResumeExporting");
    assertThat(GUARDS.cluster().exportingState()).as("the running backup's pause is left alone").isEqualTo(ExportingState.SOFT_PAUSED);
    GUARDS.cluster().faults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(backup)).get("state").asText()).isEqualTo("COMPLETED");
  }

  private ProcessInstanceView startHealthCheck(String cluster) {
    long key = client.newCreateInstanceCommand().bpmnProcessId("backup-health-check").latestVersion()
        .variables(Map.of("clusterName", cluster)).send().join().getProcessInstanceKey();
    return track(CONTROL.instance(key));
  }

  private static void post(String url) throws Exception {
    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
  }
}
