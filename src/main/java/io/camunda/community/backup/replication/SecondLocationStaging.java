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
import java.util.Optional;
import java.util.TreeSet;
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
  public Optional<Long> newestId(String clusterName) {
    TreeSet<Long> ids = SecondCopyRetention.ids(lister.secondZeebeStore(clusterName));
    return ids.isEmpty() ? Optional.empty() : Optional.of(ids.last());
  }

  /** What was copied back. */
  public record Staged(int files, int copied, int kept) {}

  /** Files to copy back: from a second place to a primary directory. */
  private record Back(SecondPlace from, Path to, List<String> files) {}

  /**
   * @throws SecondCopyFailedException when the second location has no Zeebe backup of the set, no
   *     dump of an RDBMS cluster's database, or a file in the primary place differs
   * @throws SecondLocationUnavailableException when a place cannot be read or written (retried)
   */
  public Staged stage(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    SecondLocationProperties location = SetFileLister.secondLocation(cluster);
    List<Back> parts = new ArrayList<>();
    SecondPlace store = lister.secondZeebeStore(clusterName);
    store.requireReachable("The second Zeebe store");
    List<String> zeebe = new ArrayList<>();
    for (String partition : store.children("")) {
      if (partition.matches("\\d+")) {
        zeebe.addAll(store.files(partition + "/" + backupId + "/"));
      }
    }
    if (zeebe.isEmpty()) {
      throw new SecondCopyFailedException("The second location holds no Zeebe backup " + backupId + " of cluster '" + clusterName
          + "' (" + store.describe("<partition>/" + backupId + "/") + "): it cannot be restored from there");
    }
    parts.add(new Back(store, location.zeebeStore().primary(), zeebe));
    List<String> dumpParts = new ArrayList<>();
    if (cluster.secondaryStorage().isRdbms()) {
      dumpParts.add(null);
    }
    dumpParts.addAll(cluster.additionalDatabaseParts());
    for (String part : dumpParts) {
      SecondPlace second = lister.secondDumpDirectory(clusterName, part);
      Path primary = part == null ? dumps.directory(clusterName) : dumps.directory(clusterName, part);
      String dump = dumps.fileName(clusterName, part, backupId);
      List<String> files = new ArrayList<>();
      for (String file : List.of(dump, DatabaseDumps.recordFileName(dump))) {
        if (second.size(file).isPresent()) {
          files.add(file);
        }
      }
      if (part == null && files.size() < 2) {
        throw new SecondCopyFailedException("The second location holds no complete dump of backup " + backupId + " of cluster '"
            + clusterName + "' (" + second.describe(dump) + " and its record): it cannot be restored from there");
      }
      if (part == null && second.size(DumpDirectoryManifestStore.fileName(backupId)).isPresent()) {
        files.add(DumpDirectoryManifestStore.fileName(backupId));
      }
      parts.add(new Back(second, primary, files));
    }
    int copied = 0;
    int kept = 0;
    for (Back part : parts) {
      for (String file : part.files()) {
        Path target = part.to().resolve(file);
        try {
          if (Files.exists(target)) {
            if (part.from().size(file).orElse(-1) == Files.size(target)
                && FileDigests.sha256(target).equals(part.from().sha256(file))) {
              kept++;
              continue;
            }
            throw new SecondCopyFailedException("Restore from the second location refused, nothing was changed: " + target
                + " differs from its second copy " + part.from().describe(file) + " (size or SHA-256). The primary place holds"
                + " something else under the set's name: move it aside after checking it, then restore again");
          }
          String read = part.from().copyTo(file, target);
          if (!read.equals(FileDigests.sha256(target))) {
            Files.deleteIfExists(target);
            throw new SecondLocationUnavailableException("Copying " + part.from().describe(file) + " back to " + target + " read"
                + " back another SHA-256; it was deleted and is copied again. Check the storage");
          }
          copied++;
        } catch (IOException e) {
          throw new SecondLocationUnavailableException("Copying " + part.from().describe(file) + " back to " + target + " failed: "
              + e.getMessage() + ". Check that both places are mounted and the primary one is writable", e);
        }
      }
    }
    int files = parts.stream().mapToInt(part -> part.files().size()).sum();
    return new Staged(files, copied, kept);
  }
}
