package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DumpFilesTest {

  @TempDir Path dir;

  @Test
  void fileNamesCarryDatabaseAndBackupId() {
    assertThat(DumpFiles.fileName("camunda", 1772001869309L, "pgdump")).isEqualTo("camunda-camunda-1772001869309.pgdump");
    assertThat(DumpFiles.fileName("../my db", 1, "sql")).isEqualTo("camunda-.._my_db-1.sql");
    assertThatThrownBy(() -> DumpFiles.fileName("x", -1, "sql")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void verifyAcceptsMatchingChecksumAndNamesBothOnMismatch() throws Exception {
    Path file = Files.writeString(dir.resolve("d.sql"), "abc");
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    assertThat(DumpFiles.sha256(file)).isEqualTo(abc);
    DatabaseDumper.verify(file, abc.toUpperCase());

    Files.writeString(file, "ab");
    assertThatThrownBy(() -> DatabaseDumper.verify(file, abc))
        .isInstanceOf(DumpVerificationException.class)
        .hasMessage("checksum mismatch for " + file + ": expected " + abc + ", found "
            + DumpFiles.sha256(file) + "; the dump was changed or truncated");
    assertThatThrownBy(() -> DatabaseDumper.verify(dir.resolve("gone.sql"), abc))
        .isInstanceOf(DumpVerificationException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void connectionMasksPassword() {
    DatabaseConnection c = new DatabaseConnection(DatabaseConnection.Kind.POSTGRESQL, "db", 5432, "camunda", "u", "pw-123");
    assertThat(c.toString()).doesNotContain("pw-123").contains("password=****").contains("host=db");
    assertThat(c.describe()).isEqualTo("PostgreSQL database 'camunda' at db:5432 as user 'u'");
    assertThatThrownBy(() -> new DatabaseConnection(DatabaseConnection.Kind.MARIADB, "db", 0, "c", "u", "p"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PostgresDumper(c.withKind(DatabaseConnection.Kind.MARIADB)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stderrTailKeepsLastLinesAndMasksSecrets() throws Exception {
    StringBuilder text = new StringBuilder();
    for (int i = 1; i <= 40; i++) {
      text.append("line ").append(i).append(" pw=hunter2\n");
    }
    Path file = Files.writeString(dir.resolve("err"), text, StandardCharsets.UTF_8);
    String tail = ToolRunner.tail(file, List.of("hunter2"));
    assertThat(tail).startsWith("line 26 ").endsWith("line 40 pw=****").doesNotContain("hunter2");
  }

  @Test
  void newestPostgresVersionIsSearchedFirst() throws Exception {
    for (String v : List.of("9.6", "15", "16", "notaversion")) {
      Files.createDirectories(dir.resolve(v).resolve("bin"));
    }
    assertThat(ToolLocator.postgresVersionDirectories(dir))
        .containsExactly(dir.resolve("16/bin"), dir.resolve("15/bin"), dir.resolve("9.6/bin"));
  }
}
