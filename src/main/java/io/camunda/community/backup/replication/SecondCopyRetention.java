package io.camunda.community.backup.replication;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondLocationProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
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
  private final SetFileLister lister;
  private final SecondCopyDeleter deleter;

  public SecondCopyRetention(ClusterRegistry registry, SetFileLister lister, SecondCopyDeleter deleter) {
    this.registry = registry;
    this.lister = lister;
    this.deleter = deleter;
  }

  /** What the second location holds beyond its keep count, oldest last; empty when it keeps what the primary keeps. */
  public List<Long> beyondKeepCount(String clusterName) {
    SecondLocationProperties location = registry.get(clusterName).secondLocation();
    if (location == null || !location.keepsOnItsOwn()) {
      return List.of();
    }
    List<Long> newestFirst = new ArrayList<>(ids(lister.secondZeebeStore(clusterName)).descendingSet());
    return newestFirst.size() <= location.keepComplete() ? List.of() : newestFirst.subList(location.keepComplete(), newestFirst.size());
  }

  /** Deletes the second copies beyond the keep count; the IDs deleted. */
  public List<Long> prune(String clusterName) {
    List<Long> beyond = beyondKeepCount(clusterName);
    beyond.forEach(id -> deleter.delete(clusterName, id));
    return beyond;
  }

  /** The backup IDs the second Zeebe store holds a partition of ({@code <partition>/<backup-id>/}). */
  static TreeSet<Long> ids(SecondPlace store) {
    TreeSet<Long> ids = new TreeSet<>();
    try {
      store.requireReachable("The second Zeebe store");
      for (String partition : store.children("")) {
        if (partition.matches("\\d+")) {
          store.children(partition).stream().filter(name -> name.matches("\\d{1,18}")).forEach(name -> ids.add(Long.parseLong(name)));
        }
      }
    } catch (SecondLocationUnavailableException e) {
      throw new SecondLocationUnavailableException(e.getMessage() + "; the second location's retention deletes nothing without"
          + " its listing", e);
    }
    return ids;
  }
}
