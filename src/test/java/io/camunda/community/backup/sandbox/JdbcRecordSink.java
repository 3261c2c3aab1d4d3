package io.camunda.community.backup.sandbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Camunda 8.9+'s RDBMS exporter in miniature: records go to {@code zeebe_record}, the
 * acknowledged exported positions to Camunda's {@code EXPORTER_POSITION}, in
 * one transaction per batch, so the table never claims a position whose records did not land.
 *
 * <p>A database restore (pg_restore, {@code mariadb < dump}) drops and recreates tables while the
 * components are stopped, so nothing is held between batches: each batch opens a connection of
 * its own, and a batch that finds a table gone creates it and writes again. Used from the
 * exporter's thread only.
 */
final class JdbcRecordSink implements RecordSink {

  private static final String CREATE_RECORDS =
      "CREATE TABLE IF NOT EXISTS zeebe_record (partition_id INT NOT NULL, position BIGINT NOT NULL,"
          + " value_type VARCHAR(64), intent VARCHAR(64), record_timestamp BIGINT,"
          + " PRIMARY KEY (partition_id, position))";
  /** Camunda's own table (8.9 schema), unquoted: PostgreSQL folds it to lower case, MariaDB keeps the capitals. */
  private static final String CREATE_POSITIONS =
      "CREATE TABLE IF NOT EXISTS EXPORTER_POSITION (PARTITION_ID INT PRIMARY KEY, EXPORTER VARCHAR(200),"
          + " LAST_EXPORTED_POSITION BIGINT, CREATED TIMESTAMP NULL, LAST_UPDATED TIMESTAMP NULL)";
  private static final String INSERT_RECORD =
      "INSERT INTO zeebe_record (partition_id, position, value_type, intent, record_timestamp) VALUES (?, ?, ?, ?, ?)";
  private static final String INSERT_POSITION =
      "INSERT INTO EXPORTER_POSITION (PARTITION_ID, EXPORTER, LAST_EXPORTED_POSITION, CREATED, LAST_UPDATED)"
          + " VALUES (?, 'rdbms', ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)";
  /** SQLSTATE of a missing table: PostgreSQL's undefined_table, MariaDB's ER_NO_SUCH_TABLE. */
  private static final Set<String> MISSING_TABLE = Set.of("42P01", "42S02");

  private final SandboxDatabase database;
  private final String upsertRecord;
  private final String upsertPosition;
  private boolean tablesCreated;

  JdbcRecordSink(SandboxDatabase database) {
    this.database = database;
    var url = database.jdbcUrl();
    if (url.startsWith("jdbc:postgresql:")) {
      upsertRecord =
          INSERT_RECORD + " ON CONFLICT (partition_id, position) DO UPDATE SET value_type = EXCLUDED.value_type,"
              + " intent = EXCLUDED.intent, record_timestamp = EXCLUDED.record_timestamp";
      upsertPosition = INSERT_POSITION + " ON CONFLICT (PARTITION_ID) DO UPDATE SET LAST_EXPORTED_POSITION = EXCLUDED.LAST_EXPORTED_POSITION,"
          + " LAST_UPDATED = EXCLUDED.LAST_UPDATED";
    } else if (url.startsWith("jdbc:mariadb:")) {
      upsertRecord =
          INSERT_RECORD + " ON DUPLICATE KEY UPDATE value_type = VALUES(value_type), intent = VALUES(intent),"
              + " record_timestamp = VALUES(record_timestamp)";
      upsertPosition = INSERT_POSITION + " ON DUPLICATE KEY UPDATE LAST_EXPORTED_POSITION = VALUES(LAST_EXPORTED_POSITION),"
          + " LAST_UPDATED = VALUES(LAST_UPDATED)";
    } else {
      throw new IllegalArgumentException("Secondary storage must be PostgreSQL or MariaDB, not " + url);
    }
  }

  @Override
  public void write(List<ExportedRecord> records, Map<Integer, Long> acknowledged) {
    try (var connection = database.open()) {
      if (!tablesCreated) {
        createTables(connection);
        tablesCreated = true;
      }
      try {
        writeBatch(connection, records, acknowledged);
      } catch (SQLException e) {
        if (!missingTable(e)) {
          throw e;
        }
        connection.rollback();
        createTables(connection);
        writeBatch(connection, records, acknowledged);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Could not write %d records to %s".formatted(records.size(), database.jdbcUrl()), e);
    }
  }

  /** What EXPORTER_POSITION holds now (an empty map when the table is missing, as after a restore of a dump without it). */
  @Override
  public java.util.Optional<Map<Integer, Long>> exportedPositions() {
    var positions = new java.util.TreeMap<Integer, Long>();
    try (var connection = database.open();
        var rows = connection.createStatement().executeQuery("SELECT PARTITION_ID, LAST_EXPORTED_POSITION FROM EXPORTER_POSITION")) {
      while (rows.next()) {
        long position = rows.getLong(2);
        positions.put(rows.getInt(1), rows.wasNull() ? -1 : position);
      }
    } catch (SQLException e) {
      if (!missingTable(e)) {
        throw new IllegalStateException("Could not read EXPORTER_POSITION of " + database.jdbcUrl(), e);
      }
    }
    return java.util.Optional.of(positions);
  }

  private static void createTables(Connection connection) throws SQLException {
    connection.setAutoCommit(true);
    try (var statement = connection.createStatement()) {
      statement.execute(CREATE_RECORDS);
      statement.execute(CREATE_POSITIONS);
    }
  }

  private void writeBatch(Connection connection, List<ExportedRecord> records, Map<Integer, Long> acknowledged)
      throws SQLException {
    connection.setAutoCommit(false);
    try (var upsert = connection.prepareStatement(upsertRecord)) {
      for (var record : records) {
        upsert.setInt(1, record.partitionId());
        upsert.setLong(2, record.position());
        upsert.setString(3, record.valueType());
        upsert.setString(4, record.intent());
        upsert.setLong(5, record.timestamp().toEpochMilli());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
    try (var upsert = connection.prepareStatement(upsertPosition)) {
      for (var position : acknowledged.entrySet()) {
        upsert.setInt(1, position.getKey());
        upsert.setLong(2, position.getValue());
        upsert.addBatch();
      }
      upsert.executeBatch();
    }
    connection.commit();
  }

  private static boolean missingTable(SQLException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql && MISSING_TABLE.contains(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
