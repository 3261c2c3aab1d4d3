package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Writes a dump through a hidden temporary file in the target directory and moves it into place
 * atomically only when the producer succeeded. A failed dump leaves nothing behind.
 */
final class DumpWriter {

  /** Creates the temporary file the tool writes to; replaceable in tests (e.g. by /dev/full). */
  interface PartialFileFactory {
    Path create(Path directory, String finalName) throws IOException;
  }

  static final PartialFileFactory DEFAULT_PARTIAL_FILES =
      (directory, finalName) -> Files.createTempFile(directory, "." + finalName + ".", ".partial");

  /** Runs the tool so that it writes the dump into {@code partial}; throws when it failed. */
  interface Producer {
    void writeTo(Path partial) throws IOException, InterruptedException;
  }

  private DumpWriter() {}

  static DumpResult write(
      Path directory, String fileName, PartialFileFactory partialFiles, String what, Producer producer) {
    Path target = directory.resolve(fileName);
    Path partial;
    try {
      Files.createDirectories(directory);
      partial = partialFiles.create(directory, fileName);
    } catch (IOException e) {
      throw new TargetUnavailableException(
          "cannot create dump file in " + directory + " for " + what + ": " + e
              + "; check that the backup directory exists, is writable and has free space", e);
    }
    long started = System.nanoTime();
    boolean moved = false;
    // Held until the dump is in place, so the startup sweep of another process leaves it alone.
    try (PartialFiles.Claim claim = PartialFiles.claim(partial)) {
      producer.writeTo(partial);
      Duration took = Duration.ofNanos(System.nanoTime() - started);
      if (Files.size(partial) == 0) {
        throw new TargetUnavailableException(
            what + " exited successfully but wrote nothing to " + partial + "; check the tool's configuration");
      }
      claim.force(partial);
      try {
        Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        throw new TargetUnavailableException("cannot move " + partial + " to " + target + " atomically: " + e, e);
      }
      moved = true;
      syncDirectory(directory);
      return new DumpResult(target, DumpFiles.size(target), DumpFiles.sha256(target), took);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnavailableException(what + " was interrupted; no dump was written", e);
    } catch (IOException e) {
      throw new TargetUnavailableException(
          what + " could not write " + target + ": " + e + "; check free space and permissions in " + directory, e);
    } finally {
      if (!moved) {
        deleteQuietly(partial);
      }
    }
  }

  private static void syncDirectory(Path directory) {
    try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort: not every file system lets a directory be opened for sync
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // nothing more to do; the name is hidden and ends in .partial
    }
  }
}
