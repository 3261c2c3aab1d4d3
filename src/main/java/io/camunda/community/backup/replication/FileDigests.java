package io.camunda.community.backup.replication;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files, and copies that land whole or not at all. */
final class FileDigests {

  private FileDigests() {}

  static String sha256(Path file) throws IOException {
    MessageDigest digest = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /**
   * Copies {@code source} to {@code target} through a temporary file beside the target, moved into
   * place when complete: a reader of the second place (or a crash) never meets half a file under
   * the final name. Returns the SHA-256 of what was read.
   */
  static String copy(Path source, Path target) throws IOException {
    Files.createDirectories(target.getParent());
    Path partial = target.resolveSibling("." + target.getFileName() + ".copying");
    MessageDigest digest = newSha256();
    try (InputStream in = new DigestInputStream(Files.newInputStream(source), digest)) {
      Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (java.nio.file.AtomicMoveNotSupportedException e) {
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(partial);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
