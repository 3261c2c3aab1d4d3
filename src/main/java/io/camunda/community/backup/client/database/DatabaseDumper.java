package io.camunda.community.backup.client.database;

import java.nio.file.Path;

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
  DumpResult dump(long backupId, Path directory);

  /** Restores {@code dump} into the configured database, replacing what is there. */
  void restore(Path dump);

  /** {@link #verify(Path, String) Verifies} the dump first and only then restores it. */
  default void restore(Path dump, String expectedSha256) {
    verify(dump, expectedSha256);
    restore(dump);
  }

  /** The name {@link #dump} gives the file for {@code backupId}. */
  String fileName(long backupId);

  /**
   * Throws {@link DumpVerificationException} unless {@code dump} exists and its SHA-256 equals
   * {@code expectedSha256}.
   */
  static void verify(Path dump, String expectedSha256) {
    DumpFiles.verify(dump, expectedSha256);
  }
}
