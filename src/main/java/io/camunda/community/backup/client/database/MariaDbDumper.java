package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * MariaDB (and MySQL-compatible) dumps with {@code mariadb-dump} (falls back to {@code
 * mysqldump}) and restores by feeding the file to {@code mariadb} (or {@code mysql}) on stdin.
 *
 * <p>Dump: {@code --single-transaction} (consistent InnoDB snapshot without locking), {@code
 * --routines --triggers}, {@code --hex-blob}, {@code --no-tablespaces}, and {@code --databases
 * <db> --add-drop-database}: the file starts with {@code DROP DATABASE IF EXISTS}, {@code CREATE
 * DATABASE} and {@code USE}, so a restore recreates the database from scratch — tables created
 * after the dump are gone, not just the dumped tables replaced. This needs the CREATE and DROP
 * privileges on the database (granted by {@code GRANT ALL ON camunda.*}) and always restores into
 * the database of the same name. Not one transaction: a failed restore leaves a partial database;
 * repeat it.
 *
 * <p>Credentials go into a temporary options file (mode 0600, deleted afterwards) passed as the
 * first option {@code --defaults-extra-file}; nothing secret is on the command line.
 */
public final class MariaDbDumper extends NativeToolDumper {

  static final String EXTENSION = "sql";

  public MariaDbDumper(DatabaseConnection connection) {
    this(connection, DumperOptions.defaults());
  }

  public MariaDbDumper(DatabaseConnection connection, DumperOptions options) {
    this(connection, options, DumpWriter.DEFAULT_PARTIAL_FILES);
  }

  MariaDbDumper(DatabaseConnection connection, DumperOptions options, DumpWriter.PartialFileFactory partialFiles) {
    super(connection, DatabaseConnection.Kind.MARIADB, EXTENSION, options, ToolLocator::mariadb, partialFiles);
  }

  @Override
  public DumpResult dump(long backupId, Path directory, BooleanSupplier cancelled) {
    String what = "mariadb-dump of " + connection.describe();
    return DumpWriter.write(directory, fileName(backupId), partialFiles, what, partial -> {
      Path tool = locator.locate("dump MariaDB", "mariadb-dump", "mysqldump");
      Path credentials = writeCredentials();
      try {
        ProcessBuilder builder = dumpProcess(tool, credentials);
        // --result-file, not stdout: the tool then reports a failed write or close of its file
        // (disk full) instead of losing the end of the dump in the exit-time flush of stdout.
        // Right after --defaults-extra-file, which must stay first.
        builder.command().add(2, "--result-file=" + partial);
        ToolRunner.runOrFail(builder, options, connection, tool.getFileName().toString(),
            "check host, port, database name, user and password, the user's SELECT, SHOW VIEW, TRIGGER and LOCK TABLES privileges, and free space in " + directory, cancelled);
      } finally {
        Files.deleteIfExists(credentials);
      }
    });
  }

  @Override
  public void restore(Path dump, BooleanSupplier cancelled) {
    if (!Files.isRegularFile(dump)) {
      throw new DumpVerificationException("dump file " + dump + " does not exist or is not a file");
    }
    Path tool = locator.locate("restore MariaDB", "mariadb", "mysql");
    try {
      Path credentials = writeCredentials();
      try {
        ProcessBuilder builder = restoreProcess(tool, credentials);
        builder.redirectInput(dump.toFile());
        ToolRunner.runOrFail(builder, options, connection, tool.getFileName().toString() + " < " + dump.getFileName(),
            "check host, port, user and password, that the user may drop and create database '" + connection.database()
                + "', and that the file is a complete mariadb-dump; the database may be partly restored, repeat the restore after fixing the cause", cancelled);
      } finally {
        Files.deleteIfExists(credentials);
      }
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot run MariaDB tools for " + connection.describe() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnavailableException("restore of " + connection.describe() + " was interrupted", e);
    }
  }

  /** Parses the dump's INSERT statements: every tuple is a row. */
  @Override
  public Map<String, Long> rowsInDump(Path dump, BooleanSupplier cancelled) {
    try (InputStream in = Files.newInputStream(dump)) {
      return MariaDbInsertRows.count(in);
    } catch (IOException e) {
      throw new DumpVerificationException("cannot count the rows of " + dump + ": " + e.getMessage());
    }
  }

  /** One {@code SELECT COUNT(*)} per table in one {@code mariadb} session; one number per line, in order. */
  @Override
  public Map<String, Long> rowsInDatabase(Collection<String> tables, BooleanSupplier cancelled) {
    if (tables.isEmpty()) {
      return Map.of();
    }
    List<String> ordered = List.copyOf(tables);
    StringBuilder statements = new StringBuilder();
    for (String table : ordered) {
      statements.append("SELECT COUNT(*) FROM ").append(quoteName(connection.database())).append('.').append(quoteName(table)).append(";\n");
    }
    return query("count the rows of the MariaDB database", statements.toString(),
        (builder, tool) -> RowCounts.read(connection, ordered, builder, options, tool + " (counting rows)", cancelled));
  }

  /** A database without the table (nothing was ever exported to it) has no positions: an empty map. */
  @Override
  public java.util.Optional<Map<Integer, Long>> exporterPositions(BooleanSupplier cancelled) {
    String exists = "SELECT COUNT(*) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + connection.database().replace("'", "''")
        + "' AND TABLE_NAME = 'EXPORTER_POSITION'";
    if (query("look for EXPORTER_POSITION in the MariaDB database", exists, (builder, tool) -> RowCounts.read(connection,
        List.of("EXPORTER_POSITION"), builder, options, tool + " (looking for EXPORTER_POSITION)", cancelled)).get("EXPORTER_POSITION") == 0) {
      return java.util.Optional.of(Map.of());
    }
    // Camunda creates the table unquoted, so MariaDB keeps its name in capitals (case-sensitive on Linux)
    String statement = "SELECT CONCAT(PARTITION_ID, ' ', COALESCE(LAST_EXPORTED_POSITION, -1)) FROM "
        + quoteName(connection.database()) + ".EXPORTER_POSITION ORDER BY PARTITION_ID";
    return java.util.Optional.of(query("read the exporter positions of the MariaDB database", statement,
        (builder, tool) -> RowCounts.exporterPositions(connection, builder, options, tool + " (reading EXPORTER_POSITION)", cancelled)));
  }

  /**
   * Runs {@code statements} in one {@code mariadb} session (no column names) and reads its output
   * with {@code read}, given the process and the tool's name; the credentials file lives only as long.
   */
  private <T> T query(String purpose, String statements, java.util.function.BiFunction<ProcessBuilder, String, T> read) {
    try {
      Path tool = locator.locate(purpose, "mariadb", "mysql");
      Path credentials = writeCredentials();
      try {
        ProcessBuilder builder = restoreProcess(tool, credentials);
        builder.command().addAll(List.of("--skip-column-names", "--execute=" + statements));
        return read.apply(builder, tool.getFileName().toString());
      } finally {
        Files.deleteIfExists(credentials);
      }
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot run MariaDB tools for " + connection.describe() + ": " + e, e);
    }
  }

  /** {@code `name`}, a backtick inside doubled. */
  static String quoteName(String name) {
    return "`" + name.replace("`", "``") + "`";
  }

  ProcessBuilder dumpProcess(Path tool, Path credentials) {
    List<String> command = new ArrayList<>(List.of(tool.toString(), "--defaults-extra-file=" + credentials));
    command.addAll(connectionArguments());
    command.addAll(List.of("--single-transaction", "--routines", "--triggers", "--hex-blob", "--no-tablespaces",
        "--add-drop-database", "--databases", connection.database()));
    return new ProcessBuilder(command);
  }

  ProcessBuilder restoreProcess(Path tool, Path credentials) {
    List<String> command = new ArrayList<>(List.of(tool.toString(), "--defaults-extra-file=" + credentials));
    command.addAll(connectionArguments());
    command.addAll(List.of("--connect-timeout=15", "--batch"));
    return new ProcessBuilder(command);
  }

  private List<String> connectionArguments() {
    return List.of("--protocol=TCP", "--host=" + connection.host(), "--port=" + connection.port(),
        "--default-character-set=utf8mb4");
  }

  /** A private [client] options file with user and password; the caller deletes it. */
  Path writeCredentials() throws IOException {
    Path file = Files.createTempFile("camunda-db-", ".cnf",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    String content = "[client]\nuser=" + quote(connection.username()) + "\npassword=" + quote(connection.password()) + "\n";
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  /** Option-file value in double quotes; backslash and quote escaped as the option parser expects. */
  static String quote(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
