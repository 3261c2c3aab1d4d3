package io.camunda.community.backup.replication;

import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondLocationProperties;
import io.camunda.community.backup.manifest.DumpDirectoryManifestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * The first step of a restore from the second location: copies the set's Zeebe partitions'
 * backups and dumps back to where the brokers' restore application and the dump tools read them
 * (the primary Zeebe store and dump directory, whose configuration a restore does not change).
 * What is there already with the same content is kept; a file there with other content is never
 * overwritten, and refuses the restore (the primary holds something else under the set's name).
 * The snapshot repository is not copied back: the target restores from the repository registered
 * read-only over the second copy.
 */
@Service
public class SecondLocationStaging {

  private final ClusterRegistry registry;
  private final SetFileLister lister;
  private final DatabaseDumps dumps;

  public SecondLocationStaging(ClusterRegistry registry, SetFileLister lister, DatabaseDumps dumps) {
    this.registry = registry;
    this.lister = lister;
    this.dumps = dumps;
  }

  /** The newest backup ID the second Zeebe store holds a partition of. */
  public java.util.Optional<Long> newestId(String clusterName) {
    Path store = SetFileLister.secondLocation(registry.get(clusterName)).zeebeStore().second();
    java.util.Optional<Long> newest = java.util.Optional.empty();
    try (Stream<Path> partitions = Files.isDirectory(store) ? Files.list(store) : Stream.empty()) {
      for (Path partition : partitions.filter(Files::isDirectory).toList()) {
        try (Stream<Path> backups = Files.list(partition)) {
          for (Path backup : backups.filter(Files::isDirectory).toList()) {
            String name = backup.getFileName().toString();
            if (name.matches("\\d{1,18}") && (newest.isEmpty() || Long.parseLong(name) > newest.get())) {
              newest = java.util.Optional.of(Long.parseLong(name));
            }
          }
        }
      }
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Cannot list the second Zeebe store " + store + ": " + e.getMessage(), e);
    }
    return newest;
  }

  /** What was copied back. */
  public record Staged(int files, int copied, int kept) {}

  /**
   * @throws SecondCopyFailedException when the second location has no Zeebe backup of the set, no
   *     dump of an RDBMS cluster's database, or a file in the primary place differs
   * @throws SecondLocationUnavailableException when a place cannot be read or written (retried)
   */
  public Staged stage(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    SecondLocationProperties location = SetFileLister.secondLocation(cluster);
    List<SetFiles> parts = new ArrayList<>();
    SecondLocationProperties.Directories store = location.zeebeStore();
    List<String> zeebe = new ArrayList<>();
    String id = Long.toString(backupId);
    try (Stream<Path> partitions = Files.isDirectory(store.second()) ? Files.list(store.second()) : Stream.empty()) {
      for (Path partition : partitions.filter(Files::isDirectory).sorted().toList()) {
        if (partition.getFileName().toString().matches("\\d+") && Files.isDirectory(partition.resolve(id))) {
          zeebe.addAll(SetFileLister.walk(store.second(), partition.resolve(id)));
        }
      }
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Cannot list the second Zeebe store " + store.second() + ": " + e.getMessage(), e);
    }
    if (zeebe.isEmpty()) {
      throw new SecondCopyFailedException("The second location holds no Zeebe backup " + backupId + " of cluster '" + clusterName
          + "' (" + store.second() + "/<partition>/" + backupId + "/): it cannot be restored from there");
    }
    // copied back: from the second place (the source here) to the primary one
    parts.add(new SetFiles(SetFileLister.ZEEBE, store.second(), store.primary(), zeebe, List.of(), java.util.Set.of()));
    List<String> dumpParts = new ArrayList<>();
    if (cluster.secondaryStorage().isRdbms()) {
      dumpParts.add(null);
    }
    dumpParts.addAll(cluster.additionalDatabaseParts());
    for (String part : dumpParts) {
      Path second = lister.secondDumpDirectory(clusterName, part);
      Path primary = part == null ? dumps.directory(clusterName) : dumps.directory(clusterName, part);
      String dump = dumps.fileName(clusterName, part, backupId);
      List<String> files = new ArrayList<>();
      for (String file : List.of(dump, DatabaseDumps.recordFileName(dump))) {
        if (Files.isRegularFile(second.resolve(file))) {
          files.add(file);
        }
      }
      if (part == null && files.size() < 2) {
        throw new SecondCopyFailedException("The second location holds no complete dump of backup " + backupId + " of cluster '"
            + clusterName + "' (" + second.resolve(dump) + " and its record): it cannot be restored from there");
      }
      if (part == null && Files.isRegularFile(second.resolve(DumpDirectoryManifestStore.fileName(backupId)))) {
        files.add(DumpDirectoryManifestStore.fileName(backupId));
      }
      parts.add(new SetFiles(part == null ? "database" : "database:" + part, second, primary, files, List.of(), java.util.Set.of()));
    }
    int copied = 0;
    int kept = 0;
    for (SetFiles part : parts) {
      for (String file : part.files()) {
        Path source = part.primary().resolve(file);
        Path target = part.second().resolve(file);
        try {
          if (Files.exists(target)) {
            if (Files.size(target) == Files.size(source) && FileDigests.sha256(target).equals(FileDigests.sha256(source))) {
              kept++;
              continue;
            }
            throw new SecondCopyFailedException("Restore from the second location refused, nothing was changed: " + target
                + " differs from its second copy " + source + " (size or SHA-256). The primary place holds something else under"
                + " the set's name: move it aside after checking it, then restore again");
          }
          String read = FileDigests.copy(source, target);
          if (!read.equals(FileDigests.sha256(target))) {
            Files.deleteIfExists(target);
            throw new SecondLocationUnavailableException("Copying " + source + " back to " + target + " read back another SHA-256;"
                + " it was deleted and is copied again. Check the storage");
          }
          copied++;
        } catch (IOException e) {
          throw new SecondLocationUnavailableException("Copying " + source + " back to " + target + " failed: " + e.getMessage()
              + ". Check that both places are mounted and the primary one is writable", e);
        }
      }
    }
    int files = parts.stream().mapToInt(part -> part.files().size()).sum();
    return new Staged(files, copied, kept);
  }
}
