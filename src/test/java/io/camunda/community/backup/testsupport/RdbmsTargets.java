package io.camunda.community.backup.testsupport;

import io.camunda.community.backup.sandbox.SandboxCamundaCluster;
import io.camunda.community.backup.sandbox.SandboxDatabase;
import io.camunda.community.backup.sandbox.SandboxOptions;
import io.camunda.community.backup.testsupport.database.ThrowawayMariaDb;
import io.camunda.community.backup.testsupport.database.ThrowawayPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sandbox Camunda 8.9 cluster on RDBMS secondary storage: a throwaway PostgreSQL or MariaDB
 * server (started by the test JVM on loopback) that the sandbox's exporter writes to, the
 * sandbox's management API, a Zeebe backup store and a dump directory, and the {@code
 * backup-orchestrator.clusters[i].*} properties that name it. One per vendor and JVM.
 */
public final class RdbmsTargets {

  public enum Vendor {
    POSTGRESQL,
    MARIADB
  }

  /** RDBMS secondary storage exists from Camunda 8.9 on. */
  public static final String VERSION = "8.9.0";

  private static final Map<Vendor, RdbmsTargets> STARTED = new java.util.EnumMap<>(Vendor.class);

  private final Vendor vendor;
  private final int port;
  private final String password;
  private final Path binDirectory;
  private final SandboxDatabase database;
  private final SandboxCamundaCluster cluster;
  private final Path dumpDirectory;
  private final String databaseName;

  private RdbmsTargets(Vendor vendor, int port, String password, Path binDirectory, SandboxDatabase database) {
    this(vendor, port, password, binDirectory, database, "camunda", null, null);
  }

  /** {@code store}, {@code dumpDirectory}: null for new, empty ones. */
  private RdbmsTargets(Vendor vendor, int port, String password, Path binDirectory, SandboxDatabase database, String databaseName,
      Path store, Path dumpDirectory) {
    this.vendor = vendor;
    this.port = port;
    this.password = password;
    this.binDirectory = binDirectory;
    this.database = database;
    this.databaseName = databaseName;
    try {
      this.dumpDirectory = dumpDirectory != null ? dumpDirectory : Files.createTempDirectory("camunda-dumps-" + vendor.name().toLowerCase());
      Path backupStore = store != null ? store : Files.createTempDirectory("zeebe-backup-store-" + vendor.name().toLowerCase());
      this.cluster = SandboxCamundaCluster.startWithDatabase(database, backupStore,
          SandboxOptions.defaults().withCamundaVersion(VERSION).withRecordsPerTick(0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
  }

  private static ThrowawayPostgres postgres;
  private static RdbmsTargets postgresScratch;

  /**
   * A scratch installation for drills of {@link #shared(Vendor) shared(POSTGRESQL)}: its own
   * database ({@code camunda_drill}) on the same server, brokers reading the source's Zeebe backup
   * store, and the source's dump directory (a drill target reads {@code <dump-directory>/<source>}).
   */
  public static synchronized RdbmsTargets postgresDrillScratch() {
    RdbmsTargets source = shared(Vendor.POSTGRESQL);
    if (postgresScratch == null) {
      postgres.superuserSql("postgres", "CREATE DATABASE camunda_drill OWNER " + ThrowawayPostgres.USER);
      SandboxDatabase scratch = new SandboxDatabase(source.database.jdbcUrl().replace("/" + source.databaseName + "?", "/camunda_drill?"),
          source.database.username(), source.database.password());
      postgresScratch = new RdbmsTargets(Vendor.POSTGRESQL, source.port, source.password, source.binDirectory, scratch, "camunda_drill",
          source.cluster.backupStore(), source.dumpDirectory);
    }
    return postgresScratch;
  }

  private static final Map<String, RdbmsTargets> CONTINUOUS = new java.util.HashMap<>();

  /**
   * A Camunda 8.9 cluster with continuous backups on (Zeebe generates its backup ids and reports
   * its backup ranges), on its own database ({@code camunda_<name>}) of the shared PostgreSQL
   * server, with its own Zeebe backup store and dump directory: one per {@code name}, so that a
   * test that cuts a range in two leaves no gap in another test's cluster.
   */
  public static synchronized RdbmsTargets postgresContinuous(String name) {
    return continuous(Vendor.POSTGRESQL, name);
  }

  /** {@link #postgresContinuous(String)} on the shared server of {@code vendor}. */
  public static synchronized RdbmsTargets continuous(Vendor vendor, String name) {
    RdbmsTargets source = shared(vendor);
    return CONTINUOUS.computeIfAbsent(name, key -> {
      String database = "camunda_" + key.replace('-', '_');
      if (vendor == Vendor.POSTGRESQL) {
        postgres.superuserSql("postgres", "CREATE DATABASE " + database + " OWNER " + ThrowawayPostgres.USER);
      } else {
        mariaDb.rootSql("CREATE DATABASE " + database + " CHARACTER SET utf8mb4; GRANT ALL PRIVILEGES ON " + database + ".* TO '"
            + ThrowawayMariaDb.USER + "'@'%';");
      }
      SandboxDatabase own = new SandboxDatabase(source.database.jdbcUrl().replace("/" + source.databaseName + "?", "/" + database + "?"),
          source.database.username(), source.database.password());
      RdbmsTargets continuous = new RdbmsTargets(vendor, source.port, source.password, source.binDirectory, own, database,
          null, null);
      continuous.cluster.continuousBackups(true);
      return continuous;
    });
  }

  private static ThrowawayMariaDb mariaDbScratchServer;
  private static ThrowawayMariaDb mariaDb;

  /**
   * A scratch installation for drills of {@link #shared(Vendor) shared(MARIADB)}: a MariaDB server
   * of its own with a database of the source's name ({@code camunda}: a mariadb-dump file
   * recreates the database it was taken from), brokers reading the source's Zeebe backup store,
   * and the source's dump directory. {@link #closeMariaDbDrillScratch()} stops it.
   */
  public static synchronized RdbmsTargets mariaDbDrillScratch() {
    RdbmsTargets source = shared(Vendor.MARIADB);
    mariaDbScratchServer = ThrowawayMariaDb.start();
    return new RdbmsTargets(Vendor.MARIADB, mariaDbScratchServer.port(), ThrowawayMariaDb.PASSWORD, null,
        mariaDbScratchServer.sandboxDatabase(), ThrowawayMariaDb.DATABASE, source.cluster.backupStore(), source.dumpDirectory);
  }

  public static synchronized void closeMariaDbDrillScratch(RdbmsTargets scratch) {
    scratch.cluster.close();
    if (mariaDbScratchServer != null) {
      mariaDbScratchServer.close();
      mariaDbScratchServer = null;
    }
  }

  public static synchronized RdbmsTargets shared(Vendor vendor) {
    return STARTED.computeIfAbsent(vendor, v -> switch (v) {
      case POSTGRESQL -> {
        ThrowawayPostgres pg = ThrowawayPostgres.start();
        postgres = pg;
        yield new RdbmsTargets(v, pg.port(), ThrowawayPostgres.PASSWORD, ThrowawayPostgres.binDirectory(), pg.sandboxDatabase());
      }
      case MARIADB -> {
        ThrowawayMariaDb maria = ThrowawayMariaDb.start();
        mariaDb = maria;
        yield new RdbmsTargets(v, maria.port(), ThrowawayMariaDb.PASSWORD, null, maria.sandboxDatabase());
      }
    });
  }

  public Vendor vendor() {
    return vendor;
  }

  public SandboxCamundaCluster cluster() {
    return cluster;
  }

  public String password() {
    return password;
  }

  /** Where the orchestrator writes the dumps of the cluster called {@code clusterName}. */
  public Path dumpDirectory(String clusterName) {
    return dumpDirectory.resolve(clusterName);
  }

  /**
   * A cluster on this sandbox with RDBMS storage, restorable in manual mode, retention off;
   * {@code overrides} are relative to the cluster's property prefix.
   */
  public Map<String, String> clusterProperties(int index, String name, Map<String, String> overrides) {
    String p = "backup-orchestrator.clusters[" + index + "].";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(p + "name", name);
    properties.put(p + "management-url", cluster.managementUrl());
    properties.put(p + "max-exporting-pause", "PT60S");
    properties.put(p + "poll-interval", "PT0.2S");
    properties.put(p + "timeouts.request", "PT2S");
    properties.put(p + "timeouts.zeebe-backup", "PT30S");
    properties.put(p + "secondary-storage.type", "rdbms");
    String db = p + "secondary-storage.database.";
    properties.put(db + "vendor", vendor.name().toLowerCase());
    properties.put(db + "host", "127.0.0.1");
    properties.put(db + "port", Integer.toString(port));
    properties.put(db + "name", databaseName);
    properties.put(db + "username", "camunda");
    properties.put(db + "password", password);
    properties.put(db + "dump-directory", dumpDirectory.toString());
    if (binDirectory != null) {
      properties.put(db + "bin-directory", binDirectory.toString());
    }
    properties.put(db + "tool-timeout", "PT2M");
    properties.put(p + "retention.enabled", "false");
    properties.put(p + "restore.camunda-version", VERSION);
    properties.put(p + "restore.partition-count", "3");
    properties.put(p + "restore.broker-count", "1");
    properties.put(p + "restore.components-timeout", "PT30S");
    overrides.forEach((k, v) -> properties.put(p + k, v));
    return properties;
  }

  /** An empty directory: a dump tool looked up there is missing. */
  public static String emptyToolDirectory() {
    try {
      return Files.createTempDirectory("no-tools").toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A tool directory whose {@code pg_dump} is the real one writing its {@code --file} to {@code
   * /dev/full}: every write fails with ENOSPC ("No space left on device"), as on a full disk.
   */
  public static String diskFullToolDirectory() {
    return pgDumpWrapper("disk-full-tools", """
        args=()
        for arg in "$@"; do [[ $arg == --file=* ]] && arg=--file=/dev/full; args+=("$arg"); done
        exec %s "${args[@]}"
        """.formatted(realPgDump()));
  }

  /**
   * A tool directory whose {@code pg_dump} announces itself by creating {@code started} in
   * {@code gate} (after writing its process ID to {@code pid} there), then waits until the test
   * creates {@code open} there before running the real one (same process): a dump that takes as
   * long as the test wants.
   */
  public static String gatedToolDirectory(Path gate) {
    return pgDumpWrapper("gated-tools", """
        echo $$ > '%1$s/pid'
        touch '%1$s/started'
        while [[ ! -e '%1$s/open' ]]; do sleep 0.1; done
        exec %2$s "$@"
        """.formatted(gate, realPgDump()));
  }

  private static Path realPgDump() {
    return ThrowawayPostgres.binDirectory().resolve("pg_dump");
  }

  /**
   * A new tool directory holding a {@code pg_dump} bash script with this body, and the real {@code
   * pg_restore} and {@code psql} (a dump is read back with pg_restore to count its rows).
   */
  private static String pgDumpWrapper(String prefix, String body) {
    try {
      Path directory = Files.createTempDirectory(prefix);
      Path script = directory.resolve("pg_dump");
      Files.writeString(script, "#!/bin/bash\n" + body);
      script.toFile().setExecutable(true);
      for (String tool : List.of("pg_restore", "psql")) {
        Files.createSymbolicLink(directory.resolve(tool), ThrowawayPostgres.binDirectory().resolve(tool));
      }
      return directory.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Another database on this target's server ({@link #shared(Vendor)} only), owned by the same
   * user, for a cluster's {@code additional-databases}: created once, kept for the JVM.
   */
  public synchronized RdbmsTargets.Additional additionalDatabase(String name) {
    return additional.computeIfAbsent(name, n -> {
      switch (vendor) {
        case POSTGRESQL -> postgres.superuserSql("postgres", "CREATE DATABASE " + n + " OWNER " + ThrowawayPostgres.USER);
        case MARIADB -> mariaDb.rootSql("CREATE DATABASE " + n + " CHARACTER SET utf8mb4;"
            + "GRANT ALL PRIVILEGES ON " + n + ".* TO '" + ThrowawayMariaDb.USER + "'@'%';");
      }
      SandboxDatabase other = new SandboxDatabase(database.jdbcUrl().replace("/" + databaseName + "?", "/" + n + "?"),
          database.username(), database.password());
      return new Additional(this, n, other);
    });
  }

  private final Map<String, Additional> additional = new java.util.HashMap<>();

  /** A database of {@link #additionalDatabase(String)}: its properties and SQL access. */
  public static final class Additional {
    private final RdbmsTargets server;
    private final String name;
    private final SandboxDatabase database;
    private final Path dumpDirectory;

    private Additional(RdbmsTargets server, String name, SandboxDatabase database) {
      this.server = server;
      this.name = name;
      this.database = database;
      try {
        this.dumpDirectory = Files.createTempDirectory("additional-dumps-" + name);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** {@code additional-databases[index].*} of a cluster (relative to its prefix), for part {@code part}. */
    public Map<String, String> properties(int index, String part) {
      String p = "additional-databases[" + index + "].";
      Map<String, String> properties = new LinkedHashMap<>();
      properties.put(p + "part", part);
      String db = p + "database.";
      properties.put(db + "vendor", server.vendor.name().toLowerCase());
      properties.put(db + "host", "127.0.0.1");
      properties.put(db + "port", Integer.toString(server.port));
      properties.put(db + "name", name);
      properties.put(db + "username", "camunda");
      properties.put(db + "password", server.password);
      properties.put(db + "dump-directory", dumpDirectory.toString());
      if (server.binDirectory != null) {
        properties.put(db + "bin-directory", server.binDirectory.toString());
      }
      properties.put(db + "tool-timeout", "PT2M");
      return properties;
    }

    /** Where the dumps of this database go for {@code cluster}'s part {@code part}. */
    public Path dumpDirectory(String cluster, String part) {
      return dumpDirectory.resolve(cluster).resolve(part);
    }

    public void execute(String... statements) {
      RdbmsTargets.execute(database, statements);
    }

    public List<String> rows(String query) {
      return RdbmsTargets.rows(database, query);
    }
  }

  /** Runs statements as the application user, in one transaction. */
  public void execute(String... statements) {
    execute(database, statements);
  }

  private static void execute(SandboxDatabase database, String... statements) {
    try (Connection connection = database.open(); Statement statement = connection.createStatement()) {
      connection.setAutoCommit(false);
      for (String sql : statements) {
        statement.execute(sql);
      }
      connection.commit();
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
    }
  }

  /** The rows of a query, each row's columns joined with '|'. */
  public List<String> rows(String query) {
    return rows(database, query);
  }

  private static List<String> rows(SandboxDatabase database, String query) {
    try (Connection connection = database.open(); Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery(query)) {
      int columns = result.getMetaData().getColumnCount();
      List<String> rows = new ArrayList<>();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
          values.add(String.valueOf(result.getObject(i)));
        }
        rows.add(String.join("|", values));
      }
      return rows;
    } catch (SQLException e) {
      throw new IllegalStateException("SQL failed on " + database + ": " + e.getMessage(), e);
    }
  }

  /** The single number a query returns. */
  public long number(String query) {
    return Long.parseLong(rows(query).getFirst().replace("null", "-1"));
  }
}
