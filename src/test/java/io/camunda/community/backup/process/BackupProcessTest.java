package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.ExportingTransition;
import io.camunda.community.backup.sandbox.RecordedRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The happy paths of {@code bpmn/backup.bpmn}: the 8.8 procedure in contract order, with and without Optimize. */
class BackupProcessTest extends BackupProcessTestSupport {

  @Test
  void backsUpEveryComponentUnderOneIdInContractOrder() {
    long now = Instant.now().getEpochSecond();
    long newestBefore = SANDBOX.cluster().zeebeBackupIds().stream().mapToLong(Long::longValue).max().orElse(0);
    ProcessInstanceView instance = awaitEnd(startBackup("sandbox"));

    assertThat(instance.isCompleted()).isTrue();
    assertThat(instance.openIncidents()).isEmpty();
    assertThat(instance.completedElements()).containsSubsequence(
        "Task_AllocateBackupId", "Task_PauseExporting", "Task_StartWebappsBackup", "Task_StartOptimizeBackup",
        "SubProcess_WaitWebappsBackup", "Task_TakeRecordsSnapshot",
        "SubProcess_WaitRecordsSnapshot", "Task_StartZeebeBackup", "SubProcess_WaitZeebeBackup",
        "CallActivity_ResumeExporting", "Task_SummarizeBackup", "EndEvent_BackupCompleted");
    assertThat(instance.completedElements()).containsSubsequence("SubProcess_WaitOptimizeBackup", "Task_TakeRecordsSnapshot");
    // The web apps and Optimize are waited for side by side: Optimize's first check does not wait
    // for the web apps' wait to end.
    assertThat(instance.jobEvents()).containsSubsequence("Task_CheckOptimizeBackup CREATED", "Task_CheckWebappsBackup COMPLETED");
    assertThat(instance.completedElements()).doesNotContain("CallActivity_ResumeExportingAfterFailure");
    // Once exporting is resumed, recording the result, releasing the lock and writing the manifest
    // do not wait for each other's job; retention is asked for once the lock is free and the manifest there.
    assertThat(instance.jobEvents()).containsSubsequence("Task_ReleaseClusterLock CREATED", "Task_SummarizeBackup COMPLETED");
    assertThat(instance.jobEvents()).containsSubsequence("Task_SummarizeBackup CREATED", "Task_ReleaseClusterLock COMPLETED");
    assertThat(instance.jobEvents()).containsSubsequence("Task_WriteManifest CREATED", "Task_ReleaseClusterLock COMPLETED");
    assertThat(instance.jobEvents()).containsSubsequence("Task_ReleaseClusterLock CREATED", "Task_WriteManifest COMPLETED");
    assertThat(instance.jobEvents()).containsSubsequence("Task_ReleaseClusterLock COMPLETED", "Task_RequestRetention CREATED");
    assertThat(instance.jobEvents()).containsSubsequence("Task_WriteManifest COMPLETED", "Task_RequestRetention CREATED");

    JsonNode result = result(instance);
    long id = result.get("backupId").asLong();
    assertThat(result.get("state").asText()).isEqualTo("COMPLETED");
    // Unix seconds, unless an earlier backup took a higher ID: then the next one up.
    assertThat(id).isGreaterThanOrEqualTo(now).isGreaterThan(newestBefore);

    // The management calls happened in the contract's order (section 2.1), under one ID.
    List<String> calls = managementCalls();
    assertThat(calls).containsSubsequence(
        "POST /actuator/exporting/pause?soft=true",
        "POST /actuator/backupHistory {\"backupId\":" + id + "}",
        "POST /actuator/backups {\"backupId\":" + id + "}",
        "GET /actuator/backupHistory/" + id,
        "GET /actuator/backups/" + id,
        "POST /actuator/backupRuntime {\"backupId\":" + id + "}",
        "GET /actuator/backupRuntime/" + id,
        "POST /actuator/exporting/resume");

    // Every snapshot named in the result exists and succeeded in the real OpenSearch.
    JsonNode snapshots = result.get("snapshots");
    List<String> names = new ArrayList<>();
    snapshots.get("webapps").forEach(n -> names.add(n.asText()));
    snapshots.get("optimize").forEach(n -> names.add(n.asText()));
    names.add(snapshots.get("zeebeRecords").asText());
    assertThat(names).anyMatch(n -> n.startsWith("camunda_webapps_" + id + "_8.8.0_part_1_of_"))
        .contains("camunda_optimize_" + id + "_8.8.0_part_1_of_2", "camunda_optimize_" + id + "_8.8.0_part_2_of_2",
            "camunda_zeebe_records_backup_" + id);
    for (String name : names) {
      assertThat(SANDBOX.openSearch().snapshot(name)).as(name).containsEntry("state", "SUCCESS");
    }

    // The records snapshot was taken after the web-app/Optimize snapshots and before the Zeebe backup.
    long recordsStart = ((Number) SANDBOX.openSearch().snapshot("camunda_zeebe_records_backup_" + id).get("start_time_in_millis")).longValue();
    Instant zeebeBackupRequested = request("POST", "/actuator/backupRuntime").timestamp();
    assertThat(recordsStart).isLessThan(zeebeBackupRequested.toEpochMilli());

    // The Zeebe partitions were backed up into the backup store.
    assertThat(SANDBOX.cluster().zeebeBackupIds()).contains(id);
    assertThat(snapshots.get("zeebePartitions")).hasSize(3);
    assertThat(Files.isDirectory(SANDBOX.cluster().backupStore().resolve("1").resolve(Long.toString(id)))).isTrue();

    // Exporting was paused exactly once and resumed; the result measures that window.
    List<ExportingTransition> transitions = SANDBOX.cluster().exportingHistory().stream()
        .filter(t -> !t.at().isBefore(request("POST", "/actuator/exporting/pause").timestamp().minusMillis(1)))
        .toList();
    assertThat(transitions).extracting(ExportingTransition::to).containsExactly(ExportingState.SOFT_PAUSED, ExportingState.EXPORTING);
    Duration paused = Duration.parse(result.at("/durations/exportingPaused").asText());
    Duration total = Duration.parse(result.at("/durations/total").asText());
    assertThat(paused).isPositive().isLessThan(total);
    for (String phase : List.of("webappsBackup", "optimizeBackup", "zeebeRecordsSnapshot", "zeebeBackup")) {
      assertThat(Duration.parse(result.at("/durations/" + phase).asText())).as(phase).isPositive();
    }
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void skipsOptimizeWhenItIsNotDeployed() {
    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-no-optimize"));

    assertThat(instance.isCompleted()).isTrue();
    assertThat(instance.completedElements())
        .contains("Gateway_OptimizeToStart", "Gateway_OptimizeToWaitFor", "Task_StartZeebeBackup")
        .doesNotContain("Task_StartOptimizeBackup", "SubProcess_WaitOptimizeBackup");
    assertThat(faults().requestCount("POST", "/actuator/backups")).isZero();
    assertThat(faults().requestCount("GET", "/actuator/backups.*")).isZero();
    JsonNode result = result(instance);
    assertThat(result.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(result.at("/snapshots/optimize").isNull()).isTrue();
    assertThat(result.at("/durations/optimizeBackup").isNull()).isTrue();
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void takesAnExplicitIdGreaterThanEveryExistingOne() {
    long newest = awaitEnd(startBackup("sandbox")).variable("backupId").orElseThrow().asLong();

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox", newest + 1000));

    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(result(instance).get("backupId").asLong()).isEqualTo(newest + 1000);
    assertThat(SANDBOX.cluster().zeebeBackupIds()).contains(newest + 1000);
  }

  @Test
  void keepsTheOperatorsNoteAndTriggerInTheResult() {
    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-no-optimize"));

    assertThat(result(instance).get("note").asText()).isEqualTo("started by " + getClass().getSimpleName());
    assertThat(result(instance).get("trigger").asText()).isEqualTo("test");
    assertThat(result(instance).get("clusterName").asText()).isEqualTo("sandbox-no-optimize");
  }

  static List<String> managementCalls() {
    return SANDBOX.cluster().faults().requests().stream()
        .map(r -> r.method() + " " + r.path() + (r.query().isEmpty() ? "" : "?" + r.query()) + (r.body().isBlank() ? "" : " " + r.body().replace(" ", "")))
        .toList();
  }

  static RecordedRequest request(String method, String path) {
    return SANDBOX.cluster().faults().requests().stream()
        .filter(r -> r.method().equals(method) && r.path().equals(path))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + method + " " + path + " in " + managementCalls()));
  }

}
