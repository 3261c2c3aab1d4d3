package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterProperties.TimeoutProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.DatabaseProperties;
import io.camunda.community.backup.config.DatabaseVendor;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.RestoreProperties;
import io.camunda.community.backup.config.SecondaryStorageProperties;
import io.camunda.community.backup.config.SecondaryStorageType;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DatabaseDumps} with the configured-command vendor (any database without a built-in
 * tool): real processes writing real files, what the catalog and the restore pre-flight read.
 */
class DatabaseDumpsTest {

  @TempDir Path dumps;
  @TempDir Path restored;
  private DatabaseDumps database;

  @BeforeEach
  void configure() {
    // The "database" is a file the commands copy; the secret only ever travels in the environment.
    DatabaseProperties.CommandProperties command = new DatabaseProperties.CommandProperties("oracle", "rman",
        List.of("sh", "-c", "printf 'backup %s of %s' \"$BACKUP_ID\" \"$DB_SECRET\" > {file}"),
        List.of("sh", "-c", "cp {file} " + restored.resolve("database")),
        Map.of("DB_SECRET", "s3cret"));
    database = new DatabaseDumps(registry(new DatabaseProperties(DatabaseVendor.COMMAND, null, null, null, null, null,
        dumps, null, Duration.ofSeconds(30), command)), new ObjectMapper(), Clock.systemUTC());
  }

  @Test
  void aDumpIsNamedWithTheIdAndRecordedWithSizeAndChecksum() throws IOException {
    DumpRecord record = database.dump("prod", 1700000001L);

    Path file = dumps.resolve("prod").resolve("camunda-oracle-1700000001.rman");
    assertThat(record.file()).isEqualTo(file.getFileName().toString());
    assertThat(Files.readString(file)).isEqualTo("backup 1700000001 of s3cret");
    assertThat(record.sha256()).isEqualTo(DumpFiles.sha256(file));
    assertThat(record.sizeBytes()).isEqualTo(Files.size(file));
    assertThat(Files.readString(dumps.resolve("prod").resolve(file.getFileName() + ".json"))).contains(record.sha256());
    assertThat(database.list("prod")).singleElement().satisfies(dump -> {
      assertThat(dump.backupId()).isEqualTo(1700000001L);
      assertThat(dump.state()).isEqualTo(StoredDump.COMPLETED);
    });
    assertThat(database.verify("prod", 1700000001L)).isEqualTo(record);
  }

  @Test
  void aDumpWithoutRecordOrWithAnotherSizeIsIncomplete() throws IOException {
    database.dump("prod", 10);
    database.dump("prod", 20);
    Files.delete(dumps.resolve("prod").resolve("camunda-oracle-10.rman.json"));
    Files.writeString(dumps.resolve("prod").resolve("camunda-oracle-20.rman"), "truncated");

    assertThat(database.list("prod")).extracting(StoredDump::backupId, StoredDump::state)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(20L, "INCOMPLETE"), org.assertj.core.groups.Tuple.tuple(10L, "INCOMPLETE"));
    assertThat(database.find("prod", 10).orElseThrow().problem()).contains("no checksum was recorded");
    assertThat(database.find("prod", 20).orElseThrow().problem()).contains("the dump was changed or truncated");
    assertThatThrownBy(() -> database.verify("prod", 10)).isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("no checksum is recorded for the dump of backup 10");
  }

  @Test
  void aChangedDumpIsNeverRestored() throws IOException {
    database.dump("prod", 30);
    Path file = dumps.resolve("prod").resolve("camunda-oracle-30.rman");
    Files.writeString(file, Files.readString(file).replace("backup", "BACKUP"));

    assertThatThrownBy(() -> database.restore("prod", 30)).isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("checksum mismatch");
    assertThat(restored.resolve("database")).doesNotExist();
  }

  @Test
  void restoreRunsTheCommandOnTheVerifiedDump() throws IOException {
    database.dump("prod", 40);

    database.restore("prod", 40);

    assertThat(Files.readString(restored.resolve("database"))).isEqualTo("backup 40 of s3cret");
  }

  @Test
  void deleteRemovesDumpAndRecordAndMayRunTwice() {
    database.dump("prod", 50);

    database.delete("prod", 50);
    database.delete("prod", 50);

    assertThat(database.list("prod")).isEmpty();
    assertThat(database.find("prod", 50)).isEmpty();
  }

  @Test
  void aFailingCommandLeavesNothingAndSaysWhy() {
    DatabaseProperties.CommandProperties failing = new DatabaseProperties.CommandProperties("oracle", "rman",
        List.of("sh", "-c", "echo 'ORA-01017: invalid username/password' >&2; exit 3"), List.of("true"), Map.of());
    DatabaseDumps broken = new DatabaseDumps(registry(new DatabaseProperties(DatabaseVendor.COMMAND, null, null, null, null,
        null, dumps, null, Duration.ofSeconds(30), failing)), new ObjectMapper(), Clock.systemUTC());

    assertThatThrownBy(() -> broken.dump("prod", 60)).isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("exit code 3").hasMessageContaining("ORA-01017");
    assertThat(broken.list("prod")).isEmpty();
  }

  @Test
  void noDirectoryYetMeansNoDumps() {
    assertThat(database.list("prod")).isEmpty();
  }

  private static ClusterRegistry registry(DatabaseProperties database) {
    ClusterProperties cluster = new ClusterProperties("prod", URI.create("http://prod-zeebe:9600"), null, true,
        Duration.ofMinutes(30), Duration.ofSeconds(5),
        new SecondaryStorageProperties(SecondaryStorageType.RDBMS, null, null, null, null, "camunda", "zeebe-record", database),
        new TimeoutProperties(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(30), Duration.ofMinutes(5)),
        new ClusterProperties.RetentionProperties(true, 3, 3, null), Duration.ZERO, Duration.ofDays(1), RestoreProperties.defaults());
    return new ClusterRegistry(new OrchestratorProperties(new OrchestratorProperties.Schedule(true, "0 0 2 * * *"),
        new OrchestratorProperties.Housekeeping(true, "0 15 * * * *"), Duration.ofSeconds(10), List.of(cluster)));
  }
}
