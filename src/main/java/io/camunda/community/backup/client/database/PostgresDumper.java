package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * PostgreSQL dumps with {@code pg_dump -Fc --no-owner} and restores with {@code pg_restore}.
 *
 * <p>Restore first empties the database of everything the connecting user owns outside the
 * system schemas (tables, views, sequences, routines; one {@code psql} statement in one
 * transaction), then runs {@code pg_restore --clean --if-exists --no-owner --no-privileges
 * --single-transaction --exit-on-error}. Why empty first: {@code --clean} only drops the objects
 * that are in the dump, so tables a newer Camunda schema added after the dump would survive
 * next to an older Liquibase changelog and break the next migration. Why not {@code DROP OWNED}:
 * it also revokes privileges granted to the user (CREATE on schema public), which would make the
 * restore fail. Why not {@code DROP DATABASE}: the Camunda user usually may not, and other
 * sessions would block it. The restore itself is one transaction: it applies completely or not at
 * all (after a failed restore the database is empty, and the restore can simply be repeated).
 * Objects are owned by the restoring user; grants to other roles are not restored.
 *
 * <p>The password reaches the tools only through the child's {@code PGPASSWORD} environment
 * variable; {@code -w} makes them fail instead of prompting when it is wrong.
 */
public final class PostgresDumper extends NativeToolDumper {

  static final String EXTENSION = "pgdump";

  static final String EMPTY_DATABASE_SQL = """
      DO $$
      DECLARE r record;
      BEGIN
        FOR r IN
          SELECT format('DROP %s IF EXISTS %I.%I CASCADE',
                   CASE c.relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW'
                     WHEN 'S' THEN 'SEQUENCE' WHEN 'f' THEN 'FOREIGN TABLE' ELSE 'TABLE' END,
                   n.nspname, c.relname) AS stmt
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
            AND NOT c.relispartition
            AND pg_get_userbyid(c.relowner) = current_user
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                            AND d.objid = c.oid AND d.deptype IN ('e', 'a', 'i'))
            AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_%'
          ORDER BY c.relkind DESC
        LOOP
          EXECUTE r.stmt;
        END LOOP;
        FOR r IN
          SELECT format('DROP ROUTINE IF EXISTS %s CASCADE', p.oid::regprocedure) AS stmt
          FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE pg_get_userbyid(p.proowner) = current_user
            AND p.prokind IN ('f', 'p')
            AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                            AND d.objid = p.oid AND d.deptype = 'e')
            AND n.nspname NOT IN ('pg_catalog', 'information_schema')
            AND n.nspname NOT LIKE 'pg\\_%'
        LOOP
          EXECUTE r.stmt;
        END LOOP;
      END $$;
      """;

  public PostgresDumper(DatabaseConnection connection) {
    this(connection, DumperOptions.defaults());
  }

  public PostgresDumper(DatabaseConnection connection, DumperOptions options) {
    this(connection, options, DumpWriter.DEFAULT_PARTIAL_FILES);
  }

  PostgresDumper(DatabaseConnection connection, DumperOptions options, DumpWriter.PartialFileFactory partialFiles) {
    super(connection, DatabaseConnection.Kind.POSTGRESQL, EXTENSION, options, ToolLocator::postgres, partialFiles);
  }

  @Override
  public DumpResult dump(long backupId, Path directory, BooleanSupplier cancelled) {
    String what = "pg_dump of " + connection.describe();
    return DumpWriter.write(directory, fileName(backupId), partialFiles, what, partial -> {
      ProcessBuilder builder = dumpProcess(locator.locate("dump PostgreSQL", "pg_dump"));
      // --file, not stdout: pg_dump checks closing a file it opened, but not the exit-time flush
      // of stdout, so the end of a dump lost to a full disk could otherwise pass as exit code 0
      builder.command().add("--file=" + partial);
      ToolRunner.runOrFail(builder, options, connection, "pg_dump", "check host, port, database name, user and password, that the user may read every table, and free space in " + directory, cancelled);
    });
  }

  @Override
  public void restore(Path dump, BooleanSupplier cancelled) {
    if (!Files.isRegularFile(dump)) {
      throw new DumpVerificationException("dump file " + dump + " does not exist or is not a file");
    }
    Path psql = locator.locate("empty the PostgreSQL database before a restore", "psql");
    Path pgRestore = locator.locate("restore PostgreSQL", "pg_restore");
    try {
      ToolRunner.runOrFail(emptyProcess(psql), options, connection, "psql (emptying before restore)",
          "check host, port, database name, user and password, and that the user owns the Camunda tables", cancelled);
      ToolRunner.runOrFail(restoreProcess(pgRestore, dump), options, connection, "pg_restore of " + dump.getFileName(),
          "check that the file is a pg_dump -Fc dump, that pg_restore is at least the dump's version, and that the user may create tables in the database; the database was emptied, repeat the restore after fixing the cause", cancelled);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot run PostgreSQL tools for " + connection.describe() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnavailableException("restore of " + connection.describe() + " was interrupted", e);
    }
  }

  /** Reads the dump's data with {@code pg_restore --data-only --file=-} (no database involved) and counts each table's COPY lines. */
  @Override
  public Map<String, Long> rowsInDump(Path dump, BooleanSupplier cancelled) {
    Path pgRestore = locator.locate("count the rows of a PostgreSQL dump", "pg_restore");
    Map<String, Long> rows = new LinkedHashMap<>();
    try {
      ProcessBuilder builder = new ProcessBuilder(pgRestore.toString(), "--data-only", "--file=-", dump.toString());
      ToolRunner.runOrFail(builder, options, connection, "pg_restore --data-only of " + dump.getFileName(),
          "check that the file is a complete pg_dump -Fc dump and that pg_restore is at least the dump's version", cancelled,
          stdout -> rows.putAll(PostgresCopyRows.count(stdout)));
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot count the rows of " + dump + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnavailableException("counting the rows of " + dump + " was interrupted", e);
    }
    return rows;
  }

  /** One {@code SELECT count(*)} per table, in one {@code psql} session; one number per line, in order. */
  @Override
  public Map<String, Long> rowsInDatabase(Collection<String> tables, BooleanSupplier cancelled) {
    if (tables.isEmpty()) {
      return Map.of();
    }
    List<String> ordered = List.copyOf(tables);
    List<String> command = new ArrayList<>(List.of(locator.locate("count the rows of the PostgreSQL database", "psql").toString(),
        "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1"));
    command.addAll(connectionArguments());
    for (String table : ordered) {
      command.addAll(List.of("--command", "SELECT count(*) FROM " + PostgresCopyRows.tableOf("COPY " + table + " FROM stdin;")));
    }
    return RowCounts.read(connection, ordered, withPassword(new ProcessBuilder(command)), options, "psql (counting rows)", cancelled);
  }

  /** A database without the table (nothing was ever exported to it) has no positions: an empty map. */
  @Override
  public java.util.Optional<Map<Integer, Long>> exporterPositions(BooleanSupplier cancelled) {
    String tool = locator.locate("read the exporter positions of the PostgreSQL database", "psql").toString();
    List<String> exists = new ArrayList<>(List.of(tool, "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1"));
    exists.addAll(connectionArguments());
    exists.addAll(List.of("--command", "SELECT count(*) FROM pg_catalog.pg_tables WHERE tablename = 'exporter_position'"
        + " AND schemaname = ANY (current_schemas(false))"));
    if (RowCounts.read(connection, List.of("exporter_position"), withPassword(new ProcessBuilder(exists)), options,
        "psql (looking for EXPORTER_POSITION)", cancelled).get("exporter_position") == 0) {
      return java.util.Optional.of(Map.of());
    }
    List<String> command = new ArrayList<>(List.of(tool, "--no-psqlrc", "--quiet", "--tuples-only", "--no-align", "--set=ON_ERROR_STOP=1"));
    command.addAll(connectionArguments());
    command.addAll(List.of("--command", EXPORTER_POSITIONS_SQL));
    return java.util.Optional.of(RowCounts.exporterPositions(connection, withPassword(new ProcessBuilder(command)), options,
        "psql (reading EXPORTER_POSITION)", cancelled));
  }

  /** Camunda's table, created unquoted: PostgreSQL folds its names to lower case. */
  static final String EXPORTER_POSITIONS_SQL =
      "SELECT partition_id || ' ' || COALESCE(last_exported_position, -1) FROM exporter_position ORDER BY partition_id";

  ProcessBuilder dumpProcess(Path pgDump) {
    List<String> command = new ArrayList<>(List.of(pgDump.toString(), "--format=custom", "--no-owner"));
    command.addAll(connectionArguments());
    return withPassword(new ProcessBuilder(command));
  }

  ProcessBuilder emptyProcess(Path psql) {
    List<String> command = new ArrayList<>(List.of(psql.toString(), "--no-psqlrc", "--quiet", "--set=ON_ERROR_STOP=1"));
    command.addAll(connectionArguments());
    command.addAll(List.of("--command", EMPTY_DATABASE_SQL));
    return withPassword(new ProcessBuilder(command));
  }

  ProcessBuilder restoreProcess(Path pgRestore, Path dump) {
    List<String> command = new ArrayList<>(List.of(pgRestore.toString(), "--clean", "--if-exists", "--no-owner",
        "--no-privileges", "--single-transaction", "--exit-on-error"));
    command.addAll(connectionArguments());
    command.add(dump.toString());
    return withPassword(new ProcessBuilder(command));
  }

  private List<String> connectionArguments() {
    return List.of("--host", connection.host(), "--port", Integer.toString(connection.port()),
        "--username", connection.username(), "--dbname", connection.database(), "--no-password");
  }

  private ProcessBuilder withPassword(ProcessBuilder builder) {
    Map<String, String> env = builder.environment();
    env.remove("PGPASSFILE");
    env.remove("PGSERVICE");
    env.put("PGPASSWORD", connection.password());
    env.putIfAbsent("PGCONNECT_TIMEOUT", "15");
    return builder;
  }
}
