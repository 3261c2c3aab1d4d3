package io.camunda.community.backup.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Manifests of a cluster with RDBMS secondary storage: {@code backup-manifest-<id>.json} in the
 * cluster's dump directory, beside the set's dump and its checksum record. Written to a temporary
 * file and moved into place, so a reader never sees half a manifest.
 */
public class DumpDirectoryManifestStore implements ManifestStore {

  private static final Pattern NAME = Pattern.compile("backup-manifest-(\\d{1,18})\\.json");

  private final Path directory;
  private final ObjectMapper json;

  public DumpDirectoryManifestStore(Path directory, ObjectMapper json) {
    this.directory = directory;
    this.json = json;
  }

  private Path file(long backupId) {
    return directory.resolve(fileName(backupId));
  }

  /** The manifest's file name in the dump directory. */
  public static String fileName(long backupId) {
    return "backup-manifest-" + backupId + ".json";
  }

  @Override
  public void write(BackupManifest manifest) {
    Path file = file(manifest.backupId());
    Path partial = file.resolveSibling(file.getFileName() + ".partial");
    try {
      Files.createDirectories(directory);
      json.writerWithDefaultPrettyPrinter().writeValue(partial.toFile(), manifest);
      Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot write manifest " + file + ": " + e
          + "; check that the dump directory is mounted and writable by the orchestrator", e);
    }
  }

  @Override
  public Optional<BackupManifest> read(long backupId) {
    Path file = file(backupId);
    try {
      return Optional.of(json.readValue(Files.readAllBytes(file), BackupManifest.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot read manifest " + file + ": " + e
          + "; check the file (write the manifest again when it is damaged)", e);
    }
  }

  @Override
  public Map<Long, String> list() {
    Map<Long, String> ids = new TreeMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        Matcher matcher = NAME.matcher(path.getFileName().toString());
        if (matcher.matches()) {
          long id = Long.parseLong(matcher.group(1));
          String trigger = read(id).map(BackupManifest::trigger).orElse(null);
          ids.put(id, trigger == null ? "unknown" : trigger);
        }
      }
    } catch (NoSuchFileException e) {
      throw new TargetUnavailableException("dump directory " + directory + " does not exist; check that the dump volume is mounted", e);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot list dump directory " + directory + ": " + e, e);
    }
    return ids;
  }

  @Override
  public void delete(long backupId) {
    try {
      Files.deleteIfExists(file(backupId));
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot delete manifest " + file(backupId) + ": " + e
          + "; check the permissions of the dump directory", e);
    }
  }

  @Override
  public String location(long backupId) {
    return "file " + file(backupId);
  }
}
