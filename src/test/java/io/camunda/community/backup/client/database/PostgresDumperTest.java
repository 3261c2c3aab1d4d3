package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.testsupport.database.ThrowawayPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresDumperTest {

  private static ThrowawayPostgres pg;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    pg = ThrowawayPostgres.start();
  }

  @AfterAll
  static void stopServer() {
    if (pg != null) {
      pg.close();
    }
  }

  @BeforeEach
  void createSchema() {
    pg.sql("""
        DROP VIEW IF EXISTS active_instance;
        DROP TABLE IF EXISTS variable, process_instance, late_table CASCADE;
        DROP FUNCTION IF EXISTS instance_count();
        CREATE TABLE process_instance (
          key bigint PRIMARY KEY, bpmn_process_id text NOT NULL, state text NOT NULL,
          start_date timestamptz NOT NULL, payload jsonb);
        CREATE TABLE variable (
          id bigserial PRIMARY KEY, process_instance_key bigint NOT NULL REFERENCES process_instance(key),
          name text NOT NULL, value text);
        CREATE INDEX variable_name ON variable(name);
        CREATE VIEW active_instance AS SELECT key FROM process_instance WHERE state = 'ACTIVE';
        CREATE FUNCTION instance_count() RETURNS bigint LANGUAGE sql AS 'SELECT count(*) FROM process_instance';
        INSERT INTO process_instance
          SELECT g, 'process-' || (g % 7), CASE WHEN g % 3 = 0 THEN 'COMPLETED' ELSE 'ACTIVE' END,
                 timestamptz '2025-01-01 00:00:00+00' + g * interval '1 minute',
                 jsonb_build_object('n', g, 'text', 'héllo ' || g)
          FROM generate_series(1, 3000) g;
        INSERT INTO variable (process_instance_key, name, value)
          SELECT (g % 3000) + 1, 'var' || (g % 5), md5(g::text) FROM generate_series(1, 6000) g;
        """);
  }

  /** Full contents of every table plus the schema objects, as text. */
  private static String snapshot() {
    return String.join("\n---\n",
        pg.sql("SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname) FROM pg_class c "
            + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public'"),
        pg.sql("SELECT string_agg(proname, ',') FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"),
        pg.sql("SELECT * FROM process_instance ORDER BY key"),
        pg.sql("SELECT * FROM variable ORDER BY id"),
        pg.sql("SELECT last_value FROM variable_id_seq"),
        pg.sql("SELECT count(*), instance_count() FROM active_instance"));
  }

  private static void changeData() {
    pg.sql("""
        UPDATE process_instance SET state = 'CANCELED', payload = '{}' WHERE key <= 100;
        DELETE FROM variable WHERE id % 10 = 0;
        INSERT INTO process_instance VALUES (999999, 'late', 'ACTIVE', now(), NULL);
        INSERT INTO variable (process_instance_key, name, value) VALUES (999999, 'late', 'x');
        CREATE TABLE late_table (x int);
        INSERT INTO late_table VALUES (1);
        """);
  }

  private PostgresDumper dumper() {
    return new PostgresDumper(pg.connection());
  }

  @Test
  void dumpsChangesAndRestoresExactlyTheDumpedRows() throws Exception {
    String before = snapshot();
    assertThat(before).contains("héllo 42").contains("process_instance:r");

    DumpResult result = dumper().dump(42, dir);

    assertThat(result.file()).isEqualTo(dir.resolve("camunda-camunda-42.pgdump"));
    assertThat(DumpTestFiles.listing(dir)).containsExactly("camunda-camunda-42.pgdump");
    assertThat(result.sizeBytes()).isEqualTo(Files.size(result.file())).isPositive();
    assertThat(result.sha256()).isEqualTo(DumpFiles.sha256(result.file())).hasSize(64);
    assertThat(result.took()).isPositive();

    changeData();
    assertThat(snapshot()).isNotEqualTo(before).contains("late_table");

    dumper().restore(result.file(), result.sha256());

    String after = snapshot();
    assertThat(after).isEqualTo(before);
    assertThat(after).doesNotContain("late_table").doesNotContain("999999");

    // a second restore over the restored database gives the same result
    changeData();
    dumper().restore(result.file());
    assertThat(snapshot()).isEqualTo(before);
  }

  /** Camunda's EXPORTER_POSITION as a point-in-time restore reads it; a database without the table has no positions. */
  @Test
  void readsTheExporterPositionsAndNoneWithoutTheTable() {
    pg.sql("DROP TABLE IF EXISTS exporter_position");
    assertThat(dumper().exporterPositions(() -> false)).hasValue(Map.of());
    pg.sql("CREATE TABLE EXPORTER_POSITION (PARTITION_ID NUMERIC PRIMARY KEY, EXPORTER VARCHAR(200), LAST_EXPORTED_POSITION BIGINT);"
        + " INSERT INTO EXPORTER_POSITION VALUES (1, 'rdbms', 580), (2, 'rdbms', NULL), (3, 'rdbms', -1)");
    try {
      assertThat(dumper().exporterPositions(() -> false)).hasValue(Map.of(1, 580L, 2, -1L, 3, -1L));
    } finally {
      pg.sql("DROP TABLE exporter_position");
    }
  }

  @Test
  void badPasswordFailsClearlyAndLeavesNoFile() throws Exception {
    DatabaseConnection c = pg.connection();
    String wrong = "definitely-Wrong-pw";
    PostgresDumper bad = new PostgresDumper(
        new DatabaseConnection(c.kind(), c.host(), c.port(), c.database(), c.username(), wrong));

    assertThatThrownBy(() -> bad.dump(7, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("pg_dump")
        .hasMessageContaining("PostgreSQL database 'camunda' at 127.0.0.1:" + pg.port())
        .hasMessageContaining("password authentication failed")
        .hasMessageContaining("check host, port, database name, user and password")
        .hasMessageNotContaining(wrong);
    assertThat(DumpTestFiles.listing(dir)).isEmpty();
  }

  @Test
  void missingBinaryNamesToolAndPackage() throws Exception {
    PostgresDumper dumper = new PostgresDumper(pg.connection(),
        DumperOptions.defaults().withBinDirectory(dir.resolve("no-such-bin")));

    assertThatThrownBy(() -> dumper.dump(7, dir.resolve("out")))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("pg_dump")
        .hasMessageContaining("no-such-bin")
        .hasMessageContaining("postgresql-client");
    assertThat(DumpTestFiles.listing(dir.resolve("out"))).isEmpty();

    Path someDump = Files.writeString(dir.resolve("x.pgdump"), "x");
    assertThatThrownBy(() -> dumper.restore(someDump))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("psql")
        .hasMessageContaining("postgresql-client");
  }

  @Test
  void diskFullFailsWithToolErrorAndLeavesNoFile() throws Exception {
    PostgresDumper dumper = new PostgresDumper(pg.connection(), DumperOptions.defaults(), DumpTestFiles.devFull());

    assertThatThrownBy(() -> dumper.dump(8, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("pg_dump")
        .hasMessageContaining("No space left on device")
        .hasMessageNotContaining(ThrowawayPostgres.PASSWORD);
    assertThat(DumpTestFiles.listing(dir)).isEmpty();
  }

  @Test
  void realFullFileSystemLeavesNoFile() throws Exception {
    Path mount = DumpTestFiles.tinyTmpfs(dir.resolve("tiny"), "64k");
    assumeTrue(mount != null, "mounting a tmpfs is not allowed here");
    try {
      assertThatThrownBy(() -> dumper().dump(9, mount))
          .isInstanceOf(TargetUnavailableException.class)
          .hasMessageContaining("No space left on device");
      assertThat(DumpTestFiles.listing(mount)).isEmpty();
    } finally {
      DumpTestFiles.unmount(mount);
    }
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
        .hasMessageContaining("expected " + result.sha256())
        .hasMessageContaining("the dump was changed or truncated");
    assertThat(snapshot()).isEqualTo(changed);
  }

  @Test
  void passwordIsOnlyInTheChildEnvironment() {
    PostgresDumper dumper = dumper();
    String password = ThrowawayPostgres.PASSWORD;
    for (ProcessBuilder builder : new ProcessBuilder[] {
        dumper.dumpProcess(Path.of("/usr/bin/pg_dump")),
        dumper.emptyProcess(Path.of("/usr/bin/psql")),
        dumper.restoreProcess(Path.of("/usr/bin/pg_restore"), dir.resolve("d.pgdump"))}) {
      assertThat(builder.command()).noneMatch(arg -> arg.contains(password));
      assertThat(String.join(" ", builder.command())).doesNotContain(password);
      assertThat(builder.command()).contains("--no-password", "--username", "camunda");
      assertThat(builder.environment()).containsEntry("PGPASSWORD", password);
    }
    assertThat(dumper.dumpProcess(Path.of("/usr/bin/pg_dump")).command())
        .containsSubsequence("/usr/bin/pg_dump", "--format=custom", "--no-owner");
    assertThat(pg.connection().toString()).doesNotContain(password).contains("password=****");
  }
}
