package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * A private copy of a dump whose SHA-256 was computed from exactly the bytes written to it, so a
 * restore reads the bytes that were verified and nothing else: a dump replaced, rewritten in place
 * (an operator copying a file back) or renamed over after the check cannot reach the database.
 *
 * <p>The copy lives in a fresh {@code .restore-<random>} directory (mode 0700) next to the dump,
 * under the dump's own name (so tools and messages see the usual name), locked while it is in use
 * and deleted on {@link #close()}; a leftover of a crash is removed by the startup sweep. A restore
 * therefore needs free space for one more copy of the dump in the dump directory.
 */
final class VerifiedCopy implements AutoCloseable {

  private final Path directory;
  private final Path file;
  private final PartialFiles.Claim claim;

  private VerifiedCopy(Path directory, Path file, PartialFiles.Claim claim) {
    this.directory = directory;
    this.file = file;
    this.claim = claim;
  }

  /**
   * Copies {@code dump} while computing its SHA-256.
   *
   * @throws DumpVerificationException the dump is missing or its bytes do not match {@code
   *     expectedSha256} (nothing is left behind)
   * @throws DumpCancelledException {@code cancelled} answered true while copying
   */
  static VerifiedCopy of(Path dump, String expectedSha256, BooleanSupplier cancelled) {
    if (expectedSha256 == null || expectedSha256.isBlank()) {
      throw new IllegalArgumentException("expected SHA-256 of " + dump + " must not be blank");
    }
    String expected = expectedSha256.trim().toLowerCase(Locale.ROOT);
    Path directory;
    try {
      directory = Files.createTempDirectory(dump.toAbsolutePath().getParent(), PartialFiles.RESTORE_DIRECTORY_PREFIX);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot create a private copy of " + dump + " to restore from: " + e
          + "; check the permissions of " + dump.toAbsolutePath().getParent(), e);
    }
    Path copy = directory.resolve(dump.getFileName());
    VerifiedCopy result = null;
    try {
      FileChannel channel = FileChannel.open(copy, java.util.Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      result = new VerifiedCopy(directory, copy, PartialFiles.claim(channel));
      String found = copyHashing(dump, result.claim, cancelled);
      if (!found.equals(expected)) {
        throw new DumpVerificationException("checksum mismatch for " + dump + ": expected " + expected + ", found " + found
            + "; the dump was changed or truncated");
      }
      result.claim.force(copy);
      return result;
    } catch (NoSuchFileException e) {
      closeQuietly(result, directory);
      throw new DumpVerificationException(
          "dump file " + dump + " does not exist; check the backup location and that the dump of this backup ID completed", e);
    } catch (IOException e) {
      closeQuietly(result, directory);
      throw new TargetUnavailableException("cannot copy " + dump + " to " + copy + " to restore from it: " + e
          + "; a restore needs free space for one more copy of the dump in " + directory.getParent(), e);
    } catch (RuntimeException e) {
      closeQuietly(result, directory);
      throw e;
    }
  }

  /** The verified bytes, to hand to the restore tool. */
  Path path() {
    return file;
  }

  @Override
  public void close() {
    claim.close();
    try {
      Files.deleteIfExists(file);
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      // the startup sweep removes it
    }
  }

  private static String copyHashing(Path dump, PartialFiles.Claim target, BooleanSupplier cancelled) throws IOException {
    MessageDigest digest = DumpFiles.newSha256();
    byte[] buffer = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(dump)) {
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (cancelled.getAsBoolean()) {
          throw new DumpCancelledException("copying " + dump + " to restore from it was stopped: the job was cancelled");
        }
        digest.update(buffer, 0, n);
        target.write(ByteBuffer.wrap(buffer, 0, n));
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private static void closeQuietly(VerifiedCopy copy, Path directory) {
    if (copy != null) {
      copy.close();
    } else {
      try {
        Files.deleteIfExists(directory);
      } catch (IOException ignored) {
        // the startup sweep removes it
      }
    }
  }
}
