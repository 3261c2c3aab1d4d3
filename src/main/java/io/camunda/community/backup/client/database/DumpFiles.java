package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** File naming and checksums of database dumps. */
public final class DumpFiles {

  private DumpFiles() {}

  /**
   * {@code camunda-<database>-<backupId>.<extension>}; characters outside {@code [A-Za-z0-9_.-]}
   * in the database name become {@code _}.
   */
  public static String fileName(String database, long backupId, String extension) {
    if (backupId < 0) {
      throw new IllegalArgumentException("backupId must not be negative, was " + backupId);
    }
    String safe = database.replaceAll("[^A-Za-z0-9_.-]", "_");
    return "camunda-" + safe + "-" + backupId + "." + extension;
  }

  /** A fresh SHA-256 digest (every JVM has it). */
  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 of the file's content, lower-case hex. */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Throws {@link DumpVerificationException} unless the file exists and has the expected SHA-256
   * (hex, case-insensitive).
   */
  public static void verify(Path dump, String expectedSha256) {
    if (expectedSha256 == null || expectedSha256.isBlank()) {
      throw new IllegalArgumentException("expected SHA-256 of " + dump + " must not be blank");
    }
    String expected = expectedSha256.trim().toLowerCase(Locale.ROOT);
    String found;
    try {
      found = sha256(dump);
    } catch (NoSuchFileException e) {
      throw new DumpVerificationException(
          "dump file " + dump + " does not exist; check the backup location and that the dump of this backup ID completed", e);
    } catch (IOException e) {
      throw new DumpVerificationException("cannot read dump file " + dump + ": " + e, e);
    }
    if (!found.equals(expected)) {
      throw new DumpVerificationException(
          "checksum mismatch for " + dump + ": expected " + expected + ", found " + found
              + "; the dump was changed or truncated");
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot read size of dump file " + file + ": " + e, e);
    }
  }
}
