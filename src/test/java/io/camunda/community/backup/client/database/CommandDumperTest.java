package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandDumperTest {

  @TempDir Path dir;

  private CommandDumper dumper(List<String> dump, List<String> restore, Map<String, String> env) {
    return new CommandDumper("oracle", "rman", dump, restore, env, DumperOptions.defaults());
  }

  @Test
  void passesBackupIdAndFileAsEnvironmentAndPlaceholders() throws Exception {
    Path restored = dir.resolve("restored.txt");
    CommandDumper dumper = dumper(
        List.of("sh", "-c", "printf 'env=%s/%s arg=%s\\n' \"$BACKUP_ID\" \"$(basename \"$DUMP_FILE\")\" \"$1\" > {file}", "sh", "{backupId}"),
        List.of("sh", "-c", "cat \"$DUMP_FILE\" > \"$1\"; echo \"restored $BACKUP_ID from $(basename {file})\" >> \"$1\"", "sh", restored.toString()),
        Map.of());

    DumpResult result = dumper.dump(77, dir.resolve("dumps"));

    assertThat(result.file()).isEqualTo(dir.resolve("dumps/camunda-oracle-77.rman"));
    assertThat(DumpTestFiles.listing(dir.resolve("dumps"))).containsExactly("camunda-oracle-77.rman");
    String content = Files.readString(result.file());
    // the command wrote to the hidden temporary file, which was then moved into place
    assertThat(content).matches("env=77/\\.camunda-oracle-77\\.rman\\.\\d+\\.partial arg=77\\n");
    assertThat(result.sizeBytes()).isEqualTo(content.length());
    assertThat(result.sha256()).isEqualTo(DumpFiles.sha256(result.file()));

    dumper.restore(result.file(), result.sha256());
    assertThat(Files.readString(restored)).isEqualTo(content + "restored 77 from camunda-oracle-77.rman\n");
  }

  @Test
  void failingCommandLeavesNoFileAndMasksSecrets() throws Exception {
    CommandDumper dumper = dumper(
        List.of("sh", "-c", "echo partial > \"$DUMP_FILE\"; echo \"RMAN-00571: ORA-01017: invalid username/password $ORACLE_PASSWORD\" >&2; exit 3"),
        List.of("true"),
        Map.of("ORACLE_PASSWORD", "tiger-secret", "ORACLE_SID", "CAMUNDA"));

    assertThatThrownBy(() -> dumper.dump(5, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("dump command of 'oracle' (sh)")
        .hasMessageContaining("exit code 3")
        .hasMessageContaining("ORA-01017: invalid username/password ****")
        .hasMessageNotContaining("tiger-secret");
    assertThat(DumpTestFiles.listing(dir)).isEmpty();
    assertThat(dumper.toString()).doesNotContain("tiger-secret").contains("ORACLE_PASSWORD");
  }

  @Test
  void everyInjectedValueIsMaskedWhateverItsName() throws Exception {
    Map<String, String> environment = Map.of(
        "ORACLE_CONNECT", "scott/tiger-42@//db.internal:1521/CAMUNDA",
        "RMAN_CATALOG", "rcat-user/cat-pass-77",
        "TARGET_HOST", "db.internal");
    String echoAll = "echo \"connect $ORACLE_CONNECT catalog $RMAN_CATALOG on $TARGET_HOST for backup $BACKUP_ID\" >&2; exit 4";
    CommandDumper dumper = dumper(List.of("sh", "-c", "echo partial > \"$DUMP_FILE\"; " + echoAll), List.of("sh", "-c", echoAll), environment);

    assertThatThrownBy(() -> dumper.dump(9, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("connect **** catalog **** on **** for backup 9")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tiger-42", "cat-pass-77", "db.internal"));
    Path dump = Files.writeString(dir.resolve("camunda-oracle-9.rman"), "dump");
    assertThatThrownBy(() -> dumper.restore(dump))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("connect **** catalog **** on **** for backup 9")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("tiger-42", "cat-pass-77", "db.internal"));
    assertThat(dumper.toString()).doesNotContain("tiger-42", "cat-pass-77", "db.internal");
  }

  @Test
  void commandThatWritesNothingIsAFailure() throws Exception {
    CommandDumper dumper = dumper(List.of("true"), List.of("true"), Map.of());

    assertThatThrownBy(() -> dumper.dump(5, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("wrote nothing");
    assertThat(DumpTestFiles.listing(dir)).isEmpty();
  }

  @Test
  void missingCommandAndTimeout() throws Exception {
    CommandDumper missing = dumper(List.of(dir.resolve("no-such-rman").toString()), List.of("true"), Map.of());
    assertThatThrownBy(() -> missing.dump(5, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("no-such-rman")
        .hasMessageContaining("check that the command exists");

    CommandDumper slow = new CommandDumper("mssql", "bak", List.of("sh", "-c", "echo x > \"$DUMP_FILE\"; sleep 30"),
        List.of("true"), Map.of(), DumperOptions.defaults().withTimeout(Duration.ofMillis(500)));
    long started = System.nanoTime();
    assertThatThrownBy(() -> slow.dump(5, dir))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("timed out after PT0.5S");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
    assertThat(DumpTestFiles.listing(dir)).isEmpty();
  }

  @Test
  void restoreVerifiesBeforeRunning() throws Exception {
    Path marker = dir.resolve("restore-ran");
    CommandDumper dumper = dumper(List.of("sh", "-c", "echo data > {file}"), List.of("touch", marker.toString()), Map.of());
    DumpResult result = dumper.dump(9, dir.resolve("d"));
    Files.writeString(result.file(), "changed");

    assertThatThrownBy(() -> dumper.restore(result.file(), result.sha256()))
        .isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("checksum mismatch");
    assertThat(marker).doesNotExist();

    assertThatThrownBy(() -> dumper.restore(dir.resolve("d/missing.rman")))
        .isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("does not exist");
    assertThat(marker).doesNotExist();
  }
}
