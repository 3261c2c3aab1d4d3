package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Runs a client tool that prints one count per line, one line per table, in the tables' order. */
final class RowCounts {

  private RowCounts() {}

  static Map<String, Long> read(DatabaseConnection connection, List<String> tables, ProcessBuilder builder, DumperOptions options,
      String tool, BooleanSupplier cancelled) {
    List<String> lines = lines(connection, builder, options, tool,
        "check host, port, database name, user and password, and that every table of the dump exists and may be read", cancelled);
    if (lines.size() != tables.size() || !lines.stream().allMatch(line -> line.matches("\\d{1,19}"))) {
      throw new TargetUnavailableException(tool + " for " + connection.describe() + " answered " + lines.size() + " lines for "
          + tables.size() + " tables (" + String.join(", ", lines.subList(0, Math.min(5, lines.size()))) + "): cannot tell the"
          + " rows of each table; check the client tool's version and settings (an options file that adds output)");
    }
    Map<String, Long> rows = new LinkedHashMap<>();
    for (int i = 0; i < tables.size(); i++) {
      rows.put(tables.get(i), Long.parseLong(lines.get(i)));
    }
    return rows;
  }

  /**
   * Each partition's exported position from a client tool that printed one {@code "<partition>
   * <position>"} line per row of EXPORTER_POSITION.
   */
  static Map<Integer, Long> exporterPositions(DatabaseConnection connection, ProcessBuilder builder, DumperOptions options,
      String tool, BooleanSupplier cancelled) {
    List<String> lines = lines(connection, builder, options, tool, "check host, port, database name, user and password, and that"
        + " the restored database holds Camunda's EXPORTER_POSITION table (it is created by the RDBMS exporter)", cancelled);
    Map<Integer, Long> positions = new java.util.TreeMap<>();
    for (String line : lines) {
      String[] fields = line.split("\\s+");
      if (fields.length != 2 || !fields[0].matches("\\d{1,9}") || !fields[1].matches("-?\\d{1,19}")) {
        throw new TargetUnavailableException(tool + " for " + connection.describe() + " answered '" + line + "' for a row of"
            + " EXPORTER_POSITION: cannot tell the partition's exported position; check the client tool's version and settings");
      }
      positions.merge(Integer.parseInt(fields[0]), Long.parseLong(fields[1]), Math::min);
    }
    return positions;
  }

  /** The non-blank lines a client tool printed, stripped. */
  private static List<String> lines(DatabaseConnection connection, ProcessBuilder builder, DumperOptions options, String tool,
      String check, BooleanSupplier cancelled) {
    List<String> lines = new ArrayList<>();
    try {
      ToolRunner.runOrFail(builder, options, connection, tool, check, cancelled,
          stdout -> new BufferedReader(new InputStreamReader(stdout, StandardCharsets.UTF_8)).lines()
              .map(String::strip).filter(line -> !line.isEmpty()).forEach(lines::add));
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot read " + connection.describe() + " with " + tool + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnavailableException("reading " + connection.describe() + " with " + tool + " was interrupted", e);
    }
    return lines;
  }
}
