package io.camunda.community.backup.client.database;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Rows per table in the SQL script {@code pg_restore --data-only} writes from a dump: each table's
 * data is one {@code COPY <schema>.<table> (<columns>) FROM stdin;} block with one line per row
 * (text format escapes newlines inside values), ended by a line {@code \.}. Tables are named as
 * the script names them ({@code public.process_instance}, quoted where PostgreSQL needs it), which
 * is also how they are counted in the database afterwards.
 */
final class PostgresCopyRows {

  private static final String COPY = "COPY ";
  private static final String FROM_STDIN = " FROM stdin;";
  private static final String END_OF_DATA = "\\.";

  private PostgresCopyRows() {}

  static Map<String, Long> count(InputStream script) throws IOException {
    Map<String, Long> rows = new LinkedHashMap<>();
    // Latin-1 maps every byte to one char: the ASCII the parser looks for is found whatever the encoding.
    BufferedReader lines = new BufferedReader(new InputStreamReader(script, StandardCharsets.ISO_8859_1), 1 << 16);
    String table = null;
    long count = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (table != null) {
        if (line.equals(END_OF_DATA)) {
          rows.merge(table, count, Long::sum);
          table = null;
        } else {
          count++;
        }
      } else if (line.startsWith(COPY) && line.endsWith(FROM_STDIN)) {
        table = tableOf(line);
        count = 0;
      }
    }
    if (table != null) {
      throw new IOException("the data of table " + table + " ends without its end marker: the dump is truncated");
    }
    return rows;
  }

  /** {@code COPY public."Odd name" (a, b) FROM stdin;} → {@code public."Odd name"}. */
  static String tableOf(String copyLine) {
    int end = COPY.length();
    boolean quoted = false;
    while (end < copyLine.length()) {
      char c = copyLine.charAt(end);
      if (c == '"') {
        quoted = !quoted; // a doubled quote inside a name toggles twice
      } else if (!quoted && c == ' ') {
        break;
      }
      end++;
    }
    String name = copyLine.substring(COPY.length(), end);
    if (name.isEmpty() || quoted || !name.matches("(\"([^\"]|\"\")+\"|[A-Za-z0-9_$]+)(\\.(\"([^\"]|\"\")+\"|[A-Za-z0-9_$]+))?")) {
      throw new IllegalArgumentException("not a table name pg_restore writes: " + name);
    }
    return name;
  }
}
