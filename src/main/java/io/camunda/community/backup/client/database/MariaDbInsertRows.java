package io.camunda.community.backup.client.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows per table in a {@code mariadb-dump} file: every row is one parenthesised tuple of an
 * {@code INSERT INTO `table` VALUES (...),(...);} statement, which starts a line and runs to the
 * {@code ;} outside values (on one line, or, as mariadb-dump 10.11 writes it, one tuple per line).
 * Values are numbers, {@code NULL}, {@code 0x...} (binary, {@code --hex-blob}) or single-quoted
 * strings in which a quote is escaped with a backslash or doubled; a tuple starts at a {@code (}
 * outside strings and outside another tuple.
 */
final class MariaDbInsertRows {

  private static final String INSERT = "INSERT INTO `";

  private MariaDbInsertRows() {}

  static Map<String, Long> count(InputStream dump) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    // Latin-1 maps every byte to one char: quotes, backslashes and parentheses are found whatever the encoding.
    BufferedReader lines = new BufferedReader(new InputStreamReader(dump, StandardCharsets.ISO_8859_1), 1 << 16);
    Statement statement = null;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      int from = 0;
      if (statement == null) {
        if (!line.startsWith(INSERT)) {
          continue;
        }
        int nameEnd = endOfName(line, INSERT.length());
        statement = new Statement(line.substring(INSERT.length(), nameEnd).replace("``", "`"));
        from = nameEnd + 1;
      }
      if (statement.read(line, from)) {
        rows.merge(statement.table, statement.tuples, Long::sum);
        statement = null;
      }
    }
    if (statement != null) {
      throw new IOException("the INSERT statement of table `" + statement.table + "` ends inside a value: the dump is truncated"
          + " or not a mariadb-dump file");
    }
    return rows;
  }

  /** The index of the backtick closing the name that starts at {@code from} (doubled backticks are part of it). */
  private static int endOfName(String line, int from) {
    int i = from;
    while (i < line.length()) {
      if (line.charAt(i) == '`') {
        if (i + 1 < line.length() && line.charAt(i + 1) == '`') {
          i += 2;
          continue;
        }
        return i;
      }
      i++;
    }
    throw new IllegalArgumentException("an INSERT statement whose table name does not end: " + line.substring(0, Math.min(80, line.length())));
  }

  /** One INSERT statement, read line by line until its closing {@code ;}. */
  private static final class Statement {
    private final String table;
    private long tuples;
    private int depth;
    private boolean inString;
    private boolean escaped;

    Statement(String table) {
      this.table = table;
    }

    /** Reads {@code line} from {@code from}; true once the statement ended in it. */
    boolean read(String line, int from) {
      for (int i = from; i < line.length(); i++) {
        char c = line.charAt(i);
        if (escaped) {
          escaped = false;
        } else if (inString) {
          if (c == '\\') {
            escaped = true;
          } else if (c == '\'') {
            if (i + 1 < line.length() && line.charAt(i + 1) == '\'') {
              i++;
            } else {
              inString = false;
            }
          }
        } else if (c == '\'') {
          inString = true;
        } else if (c == '(') {
          if (depth == 0) {
            tuples++;
          }
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (c == ';' && depth == 0) {
          return true;
        }
      }
      return false;
    }
  }
}
