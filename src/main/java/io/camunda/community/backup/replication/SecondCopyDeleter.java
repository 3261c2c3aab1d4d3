package io.camunda.community.backup.replication;

import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondLocationProperties;
import io.camunda.community.backup.manifest.DumpDirectoryManifestStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Deletes a set's second copy with the set (retention, voids), in copy mode: the Zeebe partitions'
 * backups and the dumps. Idempotent: what is already gone is skipped. In verify mode the storage
 * replicates deletions itself, and nothing is written to the second location.
 *
 * <p>The second snapshot repository is not touched per set: it follows the original's generation at
 * the next copy, and the files only deleted snapshots used stay there until the repository is
 * cleaned up ({@code POST _snapshot/<repository>/_cleanup} with the repository registered writable).
 */
@Service
public class SecondCopyDeleter {

  private final ClusterRegistry registry;
  private final SetFileLister lister;
  private final DatabaseDumps dumps;

  public SecondCopyDeleter(ClusterRegistry registry, SetFileLister lister, DatabaseDumps dumps) {
    this.registry = registry;
    this.lister = lister;
    this.dumps = dumps;
  }

  /**
   * Fails when the second location's places cannot be read (a volume not mounted): a deletion must
   * not go ahead that would leave the second copy behind while the original goes. Called before
   * anything of the set is deleted.
   */
  public void requireReachable(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    SecondLocationProperties location = cluster.secondLocation();
    if (location == null || location.mode() != SecondLocationProperties.Mode.COPY) {
      return;
    }
    List<Path> roots = new ArrayList<>(List.of(location.zeebeStore().second()));
    if (location.dumpDirectory() != null) {
      roots.add(location.dumpDirectory());
    }
    for (Path root : roots) {
      if (!Files.isDirectory(root)) {
        throw new SecondLocationUnavailableException("The second location " + root + " of cluster '" + clusterName + "' does not"
            + " exist (is the volume mounted?): nothing of the set was deleted, so that its second copy is not left behind."
            + " Mount it, then resolve the incident");
      }
    }
  }

  /** @return what was deleted, for the log; empty when the cluster copies nothing */
  public List<Path> delete(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    SecondLocationProperties location = cluster.secondLocation();
    List<Path> deleted = new ArrayList<>();
    if (location == null || location.mode() != SecondLocationProperties.Mode.COPY) {
      return deleted;
    }
    Path store = location.zeebeStore().second();
    if (Files.isDirectory(store)) {
      try (Stream<Path> partitions = Files.list(store)) {
        for (Path partition : partitions.filter(Files::isDirectory).toList()) {
          Path backup = partition.resolve(Long.toString(backupId));
          if (Files.isDirectory(backup)) {
            deleteTree(backup);
            deleted.add(backup);
          }
        }
      } catch (IOException e) {
        throw unavailable(store, e);
      }
    }
    List<String> parts = new ArrayList<>();
    if (cluster.secondaryStorage().isRdbms()) {
      parts.add(null);
    }
    parts.addAll(cluster.additionalDatabaseParts());
    for (String part : parts) {
      Path directory = lister.secondDumpDirectory(clusterName, part);
      String dump = dumps.fileName(clusterName, part, backupId);
      List<String> files = new ArrayList<>(List.of(dump, DatabaseDumps.recordFileName(dump)));
      if (part == null) {
        files.add(DumpDirectoryManifestStore.fileName(backupId));
      }
      for (String file : files) {
        try {
          if (Files.deleteIfExists(directory.resolve(file))) {
            deleted.add(directory.resolve(file));
          }
        } catch (IOException e) {
          throw unavailable(directory, e);
        }
      }
    }
    return deleted;
  }

  private static void deleteTree(Path directory) throws IOException {
    try (Stream<Path> tree = Files.walk(directory)) {
      for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(path);
        } catch (NoSuchFileException e) {
          // deleted by an earlier attempt
        }
      }
    }
  }

  private static SecondLocationUnavailableException unavailable(Path path, IOException e) {
    return new SecondLocationUnavailableException("Deleting in the second location " + path + " failed: " + e.getMessage()
        + ". Check that it is mounted and writable; the deletion is tried again", e);
  }
}
