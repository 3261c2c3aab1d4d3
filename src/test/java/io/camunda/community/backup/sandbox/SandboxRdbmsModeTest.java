package io.camunda.community.backup.sandbox;

import static io.camunda.community.backup.sandbox.SandboxHttp.call;
import static io.camunda.community.backup.sandbox.SandboxHttp.post;
import static io.camunda.community.backup.sandbox.SandboxHttp.send;

import io.camunda.community.backup.sandbox.SandboxHttp.Response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.testsupport.database.ThrowawayMariaDb;
import io.camunda.community.backup.testsupport.database.ThrowawayPostgres;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sandbox on RDBMS secondary storage (Camunda 8.9+), each test against a real PostgreSQL and
 * a real MariaDB server. Every test starts from a database without the exporter's tables and
 * drives positions exactly ({@code recordsPerTick} 0).
 */
class SandboxRdbmsModeTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final AtomicLong NEXT_ID = new AtomicLong(1_748_939_000L);
  private static final SandboxOptions OPTIONS =
      SandboxOptions.defaults()
          .withCamundaVersion("8.9.0")
          .withRecordsPerTick(0)
          .withExporterInterval(Duration.ofMillis(50))
          .withZeebeBackupDuration(Duration.ofMillis(100));

  private static ThrowawayPostgres postgres;
  private static ThrowawayMariaDb mariaDb;

  @TempDir Path tempDir;

  @BeforeAll
  static void startDatabases() {
    CompletableFuture.allOf(
            CompletableFuture.runAsync(() -> postgres = ThrowawayPostgres.start()),
            CompletableFuture.runAsync(() -> mariaDb = ThrowawayMariaDb.start()))
        .join();
  }

  @AfterAll
  static void stopDatabases() {
    if (postgres != null) {
      postgres.close();
    }
    if (mariaDb != null) {
      mariaDb.close();
    }
  }

  @BeforeEach
  void dropExporterTables() throws SQLException {
    for (var database : new SandboxDatabase[] {postgres.sandboxDatabase(), mariaDb.sandboxDatabase()}) {
      execute(database, "DROP TABLE IF EXISTS zeebe_record, EXPORTER_POSITION");
    }
  }

  static Stream<Named<SandboxDatabase>> databases() {
    return Stream.of(Named.of("PostgreSQL", postgres.sandboxDatabase()), Named.of("MariaDB", mariaDb.sandboxDatabase()));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void recordsLandInZeebeRecordWithTheBrokersExportedPosition(SandboxDatabase database) throws Exception {
    try (var cluster = SandboxCamundaCluster.startWithDatabase(database, tempDir, OPTIONS)) {
      assertThat(cluster.rdbms()).isTrue();
      assertThat(cluster.database()).isEqualTo(database);
      assertThat(cluster.optimizeUrl()).isNull(); // the defaults ask for Optimize
      assertThat(cluster.options().optimizeEnabled()).isFalse();
      assertThat(database.toString()).contains("password=****").doesNotContain(database.password());

      cluster.processRecords(4);

      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isEqualTo(12);
      assertThat(exporterPositions(database)).isEqualTo(positions(4));
      assertThat(cluster.exportedPosition()).isEqualTo(4);
      try (var connection = database.open();
          var rows = connection.createStatement().executeQuery(
              "SELECT value_type, intent, record_timestamp FROM zeebe_record WHERE partition_id = 2 AND position = 4")) {
        assertThat(rows.next()).isTrue();
        assertThat(rows.getString(1)).isEqualTo("PROCESS_INSTANCE");
        assertThat(rows.getString(2)).isEqualTo("ELEMENT_COMPLETED");
        assertThat(rows.getLong(3)).isPositive();
      }
      assertThat(call("GET", cluster.managementUrl() + "/actuator/partitions").json().path("2").path("exportedPosition").asLong())
          .isEqualTo(4);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void softPauseWritesRowsButHoldsThePositionAndHardPauseWritesNothing(SandboxDatabase database) throws Exception {
    try (var cluster = SandboxCamundaCluster.startWithDatabase(database, tempDir, OPTIONS)) {
      var mgmt = cluster.managementUrl();
      cluster.processRecords(2);

      call("POST", mgmt + "/actuator/exporting/pause?soft=true");
      cluster.processRecords(3);
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isEqualTo(15);
      assertThat(exporterPositions(database)).isEqualTo(positions(2));
      assertThat(cluster.exportedPosition()).isEqualTo(2);

      // nothing new to write: the resume alone moves both positions on
      call("POST", mgmt + "/actuator/exporting/resume");
      await().atMost(TIMEOUT).until(() -> exporterPositions(database).equals(positions(5)));
      assertThat(cluster.exportedPosition()).isEqualTo(5);

      call("POST", mgmt + "/actuator/exporting/pause");
      cluster.processRecords(1);
      await().during(Duration.ofMillis(200)).atMost(TIMEOUT)
          .until(() -> count(database, "SELECT COUNT(*) FROM zeebe_record") == 15);
      assertThat(exporterPositions(database)).isEqualTo(positions(5));
      assertThat(cluster.exportedPosition()).isEqualTo(5);

      call("POST", mgmt + "/actuator/exporting/resume");
      await().atMost(TIMEOUT).until(() -> exporterPositions(database).equals(positions(6)));
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isEqualTo(18);
      assertThat(cluster.exportedPosition()).isEqualTo(6);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRestartReExportsWhatWasNotAcknowledgedOverTheRowsAlreadyThere(SandboxDatabase database) throws Exception {
    try (var cluster = SandboxCamundaCluster.startWithDatabase(database, tempDir, OPTIONS)) {
      cluster.processRecords(2);
      call("POST", cluster.managementUrl() + "/actuator/exporting/pause?soft=true");
      cluster.processRecords(3);
      cluster.stopComponents();
      execute(database, "UPDATE zeebe_record SET intent = 'STALE'");

      cluster.startComponents();

      await().atMost(TIMEOUT).until(() -> exporterPositions(database).equals(positions(5)));
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isEqualTo(15);
      // positions 3..5 were written again; 1 and 2 were acknowledged and stay as they are
      assertThat(count(database, "SELECT MAX(position) FROM zeebe_record WHERE intent = 'STALE'")).isEqualTo(2);
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record WHERE intent = 'STALE'")).isEqualTo(6);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void webAppsHaveNoBackupHistoryButZeebeBacksUp(SandboxDatabase database) throws Exception {
    try (var cluster = SandboxCamundaCluster.startWithDatabase(database, tempDir, OPTIONS)) {
      var mgmt = cluster.managementUrl();
      long backupId = NEXT_ID.incrementAndGet();
      for (var history : new Response[] {
        call("GET", mgmt + "/actuator/backupHistory"),
        post(mgmt + "/actuator/backupHistory", backupId),
        call("GET", mgmt + "/actuator/backupHistory/" + backupId),
        call("DELETE", mgmt + "/actuator/backupHistory/" + backupId),
        send("PUT", mgmt + "/actuator/backupHistory/" + backupId, "{}")
      }) {
        assertThat(history.status()).isEqualTo(404);
        assertThat(history.json().path("message").asText()).isEqualTo("No backup history: secondary storage is rdbms");
      }

      cluster.processRecords(3);
      assertThat(post(mgmt + "/actuator/backupRuntime", backupId).status()).isEqualTo(202);
      var completed = awaitState(mgmt + "/actuator/backupRuntime/" + backupId, "COMPLETED");
      assertThat(completed.path("details")).hasSize(3)
          .allSatisfy(partition -> assertThat(partition.path("brokerVersion").asText()).isEqualTo("8.9.0"));
      assertThat(cluster.zeebeBackupIds()).contains(backupId);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void afterARestoreTheExporterRecreatesDroppedTablesAndReExportsAfterTheExportedPosition(SandboxDatabase database)
      throws Exception {
    try (var cluster = SandboxCamundaCluster.startWithDatabase(database, tempDir, OPTIONS)) {
      var mgmt = cluster.managementUrl();
      cluster.processRecords(3);
      // the backup is taken under a soft pause: positions 4 and 5 are written but not acknowledged
      call("POST", mgmt + "/actuator/exporting/pause?soft=true");
      cluster.processRecords(2);
      long backupId = NEXT_ID.incrementAndGet();
      assertThat(post(mgmt + "/actuator/backupRuntime", backupId).status()).isEqualTo(202);
      awaitState(mgmt + "/actuator/backupRuntime/" + backupId, "COMPLETED");
      call("POST", mgmt + "/actuator/exporting/resume");
      cluster.processRecords(4);
      assertThat(exporterPositions(database)).isEqualTo(positions(9));

      cluster.stopComponents();
      assertThat(cluster.runZeebeRestore(0, backupId).success()).isTrue();
      // the database restore replaces the schema while the components are down
      execute(database, "DROP TABLE zeebe_record");
      execute(database, "TRUNCATE TABLE EXPORTER_POSITION");
      cluster.startComponents();

      await().atMost(TIMEOUT).until(() -> exporterPositions(database).equals(positions(5)));
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isEqualTo(6);
      assertThat(count(database, "SELECT MIN(position) FROM zeebe_record")).isEqualTo(4);
      assertThat(cluster.exportedPosition()).isEqualTo(5);

      cluster.processRecords(1);
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isEqualTo(9);
      assertThat(exporterPositions(database)).isEqualTo(positions(6));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void failedWritesAreRetriedWithoutStoppingTheExporter(SandboxDatabase database) throws Exception {
    // a table the exporter cannot write to: it is left alone, and every write fails
    execute(database, "CREATE TABLE zeebe_record (partition_id INT NOT NULL, position BIGINT NOT NULL,"
        + " PRIMARY KEY (partition_id, position))");
    try (var cluster = SandboxCamundaCluster.startWithDatabase(database, tempDir, OPTIONS)) {
      cluster.processRecords(2);
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isZero();
      assertThat(cluster.exportedPosition()).isZero();

      execute(database, "DROP TABLE zeebe_record");

      await().atMost(TIMEOUT).until(() -> cluster.exportedPosition() == 2);
      assertThat(count(database, "SELECT COUNT(*) FROM zeebe_record")).isEqualTo(6);
      assertThat(exporterPositions(database)).isEqualTo(positions(2));
      cluster.processRecords(1);
      assertThat(exporterPositions(database)).isEqualTo(positions(3));
    }
  }

  /**
   * {@code bin/restore --to} as Zeebe's resolver does it (contract 3.2): the exported positions
   * come from the database; a partition without one, or with -1, has no usable range; the
   * checkpoint closest to the time is taken only if every partition's is at or beyond its exported
   * position, else the next closest, even when that is later than the time asked for.
   */
  @ParameterizedTest
  @MethodSource("databases")
  void restoreToAPointInTimeFollowsTheExportedPositionsInTheDatabase(SandboxDatabase database) throws Exception {
    try (var cluster = SandboxCamundaCluster.startWithDatabase(database, tempDir, OPTIONS)) {
      cluster.continuousBackups(true);
      var mgmt = cluster.managementUrl();
      var t1 = java.time.Instant.parse("2026-12-07T10:00:00Z");
      var t2 = t1.plusSeconds(600);
      cluster.processRecords(5);
      long first = cluster.takeScheduledBackup(t1);
      cluster.processRecords(5);
      long second = cluster.takeScheduledBackup(t2);
      awaitState(mgmt + "/actuator/backupRuntime/" + first, "COMPLETED");
      awaitState(mgmt + "/actuator/backupRuntime/" + second, "COMPLETED");
      assertThat(exporterPositions(database)).isEqualTo(positions(10));

      assertThat(cluster.runZeebeRestoreTo(0, t1).log()).contains("is not empty");
      cluster.stopComponents();
      execute(database, "DELETE FROM EXPORTER_POSITION WHERE PARTITION_ID = 2");
      assertThat(cluster.runZeebeRestoreTo(0, t1).log())
          .contains("No usable range found for partition 2 with from=null, exportedPosition=null");
      execute(database, "INSERT INTO EXPORTER_POSITION (PARTITION_ID, EXPORTER, LAST_EXPORTED_POSITION) VALUES (2, 'rdbms', -1)");
      assertThat(cluster.runZeebeRestoreTo(0, t1).log())
          .contains("No usable range found for partition 2 with from=null, exportedPosition=-1");
      assertThat(cluster.zeebePartitions().get(1).processedPosition()).as("nothing was restored").isEqualTo(10);

      // the database as of the first checkpoint: the first backup is closest to t1 and joins it
      execute(database, "UPDATE EXPORTER_POSITION SET LAST_EXPORTED_POSITION = 5");
      var atFirst = cluster.runZeebeRestoreTo(0, t1.plusSeconds(60));
      assertThat(atFirst.success()).as(atFirst.log()).isTrue();
      assertThat(atFirst.log()).contains("from backup " + first);
      assertThat(cluster.zeebePartitions().get(1).processedPosition()).isEqualTo(5);

      // the database is ahead of the first checkpoint: the second is taken, later than asked
      execute(database, "UPDATE EXPORTER_POSITION SET LAST_EXPORTED_POSITION = 7");
      var ahead = cluster.runZeebeRestoreTo(0, t1.plusSeconds(60));
      assertThat(ahead.success()).as(ahead.log()).isTrue();
      assertThat(ahead.log()).contains("from backup " + second);
      assertThat(cluster.zeebePartitions().get(1)).isEqualTo(new PartitionState(1, 10, 7, 10));
    }
  }

  private static Map<Integer, Long> positions(long position) {
    return Map.of(1, position, 2, position, 3, position);
  }

  private static Map<Integer, Long> exporterPositions(SandboxDatabase database) throws SQLException {
    var positions = new HashMap<Integer, Long>();
    try (var connection = database.open();
        var rows = connection.createStatement().executeQuery("SELECT PARTITION_ID, LAST_EXPORTED_POSITION FROM EXPORTER_POSITION")) {
      while (rows.next()) {
        positions.put(rows.getInt(1), rows.getLong(2));
      }
    }
    return positions;
  }

  private static long count(SandboxDatabase database, String sql) throws SQLException {
    try (var connection = database.open(); var rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static void execute(SandboxDatabase database, String sql) throws SQLException {
    try (var connection = database.open(); var statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static JsonNode awaitState(String url, String expected) {
    return SandboxHttp.awaitState(url, expected, TIMEOUT);
  }




}
