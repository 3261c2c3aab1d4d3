package io.camunda.community.backup.testsupport.database;

import io.camunda.community.backup.client.database.DatabaseConnection;
import io.camunda.community.backup.sandbox.SandboxDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private MariaDB server for one test class: {@code mariadb-install-db} into a temp datadir,
 * {@code mariadbd --no-defaults --user=mysql} on a free port bound to 127.0.0.1 with its socket in
 * the temp directory, one database and one application user {@code 'camunda'@'%'} with a password
 * and {@code ALL} on that database (grant tables are on). The OS root user reaches the server's
 * root account through the private socket (unix_socket authentication). {@link #close()} stops
 * the server (SIGTERM, then SIGKILL) and deletes the directory; a shutdown hook does the same.
 */
public final class ThrowawayMariaDb implements AutoCloseable {

  public static final String DATABASE = "camunda";
  public static final String USER = "camunda";
  public static final String PASSWORD = "s3cret-Maria\\pw\"'#;x";

  private final Path base;
  private final Path data;
  private final Path socket;
  private final int port;
  private final Thread shutdownHook;
  private Process server;
  private boolean stopped;

  private ThrowawayMariaDb(Path base, int port) {
    this.base = base;
    this.data = base.resolve("data");
    this.socket = base.resolve("mysqld.sock");
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "throwaway-mariadb-stop");
  }

  public static ThrowawayMariaDb start() {
    try {
      Path base = Files.createTempDirectory("throwaway-mariadb-");
      Processes.chown(base, "mysql", "mysql");
      ThrowawayMariaDb db = new ThrowawayMariaDb(base, Processes.freePort());
      Runtime.getRuntime().addShutdownHook(db.shutdownHook);
      try {
        db.installAndStart();
      } catch (RuntimeException e) {
        db.close();
        throw e;
      }
      return db;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void installAndStart() throws IOException {
    Processes.run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=mysql",
        "--skip-test-db", "--skip-name-resolve", "--auth-root-authentication-method=socket"), null);
    server = new ProcessBuilder("mariadbd", "--no-defaults", "--datadir=" + data, "--user=mysql",
        "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + socket, "--pid-file=" + base.resolve("mysqld.pid"),
        "--skip-name-resolve", "--skip-log-bin", "--innodb-buffer-pool-size=128M", "--innodb-log-file-size=64M",
        "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0", "--max-allowed-packet=64M",
        "--log-error=" + base.resolve("error.log"))
        .redirectOutput(base.resolve("stdout.log").toFile())
        .redirectErrorStream(true)
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      if (!server.isAlive()) {
        throw new IllegalStateException("mariadbd exited with " + server.exitValue() + ": " + readLog());
      }
      if (Processes.exec(rootClient(null), "SELECT 1", 10).exitCode() == 0) {
        break;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("mariadbd did not accept connections within 60 s: " + readLog());
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    String pw = PASSWORD.replace("\\", "\\\\").replace("'", "\\'");
    rootSql("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4;"
        + "CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + pw + "';"
        + "GRANT ALL PRIVILEGES ON " + DATABASE + ".* TO '" + USER + "'@'%';");
  }

  private String readLog() {
    try {
      return Files.readString(base.resolve("error.log"));
    } catch (IOException e) {
      return "(no error.log)";
    }
  }

  private List<String> rootClient(String database) {
    return database == null
        ? List.of("mariadb", "--no-defaults", "--socket=" + socket, "--user=root", "--batch", "--skip-column-names")
        : List.of("mariadb", "--no-defaults", "--socket=" + socket, "--user=root", "--batch", "--skip-column-names", database);
  }

  public DatabaseConnection connection() {
    return new DatabaseConnection(DatabaseConnection.Kind.MARIADB, "127.0.0.1", port, DATABASE, USER, PASSWORD);
  }

  /** JDBC access to the test database as the application user, for a sandbox cluster on RDBMS. */
  public SandboxDatabase sandboxDatabase() {
    return new SandboxDatabase("jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE + "?connectTimeout=5000&socketTimeout=30000", USER, PASSWORD);
  }

  public int port() {
    return port;
  }

  /** Runs SQL as root in the test database; returns tab-separated output without headers. */
  public String sql(String sql) {
    return Processes.run(rootClient(DATABASE), sql);
  }

  /** Runs SQL as the application user over TCP (password via MYSQL_PWD) in the test database. */
  public String appSql(String sql) {
    return Processes.run(List.of("mariadb", "--no-defaults", "--protocol=TCP", "--host=127.0.0.1", "--port=" + port,
        "--user=" + USER, "--batch", "--skip-column-names", DATABASE), java.util.Map.of("MYSQL_PWD", PASSWORD), sql);
  }

  public String rootSql(String sql) {
    return Processes.run(rootClient(null), sql);
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
    if (server != null && server.isAlive()) {
      server.destroy();
      try {
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
          server.destroyForcibly();
          server.waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        server.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    Processes.deleteRecursively(base);
  }
}
