package io.camunda.community.backup.client.database;

import java.util.Objects;

/**
 * Where the Camunda secondary-storage database lives and how to log in. The password only ever
 * reaches a child process through its environment or a private (0600) options file, never its
 * command line, and {@link #toString()} masks it.
 */
public record DatabaseConnection(
    Kind kind, String host, int port, String database, String username, String password) {

  public enum Kind {
    POSTGRESQL,
    MARIADB
  }

  public DatabaseConnection {
    Objects.requireNonNull(kind, "kind");
    requireText(host, "host");
    requireText(database, "database");
    requireText(username, "username");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
    }
    password = password == null ? "" : password;
  }

  /** The same connection for another kind of database. */
  public DatabaseConnection withKind(Kind newKind) {
    return new DatabaseConnection(newKind, host, port, database, username, password);
  }

  /** "PostgreSQL database 'camunda' at db:5432 as user 'camunda'", for error messages. */
  public String describe() {
    String vendor = kind == Kind.POSTGRESQL ? "PostgreSQL" : "MariaDB";
    return vendor + " database '" + database + "' at " + host + ":" + port + " as user '" + username + "'";
  }

  @Override
  public String toString() {
    return "DatabaseConnection[kind=" + kind + ", host=" + host + ", port=" + port + ", database="
        + database + ", username=" + username + ", password=" + (password.isEmpty() ? "" : "****") + "]";
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }
}
