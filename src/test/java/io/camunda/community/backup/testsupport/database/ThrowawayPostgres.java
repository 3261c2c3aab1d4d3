package io.camunda.community.backup.testsupport.database;

import io.camunda.community.backup.client.database.DatabaseConnection;
import io.camunda.community.backup.sandbox.SandboxDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A private PostgreSQL server for one test class: {@code initdb} (as the postgres OS user, tests
 * run as root) into a temp directory owned by postgres, {@code pg_ctl start} on a free port bound
 * to 127.0.0.1 with the socket in that directory, scram-sha-256 password authentication over TCP,
 * one database owned by one application user with a password. The superuser is reached only
 * through the private Unix socket (trust). {@link #close()} stops the server ({@code -m
 * immediate}) and deletes the directory; a shutdown hook does the same if a test forgets.
 */
public final class ThrowawayPostgres implements AutoCloseable {

  public static final String DATABASE = "camunda";
  public static final String USER = "camunda";
  public static final String PASSWORD = "s3cret-Pg:pw'\"x";

  private final Path bin;
  private final Path base;
  private final Path data;
  private final int port;
  private final Thread shutdownHook;
  private boolean stopped;

  private ThrowawayPostgres(Path bin, Path base, int port) {
    this.bin = bin;
    this.base = base;
    this.data = base.resolve("data");
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "throwaway-postgres-stop");
  }

  public static ThrowawayPostgres start() {
    Path bin = binDirectory();
    try {
      Path base = Files.createTempDirectory("throwaway-pg-");
      Processes.chown(base, "postgres", "postgres");
      ThrowawayPostgres pg = new ThrowawayPostgres(bin, base, Processes.freePort());
      Runtime.getRuntime().addShutdownHook(pg.shutdownHook);
      try {
        pg.initAndStart();
      } catch (RuntimeException e) {
        pg.close();
        throw e;
      }
      return pg;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Newest installed /usr/lib/postgresql/<v>/bin that has initdb. */
  public static Path binDirectory() {
    Path root = Path.of("/usr/lib/postgresql");
    try (Stream<Path> versions = Files.list(root)) {
      return versions.map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .max(Comparator.comparingInt(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D.*", ""))))
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL server in /usr/lib/postgresql: apt-get install postgresql-15"));
    } catch (IOException e) {
      throw new IllegalStateException("no PostgreSQL server in /usr/lib/postgresql: apt-get install postgresql-15", e);
    }
  }

  private void initAndStart() {
    asPostgres(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres",
        "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"));
    asPostgres(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l", base.resolve("server.log").toString(),
        "-w", "-t", "60", "-o",
        "-c listen_addresses=127.0.0.1 -p " + port + " -k " + base
            + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c password_encryption=scram-sha-256",
        "start"));
    superuserSql("postgres", "CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD.replace("'", "''") + "'");
    superuserSql("postgres", "CREATE DATABASE " + DATABASE + " OWNER " + USER);
  }

  public DatabaseConnection connection() {
    return new DatabaseConnection(DatabaseConnection.Kind.POSTGRESQL, "127.0.0.1", port, DATABASE, USER, PASSWORD);
  }

  /** JDBC access to the test database as the application user, for a sandbox cluster on RDBMS. */
  public SandboxDatabase sandboxDatabase() {
    return new SandboxDatabase("jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE + "?connectTimeout=5&socketTimeout=30", USER, PASSWORD);
  }

  public int port() {
    return port;
  }

  /** Runs SQL as the application user (over the socket) in the test database; returns unaligned output. */
  public String sql(String sql) {
    return psql(USER, DATABASE, sql);
  }

  public String superuserSql(String database, String sql) {
    return psql("postgres", database, sql);
  }

  private String psql(String user, String database, String sql) {
    List<String> command = new ArrayList<>(List.of(bin.resolve("psql").toString(), "-X", "-q", "-A", "-t",
        "-v", "ON_ERROR_STOP=1", "-h", base.toString(), "-p", Integer.toString(port), "-U", user, "-d", database));
    return Processes.run(command, sql);
  }

  private static void asPostgres(List<String> command) {
    List<String> full = new ArrayList<>(List.of("runuser", "-u", "postgres", "--"));
    full.addAll(command);
    Processes.run(full, null);
  }

  @Override
  public synchronized void close() {
    stopQuietly();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException ignored) {
      // JVM already shutting down
    }
  }

  private synchronized void stopQuietly() {
    if (stopped) {
      return;
    }
    stopped = true;
    if (Files.exists(data.resolve("postmaster.pid"))) {
      Processes.exec(List.of("runuser", "-u", "postgres", "--", bin.resolve("pg_ctl").toString(), "-D", data.toString(),
          "-m", "immediate", "-w", "-t", "30", "stop"), null, 60);
    }
    Processes.deleteRecursively(base);
  }
}
