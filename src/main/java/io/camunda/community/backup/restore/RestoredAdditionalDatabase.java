package io.camunda.community.backup.restore;

import java.util.Map;

/**
 * One additional database ({@code additional-databases}) as its restore left it: the dump that was
 * loaded and, per table, the rows the dump holds against the rows the database held right after
 * loading it (before anything was started). The process variable {@code restoredAdditionalDatabases}
 * holds one per restored database.
 *
 * @param part the set's name for the database ({@code web-modeler})
 * @param database the database without credentials
 * @param dumpRows rows per table in the dump, as recorded when it was taken; empty when they could
 *     not be counted (a dump command's format)
 * @param restoredRows rows per table right after the restore
 */
public record RestoredAdditionalDatabase(
    String part, String database, String file, String sha256, String restoredAt, Map<String, Long> dumpRows,
    Map<String, Long> restoredRows) {

  public RestoredAdditionalDatabase {
    dumpRows = dumpRows == null ? Map.of() : Map.copyOf(dumpRows);
    restoredRows = restoredRows == null ? Map.of() : Map.copyOf(restoredRows);
  }
}
