package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.database.DumpFiles;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.ManifestStores;
import io.camunda.community.backup.engine.usertask.UserTaskRef;
import io.camunda.community.backup.engine.usertask.UserTasks;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.ExportingTransition;
import io.camunda.community.backup.sandbox.PartitionState;
import io.camunda.community.backup.sandbox.RestoreResult;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.RdbmsTargets.Vendor;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * backup.bpmn and restore.bpmn on clusters with RDBMS secondary storage (Camunda 8.9), against
 * throwaway PostgreSQL and MariaDB servers the tests start: the database is dumped with the
 * vendor tool while exporting is soft-paused, Zeebe is backed up under the same ID, and a restore
 * puts back exactly the dumped rows and the Zeebe partitions of that ID.
 */
class RdbmsBackupRestoreTest extends BackupProcessTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** Stands in for the Operate/Tasklist tables of the Camunda schema: only the test writes it. */
  private static final String TABLE = "operate_process_instance";

  @Autowired private BackupCatalog catalog;
  @Autowired private ManifestStores manifests;
  private final UserTasks userTasks = new UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);

  @AfterEach
  void bringTheSandboxesBack() {
    for (Vendor vendor : Vendor.values()) {
      RdbmsTargets target = RdbmsTargets.shared(vendor);
      if (!target.cluster().componentsRunning()) {
        target.cluster().startComponents();
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Vendor.class)
  void restoresExactlyTheDumpedRowsAndTheZeebeBackupOfTheSameId(Vendor vendor) throws Exception {
    RdbmsTargets target = RdbmsTargets.shared(vendor);
    String cluster = clusterOf(vendor);
    target.execute("DROP TABLE IF EXISTS " + TABLE,
        "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, state VARCHAR(32) NOT NULL)",
        "INSERT INTO " + TABLE + " VALUES (1001, 'ACTIVE'), (1002, 'COMPLETED'), (1003, 'ACTIVE')");
    target.cluster().processRecords(20);
    List<String> rowsAtBackup = target.rows("SELECT id, state FROM " + TABLE + " ORDER BY id");
    int transitionsBefore = target.cluster().exportingHistory().size();

    ProcessInstanceView backup = awaitEnd(startBackup(cluster));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as("backup of %s: %s", cluster, result).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    // In order: soft pause, dump, Zeebe backup with the same ID, resume; no web-app or records step.
    List<String> steps = backup.completedElements();
    assertThat(steps).containsSubsequence("Task_PauseExporting", "Task_DumpDatabase", "Task_StartZeebeBackup",
        "SubProcess_WaitZeebeBackup", "CallActivity_ResumeExporting");
    assertThat(steps).doesNotContain("Task_StartWebappsBackup", "Task_TakeRecordsSnapshot", "Task_StartOptimizeBackup");
    List<ExportingTransition> transitions = target.cluster().exportingHistory().subList(transitionsBefore, target.cluster().exportingHistory().size());
    assertThat(transitions).extracting(ExportingTransition::to).containsExactly(ExportingState.SOFT_PAUSED, ExportingState.EXPORTING);
    assertThat(target.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    // The dump carries the backup ID; size and checksum are in the result and recorded next to it.
    JsonNode dump = result.at("/snapshots/databaseDump");
    Path dumpFile = target.dumpDirectory(cluster).resolve(dump.get("file").asText());
    assertThat(dumpFile.getFileName().toString()).contains(Long.toString(backupId));
    assertThat(DumpFiles.sha256(dumpFile)).isEqualTo(dump.get("sha256").asText());
    assertThat(Files.size(dumpFile)).isEqualTo(dump.get("sizeBytes").asLong());
    assertThat(meters.get("c8backup.dump.size").tag("cluster", cluster).gauge().value()).isEqualTo((double) Files.size(dumpFile));
    assertThat(JSON.readTree(dumpFile.resolveSibling(dumpFile.getFileName() + ".json").toFile()).get("sha256").asText())
        .isEqualTo(dump.get("sha256").asText());
    assertThat(target.cluster().zeebeBackupIds()).contains(backupId);
    BackupSet set = catalog.find(cluster, backupId).orElseThrow();
    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    assertThat(set.components()).containsOnlyKeys(BackupSet.ZEEBE, BackupSet.DATABASE);
    assertThat(set.camundaVersion()).isEqualTo(RdbmsTargets.VERSION);
    Map<Integer, PartitionState> partitionsAtBackup = target.cluster().backupPartitions(backupId);
    // The set's manifest lies beside the dump: the dump's size and SHA-256, every partition.
    assertThat(target.dumpDirectory(cluster).resolve("backup-manifest-" + backupId + ".json")).isRegularFile();
    BackupManifest manifest = manifests.of(cluster).read(backupId).orElseThrow();
    assertThat(manifest.storage()).isEqualTo("rdbms");
    BackupManifest.Dump dumpInManifest = manifest.dumps().getFirst();
    assertThat(manifest.dumps()).containsExactly(new BackupManifest.Dump(dumpFile.getFileName().toString(), Files.size(dumpFile),
        DumpFiles.sha256(dumpFile), dumpInManifest.tableRows()));
    // ... and the rows of every table in the dump, named as the database names them.
    Map<String, Long> tableRows = dumpInManifest.tableRows();
    assertThat(tableRows).containsEntry(tableName(vendor, TABLE), 3L).containsKey(tableName(vendor, "zeebe_record"));
    assertThat(manifest.snapshots()).isEmpty();
    assertThat(manifest.partitions()).extracting(BackupManifest.Partition::partitionId).containsExactlyInAnyOrderElementsOf(partitionsAtBackup.keySet());
    assertThat(manifest.camundaVersions()).containsEntry(BackupSet.ZEEBE, RdbmsTargets.VERSION);
    assertThat(catalog.list(cluster).stream().filter(s -> s.backupId() == backupId).findFirst().orElseThrow().manifest())
        .isEqualTo(BackupSet.MANIFEST_PRESENT);

    // After the backup: rows changed, deleted and added, and Zeebe moved on (and exported).
    target.execute("UPDATE " + TABLE + " SET state = 'CANCELED' WHERE id = 1001", "DELETE FROM " + TABLE + " WHERE id = 1002",
        "INSERT INTO " + TABLE + " VALUES (2001, 'ACTIVE')");
    target.cluster().processRecords(50);
    assertThat(target.rows("SELECT id, state FROM " + TABLE + " ORDER BY id")).isNotEqualTo(rowsAtBackup);

    ProcessInstanceView restore = startRestore(cluster, backupId);
    approve(restore, cluster);
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    assertThat(stop.variables().get("manualSteps").toString()).contains("Stop everything except the database");
    target.cluster().stopComponents();
    complete(stop, Map.of("componentsStopped", true));

    // The database is restored before Zeebe: exactly the rows of the dump, nothing exported after it.
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(restore.completedElements()).contains("Task_RestoreDatabase").doesNotContain("Task_DeleteIndices");
    assertThat(target.rows("SELECT id, state FROM " + TABLE + " ORDER BY id")).isEqualTo(rowsAtBackup);
    // Counted in the database, nothing started yet: every table holds the rows the manifest counted in the dump.
    tableRows.forEach((table, rows) -> assertThat(target.number("SELECT COUNT(*) FROM " + table)).as(table).isEqualTo(rows));
    partitionsAtBackup.forEach((partition, state) -> assertThat(
        target.number("SELECT MAX(position) FROM zeebe_record WHERE partition_id = " + partition))
        .as("newest exported record of partition %d in the restored database", partition)
        .isLessThanOrEqualTo(state.processedPosition())
        .isGreaterThanOrEqualTo(state.exportedPosition()));

    // Zeebe from the same ID.
    assertThat(zeebe.variables().get("manualSteps").toString()).contains("--backupId=" + backupId);
    RestoreResult zeebeRestore = target.cluster().runZeebeRestore(0, backupId);
    assertThat(zeebeRestore.success()).as(zeebeRestore.log()).isTrue();
    assertThat(zeebeRestore.log()).contains("from backup " + backupId);
    assertThat(target.cluster().zeebePartitions()).isEqualTo(partitionsAtBackup);
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    target.cluster().startComponents();
    complete(start, Map.of("componentsStarted", true));
    awaitEnd(restore);

    JsonNode restored = restore.variable("restoreResult").orElseThrow();
    assertThat(restored.get("state").asText()).as(restored.toString()).isEqualTo("RESTORED");
    assertThat(restored.at("/verification/ok").asBoolean()).isTrue();
    assertThat(restored.at("/restoredDatabase/sha256").asText()).isEqualTo(dump.get("sha256").asText());
    JsonNode tables = restored.at("/verification/tables");
    assertThat(tables.size()).isEqualTo(tableRows.size());
    tableRows.forEach((table, rows) -> {
      assertThat(tables.get(table).get("status").asText()).as(table).isEqualTo("OK");
      assertThat(tables.get(table).get("restored").asLong()).as(table).isEqualTo(rows);
    });
    // Zeebe re-exports from its restored position and so catches the database up.
    await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> partitionsAtBackup.forEach((partition, state) -> assertThat(
        target.number("SELECT MAX(position) FROM zeebe_record WHERE partition_id = " + partition))
        .isEqualTo(state.processedPosition())));
    assertThat(target.rows("SELECT id, state FROM " + TABLE + " ORDER BY id")).isEqualTo(rowsAtBackup);
    assertThat(backup.allVariableValues()).noneMatch(v -> v.contains(target.password()));
    assertThat(restore.allVariableValues()).noneMatch(v -> v.contains(target.password()));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
    "sandbox-pg-bad-password    | POSTGRESQL | password authentication failed",
    "sandbox-maria-bad-password | MARIADB    | Access denied for user",
    "sandbox-pg-no-tool         | POSTGRESQL | pg_dump (needed to dump PostgreSQL) not found",
    "sandbox-pg-disk-full       | POSTGRESQL | No space left on device"
  })
  void aFailingDumpToolResumesExportingAndReportsTheCause(String cluster, Vendor vendor, String cause) {
    RdbmsTargets target = RdbmsTargets.shared(vendor);
    if (cluster.endsWith("disk-full")) {
      // more than fits in the tool's write buffer: the first write, not the final fsync, hits the full disk
      target.execute("DROP TABLE IF EXISTS filler", "CREATE TABLE filler AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 20000) g");
    }
    int transitionsBefore = target.cluster().exportingHistory().size();

    ProcessInstanceView backup = awaitEnd(startBackup(cluster));
    target.execute("DROP TABLE IF EXISTS filler");

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).isEqualTo("FAILED");
    assertThat(result.get("errorCode").asText()).isEqualTo("DATABASE_DUMP_FAILED");
    assertThat(result.get("failedStep").asText()).isEqualTo("Task_DumpDatabase");
    assertThat(result.get("failureReason").asText()).contains(cause);
    assertThat(backup.completedElements()).contains("CallActivity_ResumeExportingAfterFailure").doesNotContain("Task_StartZeebeBackup");
    List<ExportingTransition> transitions = target.cluster().exportingHistory().subList(transitionsBefore, target.cluster().exportingHistory().size());
    assertThat(transitions).extracting(ExportingTransition::to).containsExactly(ExportingState.SOFT_PAUSED, ExportingState.EXPORTING);
    assertThat(target.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    // Nothing half-written is left where a restore would look for it.
    assertThat(dumpFiles(target, cluster)).isEmpty();
    assertThat(target.cluster().zeebeBackupIds()).doesNotContain(result.get("backupId").asLong());
    assertThat(backup.allVariableValues()).noneMatch(v -> v.contains(target.password()));
  }

  @Test
  void aLongDumpOnOneClusterDoesNotHoldUpAnotherClustersBackup() throws IOException {
    Path started = SLOW_DUMP_GATE.resolve("started");
    Path open = SLOW_DUMP_GATE.resolve("open");
    Files.deleteIfExists(started);
    Files.deleteIfExists(open);
    try {
      ProcessInstanceView slow = startBackup("sandbox-pg-slow");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));

      // While pg_dump runs on one cluster, another cluster is backed up from start to end.
      ProcessInstanceView other = awaitEnd(startBackup("sandbox"));
      assertThat(result(other).get("state").asText()).isEqualTo("COMPLETED");
      assertThat(slow.isEnded()).isFalse();
      assertThat(slow.activeElements()).contains("Task_DumpDatabase");

      Files.createFile(open);
      awaitEnd(slow);
      assertThat(result(slow).get("state").asText()).isEqualTo("COMPLETED");
      assertThat(RdbmsTargets.shared(Vendor.POSTGRESQL).cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    } finally {
      if (!Files.exists(open)) {
        Files.createFile(open); // never leave a pg_dump waiting for the next test
      }
    }
  }

  /**
   * The dump job disappears while pg_dump runs (the cancellation message or the watchdog
   * terminates the pause window around it): the worker learns it from the job heartbeat, kills
   * pg_dump, deletes its temporary file and does not complete the job; exporting is resumed.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"cancellation message, CANCELLED, CANCELLED", "watchdog, FAILED, WATCHDOG"})
  void aDumpWhoseJobIsGoneIsKilledAndLeavesNoFile(String how, String state, String errorCode) throws IOException {
    RdbmsTargets target = RdbmsTargets.shared(Vendor.POSTGRESQL);
    Path started = SLOW_DUMP_GATE.resolve("started");
    Path open = SLOW_DUMP_GATE.resolve("open");
    Path pidFile = SLOW_DUMP_GATE.resolve("pid");
    Files.deleteIfExists(started);
    Files.deleteIfExists(open);
    Files.deleteIfExists(pidFile);
    try {
      ProcessInstanceView backup = startBackup("sandbox-pg-slow");
      await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(started));
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      ProcessHandle pgDump = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("pg_dump " + pid + " is not running"));
      assertThat(backup.activeElements()).contains("Task_DumpDatabase");

      if (how.equals("watchdog")) {
        CONTROL.increaseTime(Duration.ofSeconds(61)); // max-exporting-pause of the RDBMS clusters: PT60S
      } else {
        requests.cancel("sandbox-pg-slow", "test");
      }

      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
          .untilAsserted(() -> assertThat(pgDump.isAlive()).as("pg_dump (pid %d) still running", pid).isFalse());
      JsonNode result = result(awaitEnd(backup));
      assertThat(result.get("state").asText()).isEqualTo(state);
      assertThat(result.get("errorCode").asText()).isEqualTo(errorCode);
      assertThat(backup.completedElements()).contains("CallActivity_ResumeExportingAfterFailure")
          .doesNotContain("Task_DumpDatabase", "Task_StartZeebeBackup");
      assertThat(target.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
      long backupId = result.get("backupId").asLong();
      // Neither the dump nor its temporary file is left behind.
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(dumpFiles(target, "sandbox-pg-slow"))
          .noneMatch(f -> f.contains("-" + backupId + "."))
          .noneMatch(f -> f.endsWith(".partial")));
      assertThat(target.cluster().zeebeBackupIds()).doesNotContain(backupId);
    } finally {
      if (!Files.exists(open)) {
        Files.createFile(open); // never leave a pg_dump waiting for the next test
      }
    }
  }

  @Test
  void aDumpThatNoLongerMatchesItsChecksumStopsTheRestoreBeforeAnythingIsDeleted() throws Exception {
    RdbmsTargets target = RdbmsTargets.shared(Vendor.POSTGRESQL);
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-pg"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    long backupId = result(backup).get("backupId").asLong();
    Path dumpFile = target.dumpDirectory("sandbox-pg").resolve(result(backup).at("/snapshots/databaseDump/file").asText());
    // Same size, one byte changed: only the full checksum notices.
    try (RandomAccessFile file = new RandomAccessFile(dumpFile.toFile(), "rw")) {
      file.seek(file.length() / 2);
      int b = file.read();
      file.seek(file.length() / 2);
      file.write(b ^ 0xFF);
    }
    target.execute("DROP TABLE IF EXISTS after_backup", "CREATE TABLE after_backup (id INT PRIMARY KEY)", "INSERT INTO after_backup VALUES (7)");

    ProcessInstanceView restore = awaitEnd(startRestore("sandbox-pg", backupId));

    assertThat(restore.completedElements()).contains("EndEvent_NothingRestored")
        .doesNotContain("UserTask_Approve", "UserTask_StopComponents", "Task_RestoreDatabase");
    JsonNode outcome = restore.variable("restoreResult").orElseThrow();
    assertThat(outcome.get("reason").asText()).contains("checksum mismatch").contains("nothing was changed");
    assertThat(target.rows("SELECT id FROM after_backup")).containsExactly("7");
    assertThat(target.cluster().componentsRunning()).isTrue();
  }

  @Test
  void aDumpAndRecordReplacedTogetherNoLongerMatchTheManifestAndTheRestoreIsRefused() throws Exception {
    RdbmsTargets target = RdbmsTargets.shared(Vendor.POSTGRESQL);
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-pg"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    long backupId = result(backup).get("backupId").asLong();
    // The dump and its checksum record agree (the dump verifies), but the manifest written at backup
    // time recorded another checksum: as if both had been replaced since.
    BackupManifest written = manifests.of("sandbox-pg").read(backupId).orElseThrow();
    BackupManifest.Dump dump = written.dumps().getFirst();
    manifests.of("sandbox-pg").write(written.withDumps(List.of(new BackupManifest.Dump(dump.file(), dump.sizeBytes(), "0".repeat(64), dump.tableRows()))));
    target.execute("DROP TABLE IF EXISTS after_backup", "CREATE TABLE after_backup (id INT PRIMARY KEY)", "INSERT INTO after_backup VALUES (8)");

    ProcessInstanceView restore = awaitEnd(startRestore("sandbox-pg", backupId));

    assertThat(restore.completedElements()).contains("EndEvent_NothingRestored")
        .doesNotContain("UserTask_Approve", "UserTask_StopComponents", "Task_RestoreDatabase");
    assertThat(restore.variable("restoreResult").orElseThrow().get("reason").asText())
        .contains("the database dump " + dump.file() + " has SHA-256 " + dump.sha256())
        .contains("but the manifest written when backup " + backupId + " completed").contains("nothing was changed");
    assertThat(target.rows("SELECT id FROM after_backup")).containsExactly("8");
  }

  @Test
  void aDumpChangedAfterApprovalStopsAtAnIncidentBeforeTheDatabaseIsTouched() throws Exception {
    RdbmsTargets target = RdbmsTargets.shared(Vendor.POSTGRESQL);
    target.execute("DROP TABLE IF EXISTS after_backup");
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-pg"));
    long backupId = result(backup).get("backupId").asLong();
    Path dumpFile = target.dumpDirectory("sandbox-pg").resolve(result(backup).at("/snapshots/databaseDump/file").asText());
    byte[] intact = Files.readAllBytes(dumpFile);
    target.execute("DROP TABLE IF EXISTS after_backup", "CREATE TABLE after_backup (id INT PRIMARY KEY)", "INSERT INTO after_backup VALUES (8)");

    ProcessInstanceView restore = startRestore("sandbox-pg", backupId);
    approve(restore, "sandbox-pg");
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    Files.write(dumpFile, "not the dump any more".getBytes());
    target.cluster().stopComponents();
    complete(stop, Map.of("componentsStopped", true));

    awaitIncident(restore);
    var incident = restore.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_RestoreDatabase");
    assertThat(incident.getErrorMessage()).contains("checksum mismatch")
        .contains("CLUSTER STATE: Components are stopped").contains("Resolving verifies the dump again");
    assertThat(target.rows("SELECT id FROM after_backup")).as("the database was not touched").containsExactly("8");

    // The operator puts the dump back (e.g. from the off-site copy) and resolves the incident.
    Files.write(dumpFile, intact);
    client.newUpdateRetriesCommand(incident.getJobKey()).retries(1).send().join();
    client.newResolveIncidentCommand(restore.openIncidents().getFirst().getKey()).send().join();
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(target.rows("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'after_backup'")).containsExactly("0");
    assertThat(target.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    target.cluster().startComponents();
    complete(start, Map.of("componentsStarted", true));
    awaitEnd(restore);
    assertThat(restore.variable("restoreResult").orElseThrow().get("state").asText()).isEqualTo("RESTORED");
  }

  @Test
  void retentionDeletesBothHalvesOfASet() throws IOException {
    RdbmsTargets target = RdbmsTargets.shared(Vendor.POSTGRESQL);
    ProcessInstanceView firstBackup = awaitEnd(startBackup("sandbox-pg-r"));
    long first = result(firstBackup).get("backupId").asLong();
    awaitRetentionAfter(firstBackup);
    ProcessInstanceView secondBackup = awaitEnd(startBackup("sandbox-pg-r", first + 1));
    long second = result(secondBackup).get("backupId").asLong();

    // keep-complete 1: the run after the second backup deletes the first set, in Zeebe and on disk.
    JsonNode applied = awaitRetentionAfter(secondBackup);
    assertThat(applied.toString()).contains(Long.toString(first));
    assertThat(target.cluster().zeebeBackupIds()).doesNotContain(first).contains(second);
    assertThat(dumpFiles(target, "sandbox-pg-r")).noneMatch(f -> f.contains("-" + first + "."));
    assertThat(dumpFiles(target, "sandbox-pg-r")).anyMatch(f -> f.endsWith("-" + second + ".pgdump"))
        .anyMatch(f -> f.endsWith("-" + second + ".pgdump.json"));
    assertThat(catalog.find("sandbox-pg-r", first)).isEmpty();
    assertThat(catalog.find("sandbox-pg-r", second).orElseThrow().state()).isEqualTo(SetState.COMPLETE);
  }

  // --- helpers -------------------------------------------------------------------------------

  /** A table as a set's manifest names it: schema-qualified in PostgreSQL, the table alone in MariaDB (one database). */
  private static String tableName(Vendor vendor, String table) {
    return vendor == Vendor.POSTGRESQL ? "public." + table : table;
  }

  private static String clusterOf(Vendor vendor) {
    return vendor == Vendor.POSTGRESQL ? "sandbox-pg" : "sandbox-maria";
  }

  /** The retention run a completed backup requested, awaited to its end; returns its result. */
  private JsonNode awaitRetentionAfter(ProcessInstanceView backup) {
    assertThat(result(backup).get("state").asText()).as(result(backup).toString()).isEqualTo("COMPLETED");
    long key = backup.variable("retentionProcessInstanceKey").orElseThrow().asLong();
    return awaitEnd(track(CONTROL.instance(key))).variable("retentionResult").orElseThrow();
  }

  /**
   * Exact verification of a database restore, per table: right after the restore (nothing started
   * yet) each table must hold the rows the manifest counted in the dump, and at verification at
   * least as many. Here the manifest counts one row more in one table than the dump holds (as if
   * the set had been changed since), and a row of another table is lost before the verification.
   */
  @Test
  void tablesNotHoldingTheRowsOfTheManifestEndRestoredWithProblemsAndAnIncidentNamingThem() throws Exception {
    RdbmsTargets target = RdbmsTargets.shared(Vendor.POSTGRESQL);
    target.execute("DROP TABLE IF EXISTS " + TABLE, "CREATE TABLE " + TABLE + " (id BIGINT PRIMARY KEY, state VARCHAR(32) NOT NULL)",
        "INSERT INTO " + TABLE + " VALUES (1, 'ACTIVE'), (2, 'ACTIVE'), (3, 'COMPLETED')",
        "DROP TABLE IF EXISTS lost_rows", "CREATE TABLE lost_rows (id INT PRIMARY KEY)", "INSERT INTO lost_rows VALUES (1), (2)");
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-pg"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    long backupId = result(backup).get("backupId").asLong();
    BackupManifest written = manifests.of("sandbox-pg").read(backupId).orElseThrow();
    BackupManifest.Dump dump = written.dumps().getFirst();
    assertThat(dump.tableRows()).containsEntry("public." + TABLE, 3L).containsEntry("public.lost_rows", 2L);
    Map<String, Long> claimed = new java.util.TreeMap<>(dump.tableRows());
    claimed.put("public." + TABLE, 4L);
    manifests.of("sandbox-pg").write(written.withDumps(List.of(new BackupManifest.Dump(dump.file(), dump.sizeBytes(), dump.sha256(), claimed))));

    ProcessInstanceView restore = startRestore("sandbox-pg", backupId);
    approve(restore, "sandbox-pg");
    UserTaskRef stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    target.cluster().stopComponents();
    complete(stop, Map.of("componentsStopped", true));
    UserTaskRef zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    target.execute("DELETE FROM lost_rows WHERE id = 2"); // restored and counted; lost before the verification
    assertThat(target.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    complete(zeebe, Map.of("zeebeRestored", true));
    UserTaskRef start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    target.cluster().startComponents();
    complete(start, Map.of("componentsStarted", true));
    awaitIncident(restore);

    var incident = restore.openIncidents().getFirst().getValue();
    assertThat(incident.getElementId()).isEqualTo("Task_ReportRestoreDifferences");
    assertThat(incident.getErrorMessage())
        .contains("table public." + TABLE + ": ROW COUNT DIFFERS FROM MANIFEST (restored 3 rows, the manifest recorded 4")
        .contains("table public.lost_rows: FEWER ROWS (manifest 2, restored 2, now 1)");
    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.get("state").asText()).isEqualTo("RESTORED_WITH_PROBLEMS");
    assertThat(result.at("/verification/tables/public." + TABLE + "/status").asText()).isEqualTo("ROW COUNT DIFFERS FROM MANIFEST");
    assertThat(result.at("/verification/tables/public.lost_rows/status").asText()).isEqualTo("FEWER ROWS");
    assertThat(result.at("/verification/tables/public.zeebe_record/status").asText()).isEqualTo("OK");
    client.newCancelInstanceCommand(restore.key()).send().join();
    target.execute("DROP TABLE lost_rows");
  }

  private ProcessInstanceView startRestore(String cluster, long backupId) {
    long key = client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(Map.of("clusterName", cluster, "requestedBackupId", backupId)).send().join().getProcessInstanceKey();
    return track(CONTROL.instance(key));
  }

  private void approve(ProcessInstanceView restore, String cluster) {
    UserTaskRef approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    assertThat(approval.variables().get("restorePlanSummary").toString()).contains("Database replaced")
        .containsPattern("verified; \\d+ rows in \\d+ tables\\)");
    userTasks.assign(approval.key(), "alice");
    userTasks.complete(approval.key(), Map.of("approval", "approve", "confirmClusterName", cluster));
  }

  private void complete(UserTaskRef task, Map<String, Object> variables) {
    userTasks.assign(task.key(), "operator");
    userTasks.complete(task.key(), new HashMap<>(variables));
  }

  private static List<String> dumpFiles(RdbmsTargets target, String cluster) {
    Path directory = target.dumpDirectory(cluster);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(f -> f.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

}
