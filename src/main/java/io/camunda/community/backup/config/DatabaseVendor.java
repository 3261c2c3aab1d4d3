package io.camunda.community.backup.config;

/** The relational database behind an RDBMS secondary storage, which decides the dump tool. */
public enum DatabaseVendor {
  /** {@code pg_dump -Fc} and {@code pg_restore}. */
  POSTGRESQL(5432),
  /** {@code mariadb-dump --single-transaction} and {@code mariadb}. */
  MARIADB(3306),
  /** MySQL: the same tools (falling back to {@code mysqldump} and {@code mysql}). */
  MYSQL(3306),
  /** Anything else (Oracle RMAN, SQL Server, ...): the configured {@code command}. */
  COMMAND(0);

  private final int defaultPort;

  DatabaseVendor(int defaultPort) {
    this.defaultPort = defaultPort;
  }

  public int defaultPort() {
    return defaultPort;
  }
}
