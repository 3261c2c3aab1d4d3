package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.worker.records.TakeRecordsSnapshotWorker;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/** At-least-once delivery and operator repair: a step that runs twice must not break the backup. */
class BackupRecoveryTest extends BackupProcessTestSupport {

  @Autowired TakeRecordsSnapshotWorker takeRecordsSnapshot;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "POST, /actuator/exporting/pause",
    "POST, /actuator/backupHistory",
    "POST, /actuator/backups",
    "POST, /actuator/backupRuntime",
    "POST, /actuator/exporting/resume"
  })
  void aLostResponseIsRetriedAndTheRepeatedStepIsHarmless(String method, String path) {
    // The target executes the request, then the connection drops before the answer arrives.
    faults().loseResponse(method, path, 1);

    ProcessInstanceView instance = awaitEnd(startBackup("sandbox"));

    assertThat(instance.isCompleted()).isTrue();
    JsonNode result = result(instance);
    assertThat(result.get("state").asText()).isEqualTo("COMPLETED");
    // At least executed-and-lost plus one repeat; a repeat that arrives while the first backup still
    // runs is answered "another backup is running" and repeated again.
    assertThat(faults().requestCount(method, path)).as("executed, lost, repeated").isGreaterThanOrEqualTo(2);
    long id = result.get("backupId").asLong();
    assertThat(SANDBOX.cluster().zeebeBackupIds()).contains(id);
    assertThat(result.at("/snapshots/webapps")).isNotEmpty();
    assertThat(result.at("/snapshots/optimize")).hasSize(2);
    assertExportingResumedAndNoSecrets(instance);
  }

  @Test
  void takingTheRecordsSnapshotTwiceIsHarmless() {
    String name = "camunda_zeebe_records_backup_" + (System.currentTimeMillis() / 1000 - 500_000);

    takeRecordsSnapshot.take("sandbox", name);
    takeRecordsSnapshot.take("sandbox", name);

    assertThat(SANDBOX.openSearch().snapshotNames()).containsOnlyOnce(name);
  }

  @Test
  void anOperatorResolvesTheIncidentAndTheSameBackupCompletes() {
    faults().failWith("POST", "/actuator/backupHistory", 500, "{\"message\":\"Encountered an unexpected error\"}", -1);
    ProcessInstanceView instance = startBackup("sandbox");
    awaitIncident(instance);
    Record<IncidentRecordValue> incident = instance.openIncidents().getFirst();
    assertThat(incident.getValue().getElementId()).isEqualTo("Task_StartWebappsBackup");
    assertThat(SANDBOX.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);

    // What an operator does in Operate once the cause is fixed: give the job retries, resolve.
    faults().clear();
    client.newUpdateRetriesCommand(incident.getValue().getJobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(incident.getKey()).send().join();

    awaitEnd(instance);
    assertThat(instance.isCompleted()).isTrue();
    assertThat(instance.openIncidents()).isEmpty();
    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(instance.completedElements()).contains("Task_StartWebappsBackup", "EndEvent_BackupCompleted");
    assertExportingResumedAndNoSecrets(instance);
  }
}
