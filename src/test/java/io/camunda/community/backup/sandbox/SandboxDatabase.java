package io.camunda.community.backup.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Objects;

/**
 * The relational database a cluster started with {@link SandboxCamundaCluster#startWithDatabase}
 * exports to, as Camunda 8.9+ keeps Operate/Tasklist data on RDBMS secondary storage instead of
 * OpenSearch. {@link #toString()} masks the password, so the record may be logged.
 *
 * @param jdbcUrl {@code jdbc:postgresql://...} or {@code jdbc:mariadb://...}
 */
public record SandboxDatabase(String jdbcUrl, String username, String password) {

  public SandboxDatabase {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(username, "username");
    password = password == null ? "" : password;
  }

  /** A new connection, which the caller closes. */
  public Connection open() throws SQLException {
    return DriverManager.getConnection(jdbcUrl, username, password);
  }

  @Override
  public String toString() {
    return "SandboxDatabase[jdbcUrl=" + jdbcUrl + ", username=" + username + ", password="
        + (password.isEmpty() ? "" : "****") + "]";
  }
}
