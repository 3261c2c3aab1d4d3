package io.camunda.community.backup.client.database;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Dumps the whole Camunda database with the vendor's tool into a file whose name carries the
 * backup ID, and restores such a file. Faults (tool missing, bad credentials, disk full, timeout)
 * come back as {@link io.camunda.community.backup.client.TargetUnavailableException} naming the
 * database, the tool and what to check.
 */
public interface DatabaseDumper {

  /**
   * Writes a dump for {@code backupId} into {@code directory} (created if missing). The tool
   * writes to a hidden temporary file that is moved into place atomically only when the tool
   * exited 0; on any failure no file with the final name is created or left behind.
   */
  default DumpResult dump(long backupId, Path directory) {
    return dump(backupId, directory, ToolRunner.NEVER_CANCELLED);
  }

  /**
   * {@link #dump(long, Path)}, withdrawn once {@code cancelled} answers true: the tool's process
   * tree is killed, its temporary file deleted, and {@link DumpCancelledException} thrown.
   */
  DumpResult dump(long backupId, Path directory, BooleanSupplier cancelled);

  /** Restores {@code dump} into the configured database, replacing what is there. */
  default void restore(Path dump) {
    restore(dump, ToolRunner.NEVER_CANCELLED);
  }

  /**
   * {@link #restore(Path)}, withdrawn once {@code cancelled} answers true: the running tool's
   * process tree is killed and {@link DumpCancelledException} thrown (the database may then be
   * partly restored, as after any failed restore).
   */
  void restore(Path dump, BooleanSupplier cancelled);

  /** Restores exactly the bytes that match {@code expectedSha256}; see {@link #restore(Path, String, BooleanSupplier)}. */
  default void restore(Path dump, String expectedSha256) {
    restore(dump, expectedSha256, ToolRunner.NEVER_CANCELLED);
  }

  /**
   * Copies the dump to a private file while computing its SHA-256 and restores that copy only when
   * it matches: the tool reads exactly the verified bytes, whatever happens to {@code dump}
   * meanwhile (see {@link VerifiedCopy}). A mismatch throws {@link DumpVerificationException}
   * before the database is touched.
   */
  default void restore(Path dump, String expectedSha256, BooleanSupplier cancelled) {
    try (VerifiedCopy copy = VerifiedCopy.of(dump, expectedSha256, cancelled)) {
      restore(copy.path(), cancelled);
    }
  }

  /** The name {@link #dump} gives the file for {@code backupId}. */
  String fileName(long backupId);

  /**
   * Rows per table in a dump this dumper wrote: what a restore of it loads. Empty where the
   * dumps cannot be read (a configured dump command's format is unknown): nothing is counted.
   */
  default Map<String, Long> rowsInDump(Path dump, BooleanSupplier cancelled) {
    return Map.of();
  }

  /**
   * Rows now in each of {@code tables} of the database, the tables named as {@link #rowsInDump}
   * names them. A table that does not exist fails the count.
   */
  default Map<String, Long> rowsInDatabase(Collection<String> tables, BooleanSupplier cancelled) {
    return Map.of();
  }

  /**
   * Each partition's exported position as Camunda's RDBMS exporter recorded it in {@code
   * EXPORTER_POSITION} ({@code LAST_EXPORTED_POSITION}; -1 where the row holds none), by partition
   * ID: what Zeebe's restore application reads to align the partitions with the database (contract
   * 3.2). Empty where this dumper cannot query the database (a configured dump command); a table
   * that cannot be read fails.
   */
  default java.util.Optional<Map<Integer, Long>> exporterPositions(BooleanSupplier cancelled) {
    return java.util.Optional.empty();
  }

  /**
   * Throws {@link DumpVerificationException} unless {@code dump} exists and its SHA-256 equals
   * {@code expectedSha256}.
   */
  static void verify(Path dump, String expectedSha256) {
    DumpFiles.verify(dump, expectedSha256);
  }
}
