package io.camunda.community.backup.replication;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondLocationProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.springframework.stereotype.Service;

/**
 * Retention of the second location when it keeps its own number of sets ({@code
 * second-location.keep-complete}, copy mode, RDBMS storage): the newest {@code keep-complete} sets
 * whose Zeebe part the second store holds are kept, whatever the primary location still has; the
 * second copies of older ones are deleted (Zeebe part and dumps). Fails closed: a second store that
 * cannot be listed deletes nothing.
 */
@Service
public class SecondCopyRetention {

  private final ClusterRegistry registry;
  private final SecondCopyDeleter deleter;

  public SecondCopyRetention(ClusterRegistry registry, SecondCopyDeleter deleter) {
    this.registry = registry;
    this.deleter = deleter;
  }

  /** What the second location holds beyond its keep count, oldest last; empty when it keeps what the primary keeps. */
  public List<Long> beyondKeepCount(String clusterName) {
    SecondLocationProperties location = registry.get(clusterName).secondLocation();
    if (location == null || !location.keepsOnItsOwn()) {
      return List.of();
    }
    List<Long> newestFirst = new ArrayList<>(ids(location.zeebeStore().second()).descendingSet());
    return newestFirst.size() <= location.keepComplete() ? List.of() : newestFirst.subList(location.keepComplete(), newestFirst.size());
  }

  /** Deletes the second copies beyond the keep count; the IDs deleted. */
  public List<Long> prune(String clusterName) {
    List<Long> beyond = beyondKeepCount(clusterName);
    beyond.forEach(id -> deleter.delete(clusterName, id));
    return beyond;
  }

  private static TreeSet<Long> ids(Path store) {
    TreeSet<Long> ids = new TreeSet<>();
    if (!Files.isDirectory(store)) {
      throw new SecondLocationUnavailableException("The second Zeebe store " + store + " does not exist (is the volume mounted?):"
          + " the second location's retention deletes nothing without its listing");
    }
    try (Stream<Path> partitions = Files.list(store)) {
      for (Path partition : partitions.filter(Files::isDirectory).toList()) {
        if (!partition.getFileName().toString().matches("\\d+")) {
          continue;
        }
        try (Stream<Path> backups = Files.list(partition)) {
          backups.filter(Files::isDirectory).map(backup -> backup.getFileName().toString()).filter(name -> name.matches("\\d{1,18}"))
              .forEach(name -> ids.add(Long.parseLong(name)));
        }
      }
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Cannot list the second Zeebe store " + store + ": " + e.getMessage()
          + "; the second location's retention deletes nothing without its listing", e);
    }
    return ids;
  }
}
