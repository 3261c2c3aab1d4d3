package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** Finds vendor binaries in a configured directory or the default places. */
final class ToolLocator {

  private final List<Path> directories;
  private final String installHint;

  private ToolLocator(List<Path> directories, String installHint) {
    this.directories = directories;
    this.installHint = installHint;
  }

  static ToolLocator postgres(DumperOptions options) {
    String hint = "install the Debian package postgresql-client (the client's major version must be at least the server's)";
    if (options.binDirectory() != null) {
      return new ToolLocator(List.of(options.binDirectory()), hint);
    }
    Set<Path> dirs = new LinkedHashSet<>(postgresVersionDirectories(Path.of("/usr/lib/postgresql")));
    dirs.addAll(pathDirectories());
    dirs.add(Path.of("/usr/bin"));
    return new ToolLocator(List.copyOf(dirs), hint);
  }

  static ToolLocator mariadb(DumperOptions options) {
    String hint = "install the Debian package mariadb-client";
    if (options.binDirectory() != null) {
      return new ToolLocator(List.of(options.binDirectory()), hint);
    }
    Set<Path> dirs = new LinkedHashSet<>(pathDirectories());
    dirs.add(Path.of("/usr/bin"));
    dirs.add(Path.of("/usr/local/bin"));
    dirs.add(Path.of("/usr/local/mysql/bin"));
    return new ToolLocator(List.copyOf(dirs), hint);
  }

  /** The first executable among {@code names} (in order of preference) in the directories. */
  Path locate(String what, String... names) {
    for (String name : names) {
      for (Path dir : directories) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    throw new TargetUnavailableException(
        String.join(" or ", names) + " (needed to " + what + ") not found in " + directories
            + ": " + installHint + ", or configure the directory that holds it");
  }

  List<Path> directories() {
    return directories;
  }

  /** {@code /usr/lib/postgresql/<version>/bin}, newest version first. */
  static List<Path> postgresVersionDirectories(Path root) {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> versions = Files.list(root)) {
      List<Path> found = new ArrayList<>(versions
          .filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .map(p -> p.resolve("bin"))
          .filter(Files::isDirectory)
          .toList());
      found.sort(Comparator.comparingDouble(
              (Path p) -> Double.parseDouble(p.getParent().getFileName().toString()))
          .reversed());
      return found;
    } catch (IOException e) {
      return List.of();
    }
  }

  private static List<Path> pathDirectories() {
    String path = System.getenv("PATH");
    if (path == null || path.isBlank()) {
      return List.of();
    }
    List<Path> dirs = new ArrayList<>();
    for (String entry : path.split(File.pathSeparator)) {
      if (!entry.isBlank()) {
        dirs.add(Path.of(entry));
      }
    }
    return dirs;
  }
}
