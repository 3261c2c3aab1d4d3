package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DatabaseDumps} with the configured-command vendor (any database without a built-in
 * tool): real processes writing real files, what the catalog and the restore pre-flight read.
 */
class DatabaseDumpsTest {

  private static final List<String> DUMP_COMMAND =
      List.of("sh", "-c", "printf 'backup %s of %s' \"$BACKUP_ID\" \"$DB_SECRET\" > {file}");

  @TempDir Path dumps;
  @TempDir Path restored;
  private ClusterRegistry registry;
  private DatabaseDumps database;

  @BeforeEach
  void configure() {
    // The "database" is a file the commands copy; the secret only ever travels in the environment.
    registry = commandRegistry(DUMP_COMMAND, List.of("sh", "-c", "cp {file} " + restored.resolve("database")));
    database = new DatabaseDumps(registry, new ObjectMapper(), Clock.systemUTC());
  }

  private ClusterRegistry commandRegistry(List<String> dump, List<String> restore) {
    DatabaseProperties.CommandProperties command =
        new DatabaseProperties.CommandProperties("oracle", "rman", dump, restore, Map.of("DB_SECRET", "s3cret"));
    return registry(new DatabaseProperties(DatabaseVendor.COMMAND, null, null, null, null, null,
        dumps, null, Duration.ofSeconds(30), command));
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
  void aRecordNamingAnotherFileIsRefusedAndNothingIsRestored() throws IOException {
    database.dump("prod", 70);
    database.dump("prod", 71);
    // The record of 70 (its checksum intact) now names the dump of 71.
    Path record = dumps.resolve("prod").resolve("camunda-oracle-70.rman.json");
    Files.writeString(record, Files.readString(record).replace("camunda-oracle-70.rman", "camunda-oracle-71.rman"));

    assertThatThrownBy(() -> database.verify("prod", 70)).isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("the record was changed");
    assertThatThrownBy(() -> database.restore("prod", 70)).isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("describes file 'camunda-oracle-71.rman' of backup 70, not camunda-oracle-70.rman");
    assertThat(restored.resolve("database")).doesNotExist();
  }

  @Test
  void theToolReadsTheVerifiedBytesEvenWhenTheDumpIsReplacedAfterTheCheck() throws IOException {
    Path dump = dumps.resolve("prod").resolve("camunda-oracle-80.rman");
    // The restore command first rewrites the dump in place (as an operator copying a file back
    // would, between the check and the tool reading it), then restores the file it was given.
    DatabaseDumps swapping = new DatabaseDumps(commandRegistry(DUMP_COMMAND, List.of("sh", "-c",
        "printf 'not the verified dump' > '" + dump + "'; cp {file} '" + restored.resolve("database") + "'")),
        new ObjectMapper(), Clock.systemUTC());
    swapping.dump("prod", 80);

    swapping.restore("prod", 80);

    assertThat(Files.readString(restored.resolve("database"))).isEqualTo("backup 80 of s3cret");
    assertThat(Files.readString(dump)).isEqualTo("not the verified dump");
    // the private copy the tool read is gone
    assertThat(DumpTestFiles.listing(dumps.resolve("prod"))).containsExactly("camunda-oracle-80.rman", "camunda-oracle-80.rman.json");
  }

  @Test
  void aWithdrawnDumpKillsTheCommandWithItsChildrenAndLeavesNothing() throws Exception {
    DatabaseDumps slow = new DatabaseDumps(commandRegistry(List.of("sh", "-c", "printf started > {file}; sleep 600 & echo $! > '"
        + restored.resolve("child") + "'; wait"), List.of("true")), new ObjectMapper(), Clock.systemUTC());
    AtomicBoolean cancelled = new AtomicBoolean();

    CompletableFuture<DumpRecord> dump = CompletableFuture.supplyAsync(() -> slow.dump("prod", 90, cancelled::get));
    ProcessHandle child = awaitProcess(restored.resolve("child"));
    cancelled.set(true);

    assertThatThrownBy(dump::join).hasCauseInstanceOf(DumpCancelledException.class).hasMessageContaining("the job was cancelled");
    assertThat(child.isAlive()).as("the command's child process").isFalse();
    assertThat(DumpTestFiles.listing(dumps.resolve("prod"))).isEmpty();
  }

  @Test
  void aWithdrawnRestoreKillsTheCommandAndRemovesThePrivateCopy() throws Exception {
    DatabaseDumps slow = new DatabaseDumps(commandRegistry(DUMP_COMMAND, List.of("sh", "-c", "sleep 600 & echo $! > '"
        + restored.resolve("child") + "'; wait")), new ObjectMapper(), Clock.systemUTC());
    slow.dump("prod", 95);
    AtomicBoolean cancelled = new AtomicBoolean();

    CompletableFuture<DumpRecord> restore = CompletableFuture.supplyAsync(() -> slow.restore("prod", 95, cancelled::get));
    ProcessHandle child = awaitProcess(restored.resolve("child"));
    cancelled.set(true);

    assertThatThrownBy(restore::join).hasCauseInstanceOf(DumpCancelledException.class);
    assertThat(child.isAlive()).isFalse();
    assertThat(DumpTestFiles.listing(dumps.resolve("prod"))).containsExactly("camunda-oracle-95.rman", "camunda-oracle-95.rman.json");
  }

  @Test
  void theStartupSweepDeletesLeftoverTemporaryFilesAndNothingElse() throws Exception {
    database.dump("prod", 100);
    Path dir = dumps.resolve("prod");
    Path crashedDump = write(dir.resolve(".camunda-oracle-101.rman.8412337.partial"), "half a dump");
    Path crashedRecord = write(dir.resolve(".camunda-oracle-101.rman.json.partial"), "{");
    Path crashedRestoreCopy = write(dir.resolve(".restore-5551/camunda-oracle-100.rman"), "a copy");
    List<Path> notOurs = List.of(
        write(dir.resolve(".camunda-other-5.rman.1.partial"), "another database's"),
        write(dir.resolve("notes.partial"), "an operator's"),
        write(dir.resolve(".camunda-oracle-101.rman.partial.bak"), "an operator's"),
        write(dir.resolve(".restore-5552/notes.txt"), "an operator's"),
        write(dumps.resolve(".camunda-oracle-7.rman.1.partial"), "outside the cluster's directory"));
    Path writtenElsewhere = write(dir.resolve(".camunda-oracle-102.rman.99.partial"), "being written by another process");
    Path writtenHere = write(dir.resolve(".camunda-oracle-103.rman.98.partial"), "being written by this process");
    LeftoverPartialFilesSweep sweep = new LeftoverPartialFilesSweep(registry, database);

    Process otherOrchestrator = holdLockInAnotherProcess(writtenElsewhere);
    try (PartialFiles.Claim claim = PartialFiles.claim(writtenHere)) {
      sweep.afterSingletonsInstantiated(); // what startup runs

      assertThat(crashedDump).doesNotExist();
      assertThat(crashedRecord).doesNotExist();
      assertThat(crashedRestoreCopy.getParent()).doesNotExist();
      assertThat(notOurs).allMatch(Files::exists);
      assertThat(writtenElsewhere).exists();
      assertThat(writtenHere).exists();
      assertThat(database.verify("prod", 100).backupId()).isEqualTo(100);
    } finally {
      otherOrchestrator.destroy();
      otherOrchestrator.waitFor();
    }
    // Once nobody holds them, they are leftovers too.
    assertThat(sweep.sweep()).containsExactlyInAnyOrder(writtenElsewhere, writtenHere);
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

  private static Path write(Path file, String content) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  /** Waits for a shell to write a process ID into {@code pidFile}; returns that running process. */
  private static ProcessHandle awaitProcess(Path pidFile) {
    await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(pidFile) && Files.readString(pidFile).endsWith("\n"));
    long pid = Long.parseLong(uncheckedRead(pidFile).trim());
    return ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("process " + pid + " is not running"));
  }

  private static String uncheckedRead(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Another JVM holding a lock on {@code file}, as a second orchestrator writing it would. */
  private Process holdLockInAnotherProcess(Path file) throws IOException {
    Path source = write(restored.resolve("HoldLock.java"), """
        import java.nio.channels.FileChannel;
        import java.nio.file.*;
        public class HoldLock {
          public static void main(String[] args) throws Exception {
            try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); var lock = channel.lock()) {
              System.out.println("locked");
              System.out.flush();
              System.in.read();
            }
          }
        }
        """);
    String java = ProcessHandle.current().info().command().orElseThrow();
    Process process = new ProcessBuilder(java, source.toString(), file.toString()).redirectErrorStream(true).start();
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream())).readLine();
    assertThat(line).as("the lock holder started").isEqualTo("locked");
    return process;
  }

  private static ClusterRegistry registry(DatabaseProperties database) {
    ClusterProperties cluster = new ClusterProperties("prod", URI.create("http://prod-zeebe:9600"), null, true,
        Duration.ofMinutes(30), Duration.ofSeconds(5),
        new SecondaryStorageProperties(SecondaryStorageType.RDBMS, null, null, null, null, "camunda", "zeebe-record", "", "optimize", database),
        new TimeoutProperties(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(30), Duration.ofMinutes(5)),
        new ClusterProperties.RetentionProperties(true, 3, 3, null), Duration.ZERO, Duration.ofDays(1), RestoreProperties.defaults());
    return new ClusterRegistry(new OrchestratorProperties(new OrchestratorProperties.Schedule(true, "0 0 2 * * *"),
        new OrchestratorProperties.Housekeeping(true, "0 15 * * * *"), Duration.ofSeconds(10), List.of(cluster)));
  }
}
