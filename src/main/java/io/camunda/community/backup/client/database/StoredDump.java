package io.camunda.community.backup.client.database;

/**
 * One dump in a cluster's dump directory as the catalog sees it.
 *
 * @param backupId from the file name
 * @param file the dump's file name
 * @param record what was recorded when the dump completed; null when there is no record (the
 *     dump was interrupted after the file was moved into place, or the record was removed)
 * @param present whether the dump file exists
 * @param sizeBytes the file's size now, or -1 when it does not exist
 */
public record StoredDump(long backupId, String file, DumpRecord record, boolean present, long sizeBytes) {

  public static final String COMPLETED = "COMPLETED";
  public static final String INCOMPLETE = "INCOMPLETE";

  /**
   * COMPLETED when the file exists and matches its record's size; else INCOMPLETE. Cheap: the
   * full checksum is compared by {@link DatabaseDumps#verify} before a restore.
   */
  public String state() {
    return problem() == null ? COMPLETED : INCOMPLETE;
  }

  /** Why the dump is not usable, or null when it is. */
  public String problem() {
    if (!present) {
      return "dump file " + file + " is missing";
    }
    if (record == null) {
      return "no checksum was recorded for " + file + " (the dump did not finish)";
    }
    if (record.sizeBytes() != sizeBytes) {
      return "size of " + file + " is " + sizeBytes + " bytes, recorded " + record.sizeBytes() + ": the dump was changed or truncated";
    }
    return null;
  }
}
