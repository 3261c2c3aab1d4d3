package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The hidden temporary files next to the dumps: a dump being written ({@code
 * .<dump>.<random>.partial}), a record being written ({@code .<dump>.json.partial}) and the
 * private verified copy a restore reads ({@code .restore-<random>/<dump>}). Only regular files
 * are swept (never what a symbolic link points to).
 *
 * <p>Whoever writes or reads one holds an exclusive lock on it for as long as it is in use, so the
 * startup sweep never deletes a file another orchestrator process (a second replica, the old pod
 * of a rolling update) is still writing: it deletes only leftovers nobody holds, and keeps every
 * file whose lock it cannot test.
 */
final class PartialFiles {

  static final String RESTORE_DIRECTORY_PREFIX = ".restore-";
  private static final Pattern RESTORE_DIRECTORY = Pattern.compile(Pattern.quote(RESTORE_DIRECTORY_PREFIX) + "\\d+");

  private PartialFiles() {}

  /** A temporary file held by this process; closing releases the lock (the caller deletes the file). */
  static final class Claim implements AutoCloseable {
    private final FileChannel channel;

    private Claim(FileChannel channel) {
      this.channel = channel;
    }

    /** Writes all of {@code buffer} to the file at its current position. */
    void write(java.nio.ByteBuffer buffer) throws IOException {
      while (buffer.hasRemaining()) {
        channel.write(buffer);
      }
    }

    /** Flushes what was written to the file to the device. */
    void force(Path file) throws IOException {
      if (channel != null) {
        channel.force(true);
      } else {
        try (FileChannel other = FileChannel.open(file, StandardOpenOption.WRITE)) {
          other.force(true);
        }
      }
    }

    @Override
    public void close() {
      if (channel != null) {
        try {
          channel.close(); // releases the lock
        } catch (IOException ignored) {
          // the lock goes with the process at the latest
        }
      }
    }
  }

  /**
   * Locks {@code file} for as long as the claim is open. Best effort: where the file system has no
   * locks (or the file is no regular file) the claim holds none, and the sweep, unable to test it,
   * leaves the file alone.
   */
  static Claim claim(Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      return new Claim(null);
    }
    return claim(channel);
  }

  /** Locks the file {@code channel} is open on (for writing) for as long as the claim is open. */
  static Claim claim(FileChannel channel) {
    try {
      channel.lock();
    } catch (IOException | UnsupportedOperationException | OverlappingFileLockException e) {
      // unlocked: the sweep cannot test it and keeps it
    }
    return new Claim(channel);
  }

  /**
   * The leftover temporary files of the dumps named by {@code dumpNames} in {@code directory}:
   * deletes those no process holds and reports each through {@code log}.
   *
   * @param dumpNames matches the file names of the dumps ({@code camunda-<db>-<id>.<ext>})
   * @return the deleted files
   */
  static List<Path> sweep(Path directory, Pattern dumpNames, Consumer<String> log) {
    Pattern partials = Pattern.compile("\\.(" + dumpNames.pattern() + ")(\\.json)?(\\.\\d+)?\\.partial");
    List<Path> deleted = new ArrayList<>();
    for (Path entry : entries(directory)) {
      String name = entry.getFileName().toString();
      if (partials.matcher(name).matches() && Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
        deleteUnlessHeld(entry, deleted, log);
      } else if (RESTORE_DIRECTORY.matcher(name).matches() && Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
        sweepRestoreCopy(entry, dumpNames, deleted, log);
      }
    }
    return deleted;
  }

  private static void sweepRestoreCopy(Path restoreDirectory, Pattern dumpNames, List<Path> deleted, Consumer<String> log) {
    for (Path copy : entries(restoreDirectory)) {
      if (dumpNames.matcher(copy.getFileName().toString()).matches()
          && Files.isRegularFile(copy, LinkOption.NOFOLLOW_LINKS)) {
        deleteUnlessHeld(copy, deleted, log);
      } else {
        log.accept("kept " + restoreDirectory + ": it holds " + copy.getFileName() + ", which is no copy of a dump");
        return;
      }
    }
    try {
      Files.deleteIfExists(restoreDirectory);
    } catch (DirectoryNotEmptyException e) {
      // a copy still in use
    } catch (IOException e) {
      log.accept("could not delete " + restoreDirectory + ": " + e);
    }
  }

  private static void deleteUnlessHeld(Path file, List<Path> deleted, Consumer<String> log) {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this process
      }
      if (lock == null) {
        log.accept("kept " + file + ": another process is still writing or reading it");
        return;
      }
      try {
        Files.delete(file);
        deleted.add(file);
        log.accept("deleted leftover " + file + " (" + describeSize(channel) + ")");
      } finally {
        lock.release();
      }
    } catch (NoSuchFileException e) {
      // gone meanwhile
    } catch (IOException | UnsupportedOperationException e) {
      log.accept("kept " + file + ": cannot tell whether it is in use (" + e + ")");
    }
  }

  private static String describeSize(FileChannel channel) throws IOException {
    return channel.size() + " bytes";
  }

  private static List<Path> entries(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.toList();
    } catch (NoSuchFileException e) {
      return List.of(); // no dump was ever written here: nothing can be left over
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot list " + directory + " for leftover temporary files: " + e
          + "; check that it is mounted and readable by the orchestrator", e);
    }
  }
}
