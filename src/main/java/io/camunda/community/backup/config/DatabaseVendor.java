package io.camunda.community.backup.config;

/** The relational database behind an RDBMS secondary storage, which decides the dump tool. */
public enum DatabaseVendor {
  /** {@code pg_dump -Fc} and {@code pg_restore}. */
  POSTGRESQL(5432),
  /** {@code mariadb-dump --single-transaction} and {@code mariadb}. */
  MARIADB(3306, true),
  /** MySQL: the same tools (falling back to {@code mysqldump} and {@code mysql}). */
  MYSQL(3306, true),
  /** Anything else (Oracle RMAN, SQL Server, ...): the configured {@code command}. */
  COMMAND(0);

  private final int defaultPort;
  private final boolean dumpNamesItsDatabase;

  DatabaseVendor(int defaultPort) {
    this(defaultPort, false);
  }

  DatabaseVendor(int defaultPort, boolean dumpNamesItsDatabase) {
    this.defaultPort = defaultPort;
    this.dumpNamesItsDatabase = dumpNamesItsDatabase;
  }

  /**
   * Whether a dump restores into the database it was taken from, whatever database the restoring
   * connection names: {@code mariadb-dump --databases} writes {@code DROP DATABASE}, {@code CREATE
   * DATABASE} and {@code USE} with the dumped database's name. A drill target of such a vendor must
   * then be another server with a database of the source's name.
   */
  public boolean dumpNamesItsDatabase() {
    return dumpNamesItsDatabase;
  }

  public int defaultPort() {
    return defaultPort;
  }
}
