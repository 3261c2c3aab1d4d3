package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.testsupport.database.ThrowawayMariaDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MariaDbDumperTest {

  private static ThrowawayMariaDb db;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    db = ThrowawayMariaDb.start();
  }

  @AfterAll
  static void stopServer() {
    if (db != null) {
      db.close();
    }
  }

  @BeforeEach
  void createSchema() {
    // created by the application user, as Camunda does: routines and triggers get it as DEFINER
    db.appSql("""
        SET SESSION max_recursive_iterations = 100000;
        DROP VIEW IF EXISTS active_instance;
        DROP TABLE IF EXISTS variable, process_instance, audit, late_table;
        DROP PROCEDURE IF EXISTS instance_count;
        CREATE TABLE process_instance (
          `key` BIGINT PRIMARY KEY, bpmn_process_id VARCHAR(100) NOT NULL, state VARCHAR(20) NOT NULL,
          start_date DATETIME(3) NOT NULL, payload LONGTEXT, data BLOB) ENGINE=InnoDB;
        CREATE TABLE variable (
          id BIGINT AUTO_INCREMENT PRIMARY KEY, process_instance_key BIGINT NOT NULL, name VARCHAR(100) NOT NULL,
          value VARCHAR(255), INDEX variable_name (name),
          FOREIGN KEY (process_instance_key) REFERENCES process_instance(`key`)) ENGINE=InnoDB;
        CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, instance_key BIGINT) ENGINE=InnoDB;
        CREATE VIEW active_instance AS SELECT `key` FROM process_instance WHERE state = 'ACTIVE';
        CREATE TRIGGER process_instance_audit AFTER INSERT ON process_instance
          FOR EACH ROW INSERT INTO audit (instance_key) VALUES (NEW.`key`);
        CREATE PROCEDURE instance_count() SELECT COUNT(*) FROM process_instance;
        INSERT INTO process_instance
          WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 3000)
          SELECT n, CONCAT('process-', n % 7), IF(n % 3 = 0, 'COMPLETED', 'ACTIVE'),
                 TIMESTAMPADD(MINUTE, n, '2025-01-01 00:00:00'), CONCAT('{"text":"héllo ', n, '"}'),
                 UNHEX(MD5(n))
          FROM seq;
        INSERT INTO variable (process_instance_key, name, value)
          WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < 6000)
          SELECT (n % 3000) + 1, CONCAT('var', n % 5), MD5(n) FROM seq;
        """);
  }

  private static String snapshot() {
    return String.join("\n---\n",
        db.sql("SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = DATABASE() ORDER BY table_name"),
        db.sql("SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE() ORDER BY 1"),
        db.sql("SELECT routine_name FROM information_schema.routines WHERE routine_schema = DATABASE() ORDER BY 1"),
        db.sql("SELECT `key`, bpmn_process_id, state, start_date, payload, HEX(data) FROM process_instance ORDER BY `key`"),
        db.sql("SELECT * FROM variable ORDER BY id"),
        db.sql("SELECT * FROM audit ORDER BY id"),
        db.sql("SELECT COUNT(*) FROM active_instance"),
        db.appSql("CALL instance_count()"));
  }

  private static void changeData() {
    db.appSql("""
        UPDATE process_instance SET state = 'CANCELED', payload = '{}' WHERE `key` <= 100;
        DELETE FROM variable WHERE id % 10 = 0;
        INSERT INTO process_instance VALUES (999999, 'late', 'ACTIVE', NOW(3), NULL, NULL);
        INSERT INTO variable (process_instance_key, name, value) VALUES (999999, 'late', 'x');
        CREATE TABLE late_table (x INT);
        INSERT INTO late_table VALUES (1);
        """);
  }

  private MariaDbDumper dumper() {
    return new MariaDbDumper(db.connection());
  }

  @Test
  void dumpsChangesAndRestoresExactlyTheDumpedRows() throws Exception {
    String before = snapshot();
    assertThat(before).contains("héllo 42").contains("process_instance_audit").contains("instance_count");

    DumpResult result = dumper().dump(42, dir);

    assertThat(result.file()).isEqualTo(dir.resolve("camunda-camunda-42.sql"));
    assertThat(DumpTestFiles.listing(dir)).containsExactly("camunda-camunda-42.sql");
    assertThat(result.sizeBytes()).isEqualTo(Files.size(result.file())).isPositive();
    assertThat(result.sha256()).isEqualTo(DumpFiles.sha256(result.file()));
    assertThat(Files.readString(result.file())).contains("DROP DATABASE IF EXISTS `camunda`");

    changeData();
    assertThat(snapshot()).isNotEqualTo(before).contains("late_table");

    dumper().restore(result.file(), result.sha256());

    String after = snapshot();
    assertThat(after).isEqualTo(before);
    assertThat(after).doesNotContain("late_table").doesNotContain("999999");

    changeData();
    dumper().restore(result.file());
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Camunda's EXPORTER_POSITION (capitals: MariaDB keeps them) as a point-in-time restore reads it; none without the table. */
  @Test
  void readsTheExporterPositionsAndNoneWithoutTheTable() {
    db.appSql("DROP TABLE IF EXISTS EXPORTER_POSITION");
    assertThat(dumper().exporterPositions(() -> false)).hasValue(Map.of());
    db.appSql("CREATE TABLE EXPORTER_POSITION (PARTITION_ID INT PRIMARY KEY, EXPORTER VARCHAR(200), LAST_EXPORTED_POSITION BIGINT);"
        + " INSERT INTO EXPORTER_POSITION VALUES (1, 'rdbms', 580), (2, 'rdbms', NULL)");
    try {
      assertThat(dumper().exporterPositions(() -> false)).hasValue(Map.of(1, 580L, 2, -1L));
    } finally {
      db.appSql("DROP TABLE EXPORTER_POSITION");
    }
  }

  @Test
  void badPasswordFailsClearlyAndLeavesNoFile() throws Exception {
    DatabaseConnection c = db.connection();
    String wrong = "definitely-Wrong-pw";
    MariaDbDumper bad = new MariaDbDumper(
        new DatabaseConnection(c.kind(), c.host(), c.port(), c.database(), c.username(), wrong));

    assertThatThrownBy(() -> bad.dump(7, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("mariadb-dump")
        .hasMessageContaining("MariaDB database 'camunda' at 127.0.0.1:" + db.port())
        .hasMessageContaining("Access denied")
        .hasMessageContaining("check host, port, database name, user and password")
        .hasMessageNotContaining(wrong);
    assertThat(DumpTestFiles.listing(dir)).isEmpty();
  }

  @Test
  void missingBinaryNamesToolAndPackage() throws Exception {
    MariaDbDumper dumper = new MariaDbDumper(db.connection(),
        DumperOptions.defaults().withBinDirectory(dir.resolve("no-such-bin")));

    assertThatThrownBy(() -> dumper.dump(7, dir.resolve("out")))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("mariadb-dump or mysqldump")
        .hasMessageContaining("no-such-bin")
        .hasMessageContaining("mariadb-client");
    assertThat(DumpTestFiles.listing(dir.resolve("out"))).isEmpty();

    Path someDump = Files.writeString(dir.resolve("x.sql"), "SELECT 1;");
    assertThatThrownBy(() -> dumper.restore(someDump))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("mariadb or mysql")
        .hasMessageContaining("mariadb-client");
  }

  @Test
  void diskFullFailsWithToolErrorAndLeavesNoFile() throws Exception {
    MariaDbDumper dumper = new MariaDbDumper(db.connection(), DumperOptions.defaults(), DumpTestFiles.devFull());

    assertThatThrownBy(() -> dumper.dump(8, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("mariadb-dump")
        .hasMessageMatching("(?s).*(No space left on device|Errcode: 28|errno 28).*")
        .hasMessageNotContaining(ThrowawayMariaDb.PASSWORD);
    assertThat(DumpTestFiles.listing(dir)).isEmpty();
  }

  @Test
  void checksumMismatchStopsBeforeAnythingIsRestored() throws Exception {
    DumpResult result = dumper().dump(43, dir);
    DumpTestFiles.flipByte(result.file());
    changeData();
    String changed = snapshot();

    assertThatThrownBy(() -> dumper().restore(result.file(), result.sha256()))
        .isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("checksum mismatch")
        .hasMessageContaining("the dump was changed or truncated");
    assertThat(snapshot()).isEqualTo(changed);
  }

  @Test
  void passwordIsOnlyInAPrivateOptionsFile() throws Exception {
    MariaDbDumper dumper = dumper();
    String password = ThrowawayMariaDb.PASSWORD;
    Path credentials = dumper.writeCredentials();
    try {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials))).isEqualTo("rw-------");
      assertThat(Files.readString(credentials)).contains("[client]", "user=\"camunda\"")
          .contains("password=" + MariaDbDumper.quote(password));
      for (ProcessBuilder builder : new ProcessBuilder[] {
          dumper.dumpProcess(Path.of("/usr/bin/mariadb-dump"), credentials),
          dumper.restoreProcess(Path.of("/usr/bin/mariadb"), credentials)}) {
        assertThat(builder.command().get(1)).isEqualTo("--defaults-extra-file=" + credentials);
        assertThat(String.join(" ", builder.command())).doesNotContain(password);
        assertThat(builder.environment()).doesNotContainKey("MYSQL_PWD");
      }
      assertThat(dumper.dumpProcess(Path.of("/usr/bin/mariadb-dump"), credentials).command())
          .contains("--single-transaction", "--routines", "--triggers", "--add-drop-database", "--databases");
    } finally {
      Files.deleteIfExists(credentials);
    }
    assertThat(db.connection().toString()).doesNotContain(password);
  }
}
