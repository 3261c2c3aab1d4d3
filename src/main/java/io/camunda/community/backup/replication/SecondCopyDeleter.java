package io.camunda.community.backup.replication;

import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondLocationProperties;
import io.camunda.community.backup.manifest.DumpDirectoryManifestStore;
import java.util.ArrayList;
import java.util.List;
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
  private final SecondPlaces places;
  private final DatabaseDumps dumps;

  public SecondCopyDeleter(ClusterRegistry registry, SetFileLister lister, SecondPlaces places, DatabaseDumps dumps) {
    this.registry = registry;
    this.lister = lister;
    this.places = places;
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
    List<SecondPlace> roots = new ArrayList<>(List.of(lister.secondZeebeStore(clusterName)));
    if (location.dumpDirectory() != null) {
      roots.add(places.of(cluster, location.dumpDirectory()));
    }
    for (SecondPlace root : roots) {
      try {
        root.requireReachable("The second location");
      } catch (SecondLocationUnavailableException e) {
        throw new SecondLocationUnavailableException(e.getMessage() + " (cluster '" + clusterName + "'): nothing of the set was"
            + " deleted, so that its second copy is not left behind. Make it reachable, then resolve the incident", e);
      }
    }
  }

  /** @return what was deleted, for the log; empty when the cluster copies nothing */
  public List<String> delete(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    SecondLocationProperties location = cluster.secondLocation();
    List<String> deleted = new ArrayList<>();
    if (location == null || location.mode() != SecondLocationProperties.Mode.COPY) {
      return deleted;
    }
    SecondPlace store = lister.secondZeebeStore(clusterName);
    for (String partition : store.children("")) {
      String backup = partition + "/" + backupId + "/";
      if (store.deleteAll(backup) > 0) {
        deleted.add(store.describe(backup));
      }
    }
    List<String> parts = new ArrayList<>();
    if (cluster.secondaryStorage().isRdbms()) {
      parts.add(null);
    }
    parts.addAll(cluster.additionalDatabaseParts());
    for (String part : parts) {
      SecondPlace directory = lister.secondDumpDirectory(clusterName, part);
      String dump = dumps.fileName(clusterName, part, backupId);
      List<String> files = new ArrayList<>(List.of(dump, DatabaseDumps.recordFileName(dump)));
      if (part == null) {
        files.add(DumpDirectoryManifestStore.fileName(backupId));
      }
      for (String file : files) {
        if (directory.delete(file)) {
          deleted.add(directory.describe(file));
        }
      }
    }
    return deleted;
  }
}
