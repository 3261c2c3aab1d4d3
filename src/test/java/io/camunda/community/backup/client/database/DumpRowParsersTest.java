package io.camunda.community.backup.client.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The parsers that count rows in dumps, on the shapes the tools write (the database tests count
 * real dumps of both tools: RdbmsBackupRestoreTest); here the values that could fool them.
 */
class DumpRowParsersTest {

  @Test
  void mariaDbTuplesAreCountedWhateverTheirStringsHoldOnOneLineOrOnePerLine() throws IOException {
    String dump = """
        -- MariaDB dump 10.19
        DROP DATABASE IF EXISTS `camunda`;
        CREATE TABLE `variable` (`id` bigint NOT NULL, `value` text) ENGINE=InnoDB;
        INSERT INTO `variable` VALUES (1,'a (b), c'),(2,'it\\'s (\\\\'),(3,'doubled '' quote),('),(4,NULL),(5,0x28290A);
        INSERT INTO `variable` VALUES (6,'\\n),(7,\\'x\\'');
        INSERT INTO `odd``name` VALUES (1,'Ünïcødé ()');
        INSERT INTO `exporter_position` VALUES
        (1,20),
        (2,'a;b'),
        (3,20);
        CREATE TABLE `empty_table` (`id` int) ENGINE=InnoDB;
        """;

    assertThat(MariaDbInsertRows.count(stream(dump)))
        .containsExactly(Map.entry("variable", 6L), Map.entry("odd`name", 1L), Map.entry("exporter_position", 3L));
  }

  @Test
  void aMariaDbDumpCutOffInsideAStatementIsNoCount() {
    String dump = "INSERT INTO `variable` VALUES (1,'abc'),(2,'de\n";

    assertThatThrownBy(() -> MariaDbInsertRows.count(stream(dump))).isInstanceOf(IOException.class)
        .hasMessageContaining("`variable`").hasMessageContaining("truncated");
  }

  @Test
  void postgresCopyLinesAreCountedPerTable() throws IOException {
    String script = """
        SET statement_timeout = 0;
        COPY public.process_instance (key, state) FROM stdin;
        1\tACTIVE
        2\tCOMPLETED with \\n a newline
        \\.
        COPY public."Mixed Case" (id) FROM stdin;
        7
        \\.
        COPY public.empty_table (id) FROM stdin;
        \\.
        SELECT pg_catalog.setval('public.seq', 3, true);
        """;

    assertThat(PostgresCopyRows.count(stream(script))).containsExactly(Map.entry("public.process_instance", 2L),
        Map.entry("public.\"Mixed Case\"", 1L), Map.entry("public.empty_table", 0L));
  }

  @Test
  void aPostgresScriptEndingInsideTheDataOfATableIsNoCount() {
    assertThatThrownBy(() -> PostgresCopyRows.count(stream("COPY public.t (id) FROM stdin;\n1\n2\n")))
        .isInstanceOf(IOException.class).hasMessageContaining("public.t").hasMessageContaining("truncated");
  }

  @Test
  void onlyTableNamesPostgresWritesAreTakenIntoACountStatement() {
    assertThat(PostgresCopyRows.tableOf("COPY public.\"a \"\"b\"\"\" FROM stdin;")).isEqualTo("public.\"a \"\"b\"\"\"");
    assertThatThrownBy(() -> PostgresCopyRows.tableOf("COPY public.t;DROP FROM stdin;")).isInstanceOf(IllegalArgumentException.class);
  }

  private static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
