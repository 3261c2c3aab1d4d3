package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.control.InvalidRequestException;
import io.camunda.community.backup.control.RequestBodies;
import io.camunda.community.backup.control.RestoreRequests;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.sandbox.RestoreResult;
import io.camunda.community.backup.sandbox.SandboxCamundaCluster;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.RdbmsTargets.Vendor;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 15 item 3: a restore to a point in time of a cluster with Camunda 8.9 continuous backups,
 * on real PostgreSQL and MariaDB. The sandbox's restore application follows Zeebe's own resolver
 * (contract 3.2): it reads every partition's exported position from the restored database and
 * restores to the checkpoint closest to {@code --to}; the orchestrator passes the time of the
 * newest backup at or before the point, and restores the newest dump taken before that backup.
 */
class PointInTimeRestoreTest extends BackupProcessTestSupport {

  @Autowired private DatabaseDumps dumps;
  @Autowired private RestoreRequests restores;
  @Autowired private io.camunda.community.backup.catalog.BackupCatalog catalog;
  @Autowired private io.camunda.community.backup.retention.BackupSetDeleter deleter;
  @Autowired private io.camunda.community.backup.continuous.BackupRanges ranges;
  private final UserTasks userTasks = new UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);

  @AfterEach
  void componentsRunAgain() {
    for (String name : new String[] {PITR_PG, PITR_MARIADB, PITR_REFUSED, PITR_HALTED, PITR_CATALOG}) {
      SandboxCamundaCluster cluster = target(name).cluster();
      if (!cluster.componentsRunning()) {
        cluster.startComponents();
      }
    }
  }

  /**
   * Backups at t1, t2, t3 with records between them, a dump between t1 and t2: a restore to a
   * point just after t2 holds exactly the records up to t2's checkpoint (the dump's, and Zeebe's
   * exported again), not those up to t3 or after it.
   */
  @ParameterizedTest(name = "{0}")
  @EnumSource(Vendor.class)
  void restoresTheRecordsAsOfThePointNotLater(Vendor vendor) throws Exception {
    String name = vendor == Vendor.POSTGRESQL ? PITR_PG : PITR_MARIADB;
    RdbmsTargets target = target(name);
    SandboxCamundaCluster cluster = target.cluster();
    cluster.processRecords(10);
    long first = cluster.takeScheduledBackup(Instant.now());
    cluster.processRecords(10);
    var dump = dumps.dump(name, System.currentTimeMillis());
    cluster.processRecords(10);
    Instant atSecond = after(Instant.parse(dump.createdAt()));
    long second = cluster.takeScheduledBackup(atSecond);
    Map<Integer, Long> positionsAtSecond = processedPositions(cluster);
    cluster.processRecords(10);
    long third = cluster.takeScheduledBackup(atSecond.plusMillis(50));
    cluster.processRecords(10);
    awaitZeebeBackupsCompleted(cluster, first, second, third);
    // nearer the third backup than the second: Zeebe's restore application, given this time, would restore the third
    Instant point = atSecond.plusMillis(40);
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(point));
    assertThat(recordsPerPartition(target)).as("everything is exported before the restore").isEqualTo(processedPositions(cluster));

    ProcessInstanceView restore = startRestore(name, point.toString());
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    String summary = approval.variables().get("restorePlanSummary").toString();
    assertThat(summary).contains("Restore cluster " + name + " to " + point)
        .contains("Everything written to this cluster after " + atSecond + " will be lost")
        .contains("Zeebe backup " + second).contains(dump.file()).contains("exporter position");
    userTasks.assign(approval.key(), "alice");
    userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", name));
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    cluster.stopComponents();
    complete(stop, Map.of("componentsStopped", true));

    // The database holds the dump; its exporter positions were checked against the second backup; only then Zeebe.
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(restore.completedElements()).containsSubsequence("Task_RestoreDatabase", "Task_CheckExporterPositions");
    assertThat(recordsPerPartition(target)).as("the dump's records").containsValues(20L).doesNotContainValue(30L);
    String steps = zeebe.variables().get("manualSteps").toString();
    assertThat(steps).contains("--to=" + atSecond).doesNotContain("--backupId");
    // the operator runs exactly the command the task shows
    java.util.regex.Matcher to = java.util.regex.Pattern.compile("--to=(\\S+)").matcher(steps);
    assertThat(to.find()).isTrue();
    RestoreResult restored = cluster.runZeebeRestoreTo(0, Instant.parse(to.group(1)));
    assertThat(restored.success()).as(restored.log()).isTrue();
    assertThat(restored.log()).contains("from backup " + second);
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    cluster.startComponents();
    complete(start, Map.of("componentsStarted", true));
    awaitEnd(restore);

    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("RESTORED");
    assertThat(result.at("/restorePoint/zeebeBackupId").asLong()).isEqualTo(second);
    assertThat(result.at("/restorePoint/dumpBackupId").asLong()).isEqualTo(dump.backupId());
    assertThat(result.at("/exporterPositions/1").asLong()).isEqualTo(20);
    // Zeebe exports again what the database lacked, up to the second backup's checkpoint and no further.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(recordsPerPartition(target)).isEqualTo(positionsAtSecond));
    assertThat(processedPositions(cluster)).isEqualTo(positionsAtSecond);
    assertThat(restore.allVariableValues()).noneMatch(v -> v.contains(target.password()));
  }

  @Test
  void aPointOutsideTheWindowOrInAGapIsRefusedAndNothingChanges() throws Exception {
    RdbmsTargets target = target(PITR_REFUSED);
    SandboxCamundaCluster cluster = target.cluster();
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    cluster.processRecords(5);
    dumps.dump(PITR_REFUSED, now.toEpochMilli() - 60_000);
    long oldest = cluster.takeScheduledBackup(now.minus(Duration.ofMinutes(30)));
    cluster.processRecords(5);
    cluster.loseLogBeforeNextBackup(2);
    cluster.processRecords(5);
    long afterGap = cluster.takeScheduledBackup(now.minus(Duration.ofMinutes(10)));
    long newest = cluster.takeScheduledBackup(now.minus(Duration.ofMinutes(5)));
    awaitZeebeBackupsCompleted(cluster, oldest, afterGap, newest);

    String inGap = now.minus(Duration.ofMinutes(20)).toString();
    String refusedGap = refusal(startRestore(PITR_REFUSED, inGap));
    assertThat(refusedGap).contains("falls in a GAP of partition 2")
        .contains("no point between " + now.minus(Duration.ofMinutes(30)) + " and " + now.minus(Duration.ofMinutes(10)))
        .contains("backups " + oldest + " and " + afterGap).doesNotContain("partition 1", "partition 3");

    String afterNewest = now.minus(Duration.ofMinutes(1)).toString();
    assertThat(refusal(startRestore(PITR_REFUSED, afterNewest))).contains("after the newest backup of partition 1")
        .contains("Restorable now: from " + now.minus(Duration.ofMinutes(10)) + " to " + now.minus(Duration.ofMinutes(5)));

    // inside the window, but the only dump completed before it: it could be ahead of the point
    assertThat(refusal(startRestore(PITR_REFUSED, now.minus(Duration.ofMinutes(7)).toString())))
        .contains("no complete database dump was taken at or before the Zeebe backup " + afterGap);

    assertThat(refusal(startRestore(PITR_REFUSED, "yesterday"))).contains("pointInTime must be an ISO-8601 instant");

    // a dump from before a gap: the range after the gap starts later, without the log before it, and cannot join it
    var beforeGap = dumps.dump(PITR_REFUSED, System.currentTimeMillis());
    cluster.processRecords(5);
    cluster.loseLogBeforeNextBackup(2);
    cluster.processRecords(5);
    Instant afterSecondGap = after(Instant.parse(beforeGap.createdAt()));
    long rangeStart = cluster.takeScheduledBackup(afterSecondGap);
    long rangeEnd = cluster.takeScheduledBackup(afterSecondGap.plusMillis(50));
    awaitZeebeBackupsCompleted(cluster, rangeStart, rangeEnd);
    Instant inNewRange = afterSecondGap.plusMillis(20);
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(inNewRange));
    assertThat(refusal(startRestore(PITR_REFUSED, inNewRange.toString())))
        .contains("the newest dump before the point (" + beforeGap.file()).contains("older than the backup range of partition 2")
        .contains("no Zeebe backup joins it");
    assertThat(cluster.componentsRunning()).isTrue();
  }

  /** The HTTP API and the command line refuse what cannot be a point-in-time restore before anything starts. */
  @Test
  void aRequestThatCannotBeAPointInTimeRestoreIsRefusedNamingTheField() {
    assertThatThrownBy(() -> restores.request("sandbox-pg", new RequestBodies.Restore(null, null, null, "2026-12-07T10:15:00Z"),
        "test", "test", false))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("pointInTime"))
        .hasMessageContaining("does not take continuous backups");
    assertThatThrownBy(() -> restores.request(PITR_REFUSED, new RequestBodies.Restore(5L, null, null, "2026-12-07T10:15:00Z"),
        "test", "test", false))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("pointInTime"))
        .hasMessageContaining("either pointInTime or backupId");
    assertThatThrownBy(() -> restores.request(PITR_REFUSED, new RequestBodies.Restore(null, null, null, "2026-12-07 10:15"),
        "test", "test", false))
        .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("pointInTime"))
        .hasMessageContaining("ISO-8601");
  }

  /**
   * A dump whose EXPORTER_POSITION lacks a partition: the restore halts after the database
   * restore, with an incident naming the partition, before Zeebe is touched.
   */
  @Test
  void aRestoredDatabaseWithoutAPartitionsExporterPositionHaltsBeforeZeebe() throws Exception {
    RdbmsTargets target = target(PITR_HALTED);
    SandboxCamundaCluster cluster = target.cluster();
    cluster.processRecords(5);
    long first = cluster.takeScheduledBackup(Instant.now());
    target.execute("DELETE FROM EXPORTER_POSITION WHERE PARTITION_ID = 2");
    var dump = dumps.dump(PITR_HALTED, System.currentTimeMillis());
    cluster.processRecords(5);
    Instant atSecond = after(Instant.parse(dump.createdAt()));
    long second = cluster.takeScheduledBackup(atSecond);
    awaitZeebeBackupsCompleted(cluster, first, second);
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(atSecond));

    ProcessInstanceView restore = startRestore(PITR_HALTED, atSecond.toString());
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    userTasks.assign(approval.key(), "alice");
    userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", PITR_HALTED));
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    cluster.stopComponents();
    complete(stop, Map.of("componentsStopped", true));

    awaitIncident(restore);
    var incident = restore.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_CheckExporterPositions");
    assertThat(incident.getErrorMessage()).contains("Partition 2 has no exporter position")
        .contains("No usable range found for partition 2").contains("Zeebe is stopped and untouched")
        .doesNotContain("Partition 1", "Partition 3");
    assertThat(restore.completedElements()).contains("Task_RestoreDatabase").doesNotContain("UserTask_RestoreZeebe");
    client.newCancelInstanceCommand(restore.key()).send().join();
  }

  /**
   * The continuous flavour's sets: each dump is a starting point, COMPLETE once a Zeebe backup of
   * every partition follows it inside a range that covered it, and its time is that backup's. A
   * restore of such a set by ID is a restore to that time; deleting one by ID is refused.
   */
  @Test
  void theCatalogListsEachDumpAsAStartingPointAndARestoreByIdGoesToItsBackup() throws Exception {
    RdbmsTargets target = target(PITR_CATALOG);
    SandboxCamundaCluster cluster = target.cluster();
    cluster.processRecords(5);
    var beforeRange = dumps.dump(PITR_CATALOG, System.currentTimeMillis());
    Instant atFirst = after(Instant.parse(beforeRange.createdAt()));
    long first = cluster.takeScheduledBackup(atFirst);
    cluster.processRecords(5);
    var joined = dumps.dump(PITR_CATALOG, System.currentTimeMillis());
    awaitZeebeBackupsCompleted(cluster, first);

    assertThat(catalog.find(PITR_CATALOG, joined.backupId()).orElseThrow().state()).as("no backup after it yet").isEqualTo(SetState.PARTIAL);
    Instant atSecond = after(Instant.parse(joined.createdAt()));
    long second = cluster.takeScheduledBackup(atSecond);
    awaitZeebeBackupsCompleted(cluster, second);
    await().atMost(Duration.ofSeconds(5)).until(() -> Instant.now().isAfter(atSecond));

    var sets = catalog.list(PITR_CATALOG);
    assertThat(sets).extracting(BackupSet::backupId).containsExactly(joined.backupId(), beforeRange.backupId());
    BackupSet complete = sets.getFirst();
    assertThat(complete.state()).isEqualTo(SetState.COMPLETE);
    assertThat(complete.time()).as("where a restore of it lands").isEqualTo(atSecond);
    assertThat(complete.components().get(BackupSet.ZEEBE).snapshots()).containsExactly("backup " + second + " of " + atSecond);
    assertThat(complete.manifest()).as("no manifests: no sets of one id").isNull();
    // a dump before the first backup: that backup holds the log from its first position, so it joins the dump
    assertThat(sets.get(1).state()).isEqualTo(SetState.COMPLETE);
    assertThat(sets.get(1).time()).isEqualTo(atFirst);

    // the first point a restore can land on: the first backup after the oldest dump the range covers
    var window = ranges.check(PITR_CATALOG);
    assertThat(window.restorableFrom()).isEqualTo(atFirst);
    assertThat(window.restorableTo()).isEqualTo(atSecond);

    var run = finished(restores.request(PITR_CATALOG, new RequestBodies.Restore(joined.backupId(), null), "test", "test", true));
    assertThat(run.result().get("state")).as(run.result().toString()).isEqualTo("DRY_RUN");
    @SuppressWarnings("unchecked")
    Map<String, Object> plan = (Map<String, Object>) run.result().get("plan");
    assertThat(plan).containsEntry("restoredTo", atSecond.toString()).containsEntry("zeebeBackupId", second)
        .containsEntry("backupId", joined.backupId());

    // "latest" (a dry run without an id, or the choice in Tasklist): the newest point every partition's range covers
    var latest = finished(restores.request(PITR_CATALOG, new RequestBodies.Restore(null, null), "test", "test", true));
    assertThat(latest.result().get("state")).as(latest.result().toString()).isEqualTo("DRY_RUN");
    @SuppressWarnings("unchecked")
    Map<String, Object> latestPlan = (Map<String, Object>) latest.result().get("plan");
    assertThat(latestPlan).containsEntry("restoredTo", atSecond.toString()).containsEntry("zeebeBackupId", second);

    assertThatThrownBy(() -> deleter.delete(PITR_CATALOG, joined.backupId())).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("takes continuous backups");
    assertThat(target.dumpDirectory(PITR_CATALOG).resolve(joined.file())).exists();
  }

  private ProcessInstanceView startRestore(String cluster, String pointInTime) {
    long key = client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(Map.of("clusterName", cluster, "pointInTime", pointInTime)).send().join().getProcessInstanceKey();
    return track(CONTROL.instance(key));
  }

  /** The pre-flight's refusal of a restore that ended changing nothing. */
  private String refusal(ProcessInstanceView restore) {
    awaitEnd(restore);
    assertThat(restore.completedElements()).contains("EndEvent_NothingRestored")
        .doesNotContain("UserTask_Approve", "UserTask_StopComponents", "Task_RestoreDatabase");
    return restore.variable("failureReason").orElseThrow().asText();
  }

  private void complete(UserTaskRef task, Map<String, Object> variables) {
    userTasks.assign(task.key(), "operator");
    userTasks.complete(task.key(), new HashMap<>(variables));
  }

  private static RdbmsTargets target(String name) {
    return RdbmsTargets.continuous(name.equals(PITR_MARIADB) ? Vendor.MARIADB : Vendor.POSTGRESQL, name);
  }

  /** A checkpoint time strictly after {@code instant}, to the millisecond, as Zeebe records them. */
  private static Instant after(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MILLIS).plusMillis(1);
  }

  private static Map<Integer, Long> processedPositions(SandboxCamundaCluster cluster) {
    Map<Integer, Long> positions = new java.util.TreeMap<>();
    cluster.zeebePartitions().forEach((partition, state) -> positions.put(partition, state.processedPosition()));
    return positions;
  }

  /** Records per partition in the database; positions start at 1 without holes, so this is the newest position too. */
  private static Map<Integer, Long> recordsPerPartition(RdbmsTargets target) {
    Map<Integer, Long> records = new java.util.TreeMap<>();
    for (int partition = 1; partition <= 3; partition++) {
      records.put(partition, target.number("SELECT COUNT(*) FROM zeebe_record WHERE partition_id = " + partition));
    }
    return records;
  }
}
