package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.testsupport.database.ThrowawayMariaDb;
import io.camunda.community.backup.testsupport.database.ThrowawayPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prints dump and restore figures for a database of a few tens of MB, once per vendor. Not a timed
 * assertion: it only checks that the restore brought back every row. The whole class takes well
 * under a minute, so it runs with the normal tests; exclude it with {@code
 * -DexcludedGroups=benchmark}.
 */
@Tag("benchmark")
class DatabaseDumpBenchmarkTest {

  static final int ROWS = 250_000;

  @TempDir Path dir;

  @Test
  void postgres() {
    try (ThrowawayPostgres pg = ThrowawayPostgres.start()) {
      pg.sql("CREATE TABLE bench AS SELECT g AS id, md5(g::text) AS a, md5((g * 7)::text) AS b, "
          + "repeat('x', 50) || g AS c, now() AS t FROM generate_series(1, " + ROWS + ") g;"
          + "ALTER TABLE bench ADD PRIMARY KEY (id); VACUUM ANALYZE bench;");
      long dbBytes = Long.parseLong(pg.sql("SELECT pg_database_size(current_database())").strip());
      PostgresDumper dumper = new PostgresDumper(pg.connection());

      DumpResult result = dumper.dump(1, dir);
      pg.sql("DELETE FROM bench WHERE id % 2 = 0");
      long started = System.nanoTime();
      dumper.restore(result.file(), result.sha256());
      Duration restore = Duration.ofNanos(System.nanoTime() - started);

      assertThat(pg.sql("SELECT count(*) FROM bench").strip()).isEqualTo(Integer.toString(ROWS));
      print("PostgreSQL", dbBytes, result, restore);
    }
  }

  @Test
  void mariadb() {
    try (ThrowawayMariaDb db = ThrowawayMariaDb.start()) {
      db.appSql("SET SESSION max_recursive_iterations = 10000000;"
          + "CREATE TABLE bench (id INT PRIMARY KEY, a CHAR(32), b CHAR(32), c VARCHAR(80), t DATETIME) ENGINE=InnoDB;"
          + "INSERT INTO bench WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < " + ROWS + ") "
          + "SELECT n, MD5(n), MD5(n * 7), CONCAT(REPEAT('x', 50), n), NOW() FROM seq;"
          + "ANALYZE TABLE bench;");
      long dbBytes = Long.parseLong(db.sql("SELECT SUM(data_length + index_length) FROM information_schema.tables "
          + "WHERE table_schema = DATABASE()").strip());
      MariaDbDumper dumper = new MariaDbDumper(db.connection());

      DumpResult result = dumper.dump(1, dir);
      db.sql("DELETE FROM bench WHERE id % 2 = 0");
      long started = System.nanoTime();
      dumper.restore(result.file(), result.sha256());
      Duration restore = Duration.ofNanos(System.nanoTime() - started);

      assertThat(db.sql("SELECT COUNT(*) FROM bench").strip()).isEqualTo(Integer.toString(ROWS));
      print("MariaDB", dbBytes, result, restore);
    }
  }

  private static void print(String vendor, long dbBytes, DumpResult result, Duration restore) {
    System.out.println(String.format(Locale.ROOT, "BENCHMARK %s %.1f MB (%d rows): dump %.1f s (%.1f MB file), restore %.1f s",
        vendor, dbBytes / 1e6, ROWS, result.took().toMillis() / 1000.0, result.sizeBytes() / 1e6,
        restore.toMillis() / 1000.0));
  }
}
