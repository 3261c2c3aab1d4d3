package io.camunda.community.backup.replication;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** A second place on a file system the worker application mounts. */
public record DirectoryPlace(Path root) implements SecondPlace {

  @Override
  public String describe(String key) {
    return key.isEmpty() ? root.toString() : root.resolve(key).toString();
  }

  @Override
  public OptionalLong size(String key) {
    Path file = root.resolve(key);
    try {
      return Files.isRegularFile(file) ? OptionalLong.of(Files.size(file)) : OptionalLong.empty();
    } catch (NoSuchFileException e) {
      return OptionalLong.empty();
    } catch (IOException e) {
      throw unavailable("read", key, e);
    }
  }

  @Override
  public String sha256(String key) {
    try {
      return FileDigests.sha256(root.resolve(key));
    } catch (IOException e) {
      throw unavailable("read", key, e);
    }
  }

  @Override
  public Optional<byte[]> read(String key) {
    try {
      return Optional.of(Files.readAllBytes(root.resolve(key)));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw unavailable("read", key, e);
    }
  }

  @Override
  public String write(String key, Path source) {
    try {
      return FileDigests.copy(source, root.resolve(key));
    } catch (NoSuchFileException e) {
      if (!Files.exists(source)) {
        throw new SecondLocationUnavailableException(source + " disappeared while it was being copied to " + describe(key)
            + " (a snapshot deleted meanwhile?); the copy is tried again", e);
      }
      throw unavailable("write", key, e);
    } catch (IOException e) {
      throw unavailable("write", key, e);
    }
  }

  @Override
  public void write(String key, byte[] content) {
    Path file = root.resolve(key);
    Path partial = file.resolveSibling("." + file.getFileName() + ".copying");
    try {
      Files.createDirectories(file.getParent());
      Files.write(partial, content);
      Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw unavailable("write", key, e);
    }
  }

  @Override
  public String copyTo(String key, Path target) {
    try {
      return FileDigests.copy(root.resolve(key), target);
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Copying " + describe(key) + " to " + target + " failed: " + e.getMessage()
          + ". Check that both places are mounted and the primary one is writable", e);
    }
  }

  @Override
  public boolean delete(String key) {
    try {
      return Files.deleteIfExists(root.resolve(key));
    } catch (IOException e) {
      throw unavailable("delete", key, e);
    }
  }

  @Override
  public int deleteAll(String prefix) {
    Path directory = root.resolve(prefix);
    if (!Files.isDirectory(directory)) {
      return 0;
    }
    int files = 0;
    try (Stream<Path> tree = Files.walk(directory)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        boolean file = Files.isRegularFile(path);
        try {
          Files.delete(path);
          files += file ? 1 : 0;
        } catch (NoSuchFileException e) {
          // deleted by an earlier attempt
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new SecondLocationUnavailableException("Deleting in the second location " + directory + " failed: " + e.getMessage()
          + ". Check that it is mounted and writable; the deletion is tried again", e);
    }
    return files;
  }

  @Override
  public List<String> children(String prefix) {
    Path directory = prefix.isEmpty() ? root : root.resolve(prefix);
    if (!Files.isDirectory(directory)) {
      if (!Files.isDirectory(root)) {
        requireReachable("the second place");
      }
      return List.of();
    }
    try (Stream<Path> children = Files.list(directory)) {
      return children.filter(Files::isDirectory).map(child -> child.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw unavailable("list", prefix, e);
    }
  }

  @Override
  public List<String> files(String prefix) {
    Path directory = prefix.isEmpty() ? root : root.resolve(prefix);
    if (!Files.isDirectory(directory)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder())
          .map(file -> root.relativize(file).toString().replace(java.io.File.separatorChar, '/')).toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new SecondLocationUnavailableException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void requireReachable(String what) {
    if (!Files.isDirectory(root)) {
      throw new SecondLocationUnavailableException(what + " " + root + " does not exist (is the volume mounted?)");
    }
  }

  @Override
  public SecondPlace resolve(String sub) {
    return new DirectoryPlace(root.resolve(sub));
  }

  private SecondLocationUnavailableException unavailable(String action, String key, IOException e) {
    return new SecondLocationUnavailableException("Cannot " + action + " " + describe(key) + ": " + e.getMessage()
        + ". Check that the second location is mounted, writable and has space", e);
  }
}
