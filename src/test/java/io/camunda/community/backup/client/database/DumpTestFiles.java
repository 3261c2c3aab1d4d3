package io.camunda.community.backup.client.database;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** File helpers shared by the dumper tests. */
final class DumpTestFiles {

  private DumpTestFiles() {}

  /** Every entry of the directory (including hidden partial files), by name. */
  static List<String> listing(Path directory) throws IOException {
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Inverts one byte in the middle of the file. */
  static void flipByte(Path file) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      long pos = raf.length() / 2;
      raf.seek(pos);
      int b = raf.read();
      raf.seek(pos);
      raf.write(~b & 0xff);
    }
  }

  /** A partial-file factory whose file is a symlink to /dev/full: every write fails with ENOSPC. */
  static DumpWriter.PartialFileFactory devFull() {
    return (directory, finalName) ->
        Files.createSymbolicLink(directory.resolve("." + finalName + ".partial"), Path.of("/dev/full"));
  }

  /** Mounts a tiny tmpfs (root only); null when mounting is not allowed here. */
  static Path tinyTmpfs(Path mountPoint, String size) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor() == 0 ? mountPoint : null;
  }

  static void unmount(Path mountPoint) throws IOException, InterruptedException {
    new ProcessBuilder("umount", mountPoint.toString())
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
  }
}
