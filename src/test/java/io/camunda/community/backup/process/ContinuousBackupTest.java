package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.SandboxCamundaCluster;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 15 item 1: a cluster with Camunda 8.9's continuous backups (the sandbox refuses a backup
 * with an id, generates ids, and reports its backup ranges per partition), on real PostgreSQL. No
 * pause, no shared id: the database is dumped under an id of its own, Zeebe takes a backup without
 * an id (or the broker's scheduler does), and the ranges are checked: every partition with one
 * range, the newest backup and dump younger than max-backup-age. A gap, or a backup too old, is an
 * incident that names the partition and the window.
 */
class ContinuousBackupTest extends BackupProcessTestSupport {

  @org.springframework.beans.factory.annotation.Autowired private io.camunda.community.backup.control.RetentionRequests retention;
  @org.springframework.beans.factory.annotation.Autowired private io.micrometer.core.instrument.MeterRegistry meters;
  @org.springframework.beans.factory.annotation.Autowired private io.camunda.community.backup.client.database.DatabaseDumps databaseDumps;

  @Test
  void dumpsHasZeebeTakeABackupWithoutAnIdAndReportsTheRestorableWindows() {
    SandboxCamundaCluster cluster = RdbmsTargets.postgresContinuous(CONTINUOUS).cluster();
    ProcessInstanceView first = awaitEnd(startBackup(CONTINUOUS));
    cluster.processRecords(5);
    ProcessInstanceView backup = awaitEnd(startBackup(CONTINUOUS));

    JsonNode result = result(backup);
    assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    assertThat(result.path("mode").asText()).isEqualTo("CONTINUOUS");
    long zeebeBackupId = result.path("zeebeBackupId").asLong();
    assertThat(zeebeBackupId).as("the id Zeebe generated").isEqualTo(cluster.latestZeebeBackupId());
    assertThat(result(first).path("zeebeBackupId").asLong()).isLessThan(zeebeBackupId);
    long dumpId = result.path("dumpBackupId").asLong();
    assertThat(RdbmsTargets.postgresContinuous(CONTINUOUS).dumpDirectory(CONTINUOUS).toFile().list())
        .anyMatch(file -> file.contains(Long.toString(dumpId)));
    // one range per partition, over both backups
    JsonNode windows = result.path("restorableWindows");
    assertThat(windows).hasSize(3);
    for (JsonNode window : windows) {
      assertThat(Instant.parse(window.path("to").asText())).isAfter(Instant.parse(window.path("from").asText()));
    }
    assertThat(backup.completedElements()).contains("CallActivity_BackUpContinuously", "Task_ReleaseLockAfterContinuousBackup")
        .doesNotContain("Task_AllocateBackupId", "SubProcess_ExportingPaused");
    assertThat(cluster.exportingHistory()).as("nothing was paused").isEmpty();
    // The window stands in for the newest complete set in the metrics, so an age alert does not fire for want of sets.
    Instant restorableTo = java.util.stream.StreamSupport.stream(windows.spliterator(), false)
        .map(window -> Instant.parse(window.path("to").asText())).min(java.util.Comparator.naturalOrder()).orElseThrow();
    assertThat(meters.get("c8backup.newest.complete.backup.timestamp").tag("cluster", CONTINUOUS).gauge().value())
        .isEqualTo(restorableTo.toEpochMilli() / 1000.0);
    assertThat(meters.get("c8backup.complete.backups").tag("cluster", CONTINUOUS).gauge().value()).isEqualTo(1.0);
  }

  /** What made the orchestrator's ID procedure impossible on such a cluster (contract 1.2.1): an explicit id is refused. */
  @Test
  void aBackupRequestWithAnIdIsRefusedByTheCluster() throws Exception {
    SandboxCamundaCluster cluster = RdbmsTargets.postgresContinuous(CONTINUOUS).cluster();
    var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(cluster.managementUrl() + "/actuator/backupRuntime")).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"backupId\": 4102444800}")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());

    assertThat(answer.statusCode()).isEqualTo(400);
    assertThat(answer.body()).contains("Cannot take backup with predetermined backupId when continuous backups are enabled");
    assertThat(cluster.latestZeebeBackupId()).isLessThan(4102444800L);
  }

  /**
   * The flavour is chosen from configuration and checked against what the target reports: a
   * cluster taking continuous backups, configured as one that does not, fails its backup with
   * exporting resumed and names the setting to change.
   */
  @Test
  void aTargetWithContinuousBackupsConfiguredWithoutThemFailsNamingTheSetting() {
    ProcessInstanceView backup = awaitEnd(startBackup(CONTINUOUS_UNCONFIGURED));

    JsonNode result = result(backup);
    assertThat(result.path("state").asText()).as(result.toString()).isEqualTo("FAILED");
    assertThat(result.toString()).contains("continuous backups are enabled").contains("continuous-backups.enabled: true");
    assertThat(RdbmsTargets.postgresContinuous(CONTINUOUS_GAP).cluster().exportingState())
        .isEqualTo(io.camunda.community.backup.sandbox.ExportingState.EXPORTING);
  }

  /**
   * Read as sets of one id, a continuous cluster's Zeebe backups and dumps would all look partial
   * (retention keeps 1 complete and 0 failed here). Its dumps are kept by the broker's window
   * instead: every dump a backup range reaches back to stays.
   */
  @Test
  void retentionKeepsEveryDumpTheBackupRangesReachAndNoZeebeBackupIsTouched() {
    awaitEnd(startBackup(CONTINUOUS));
    awaitEnd(startBackup(CONTINUOUS));
    SandboxCamundaCluster cluster = RdbmsTargets.postgresContinuous(CONTINUOUS).cluster();
    var zeebeBackups = cluster.zeebeBackupIds();
    String[] dumps = RdbmsTargets.postgresContinuous(CONTINUOUS).dumpDirectory(CONTINUOUS).toFile().list();

    var status = finished(retention.request(CONTINUOUS, false, "test", "test"));

    assertThat(status.result().get("state")).as(status.result().toString()).isEqualTo("APPLIED");
    assertThat((List<?>) status.result().get("delete")).isEmpty();
    assertThat(cluster.zeebeBackupIds()).isEqualTo(zeebeBackups);
    assertThat(RdbmsTargets.postgresContinuous(CONTINUOUS).dumpDirectory(CONTINUOUS).toFile().list()).containsExactlyInAnyOrder(dumps);
  }

  /**
   * Issue 15 item 2: dumps older than the broker's retention window (the oldest point every
   * partition has a range for) are deleted, except the newest one before it, which a restore to
   * the window's first points starts from; Zeebe's backups are the broker's to delete.
   */
  @Test
  void retentionDeletesTheDumpsNoBackupRangeReaches() {
    RdbmsTargets target = RdbmsTargets.postgresContinuous(CONTINUOUS_RETENTION);
    long now = System.currentTimeMillis();
    var oldest = databaseDumps.dump(CONTINUOUS_RETENTION, now - 4_000);
    var older = databaseDumps.dump(CONTINUOUS_RETENTION, now - 3_000);
    var newestBefore = databaseDumps.dump(CONTINUOUS_RETENTION, now - 2_000);
    // the broker's window starts after all three (its older backups were deleted by its own retention)
    long zeebe = target.cluster().takeScheduledBackup(Instant.now().plusMillis(50));
    awaitZeebeBackupsCompleted(target.cluster(), zeebe);

    // max-deletions-per-run 1: the oldest goes now, the other one is deferred to the next run
    var first = finished(retention.request(CONTINUOUS_RETENTION, false, "test", "test"));

    assertThat(first.result().get("state")).as(first.result().toString()).isEqualTo("APPLIED");
    assertThat(first.result().get("deferred")).isEqualTo(1);
    assertThat(target.dumpDirectory(CONTINUOUS_RETENTION).resolve(oldest.file())).doesNotExist();
    assertThat(target.dumpDirectory(CONTINUOUS_RETENTION).resolve(older.file())).exists();

    var second = finished(retention.request(CONTINUOUS_RETENTION, false, "test", "test"));

    assertThat(second.result().get("delete").toString()).contains(Long.toString(older.backupId()))
        .doesNotContain(Long.toString(newestBefore.backupId()));
    assertThat(target.dumpDirectory(CONTINUOUS_RETENTION).resolve(older.file())).doesNotExist();
    assertThat(target.dumpDirectory(CONTINUOUS_RETENTION).resolve(newestBefore.file()))
        .as("the newest dump, before the window too: a restore to its first points starts from it").exists();
    assertThat(target.cluster().zeebeBackupIds()).contains(zeebe);
  }

  @Test
  void aGapInAPartitionsRangesIsAnIncidentNamingThePartitionAndTheWindow() {
    SandboxCamundaCluster cluster = RdbmsTargets.postgresContinuous(CONTINUOUS_GAP).cluster();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    long before = cluster.takeScheduledBackup(now.minus(Duration.ofMinutes(30)));
    cluster.processRecords(5);
    cluster.loseLogBeforeNextBackup(2);
    cluster.processRecords(5);
    long after = cluster.takeScheduledBackup(now.minus(Duration.ofMinutes(10)));
    awaitZeebeBackupsCompleted(cluster, before, after);

    // The health check sees it (it reads the ranges instead of sets of one id) and raises the alarm.
    ProcessInstanceView check = track(CONTROL.instance(client.newCreateInstanceCommand().bpmnProcessId("backup-health-check")
        .latestVersion().variables(java.util.Map.of("clusterName", CONTINUOUS_GAP)).send().join().getProcessInstanceKey()));
    awaitIncident(check);
    var alarm = check.openIncidents().getFirst().getValue();
    assertThat(alarm.getElementId()).isEqualTo("Task_RaiseAlarm");
    assertThat(alarm.getErrorMessage()).contains("BACKUP GAP: GAP in partition 2 of cluster '" + CONTINUOUS_GAP + "'");

    ProcessInstanceView backup = startBackup(CONTINUOUS_GAP);
    ProcessInstanceView called = awaitChild(backup);
    awaitIncident(called);

    var incident = called.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_CheckBackupRanges");
    assertThat(incident.getErrorMessage()).contains("GAP in partition 2 of cluster '" + CONTINUOUS_GAP + "'")
        .contains("no point between " + now.minus(Duration.ofMinutes(30)) + " and " + now.minus(Duration.ofMinutes(10)))
        .contains("backups " + before + " and " + after).doesNotContain("partition 1 ", "partition 3 ");
    assertThat(called.completedElements()).contains("Task_DumpDatabase").doesNotContain("Task_TakeZeebeBackup");
  }

  @Test
  void aNewestBackupOlderThanMaxBackupAgeIsAnIncident() {
    SandboxCamundaCluster cluster = RdbmsTargets.postgresContinuous(CONTINUOUS_STALE).cluster();
    Instant twoHoursAgo = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.MILLIS);
    long old = cluster.takeScheduledBackup(twoHoursAgo);
    awaitZeebeBackupsCompleted(cluster, old);

    ProcessInstanceView called = awaitChild(startBackup(CONTINUOUS_STALE));
    awaitIncident(called);

    assertThat(called.openIncidents().getFirst().getValue().getErrorMessage())
        .contains("newest backup of every partition of cluster '" + CONTINUOUS_STALE + "' is from " + twoHoursAgo)
        .contains("older than max-backup-age PT1H").contains("backup scheduler");
  }

  private static void awaitAtMost(Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
    org.awaitility.Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(condition);
  }

  /** The continuous-backup instance the backup called (its other child is the cluster lock's). */
  private ProcessInstanceView awaitChild(ProcessInstanceView parent) {
    awaitAtMost(Duration.ofSeconds(60), () -> continuousChild(parent).isPresent());
    return continuousChild(parent).orElseThrow();
  }

  private static java.util.Optional<ProcessInstanceView> continuousChild(ProcessInstanceView parent) {
    List<ProcessInstanceView> children = parent.childInstances().stream().map(CONTROL::instance)
        .filter(child -> child.completedElements().contains("StartEvent_ContinuousBackup")).toList();
    return children.stream().findFirst();
  }
}
