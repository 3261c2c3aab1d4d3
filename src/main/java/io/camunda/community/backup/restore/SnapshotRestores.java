package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.client.SnapshotClient.ShardRecovery;
import io.camunda.community.backup.client.SnapshotClient.SnapshotContents;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.TargetUnavailableException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * Restoring one snapshot without holding a thread for it (contract 4.2 step 5): {@link #start}
 * starts it, {@link #progress} reads how far it got from the indices' recoveries, and the model
 * polls in between. Neither deletes anything: the only deletion of a restore is the approved plan's.
 *
 * <p>Idempotent under re-delivery: a restore creates all indices of the snapshot at once, each
 * recovering from the snapshot, so "some index of the snapshot exists and recovers from it" means
 * "already started"; a second start then does nothing. An index of the snapshot that exists but
 * did not come from it is something else writing into the cluster: the start refuses to touch it.
 */
@Service
public class SnapshotRestores {

  private final TargetClients clients;

  public SnapshotRestores(TargetClients clients) {
    this.clients = clients;
  }

  public enum State {
    /** None of the snapshot's indices exists. */
    NOT_STARTED,
    RUNNING,
    RESTORED
  }

  /**
   * How far the restore of one snapshot is; once it is RESTORED, {@code documents} and {@code
   * bytes} (primaries) of every restored index, before anything wrote to it.
   */
  public record Progress(String snapshot, State state, int shardsDone, int shards, String summary, Map<String, Long> documents,
      Map<String, Long> bytes) {

    Progress(String snapshot, State state, int shardsDone, int shards, String summary) {
      this(snapshot, state, shardsDone, shards, summary, Map.of(), Map.of());
    }
  }

  /**
   * Starts the restore of {@code snapshotName} unless it was started before. Returns whether this
   * call started it.
   */
  public boolean start(String clusterName, String snapshotName) {
    return start(clusterName, snapshotName, RestoreSource.PRIMARY);
  }

  /** {@link #start(String, String)} from the repository of {@code source}. */
  public boolean start(String clusterName, String snapshotName, RestoreSource source) {
    SnapshotClient snapshots = source.snapshots(clients, clusterName);
    SnapshotContents contents = snapshots.snapshotContents(snapshotName);
    if (progress(snapshots, contents).state() != State.NOT_STARTED) {
      return false;
    }
    if (snapshots.startRestore(snapshotName)) {
      return true;
    }
    // Refused because an index now exists: another delivery of this step started it in between.
    Progress now = progress(snapshots, contents);
    if (now.state() == State.NOT_STARTED) {
      throw new TargetUnavailableException("Restoring snapshot " + snapshotName + ": the target refused the restore although none of its indices "
          + contents.indices() + " exists. Check the cluster's log for the restore's reason.");
    }
    return false;
  }

  public Progress progress(String clusterName, String snapshotName) {
    return progress(clusterName, snapshotName, RestoreSource.PRIMARY);
  }

  public Progress progress(String clusterName, String snapshotName, RestoreSource source) {
    SnapshotClient snapshots = source.snapshots(clients, clusterName);
    return progress(snapshots, snapshots.snapshotContents(snapshotName));
  }

  private Progress progress(SnapshotClient snapshots, SnapshotContents contents) {
    String name = contents.snapshot();
    if (contents.indices().isEmpty()) {
      return new Progress(name, State.RESTORED, 0, 0, "the snapshot holds no index");
    }
    List<ShardRecovery> recoveries = snapshots.recoveries(contents.indices());
    Set<String> existing = recoveries.stream().map(ShardRecovery::index).collect(Collectors.toCollection(TreeSet::new));
    existing.addAll(snapshots.indices().stream().filter(contents.indices()::contains).toList());
    if (existing.isEmpty()) {
      return new Progress(name, State.NOT_STARTED, 0, contents.shards(), "none of its " + contents.indices().size() + " indices exists");
    }
    // A shard waiting to be assigned has no recovery yet; one that recovers from anything but this
    // snapshot (an empty or existing store, a peer) belongs to an index that did not come from here.
    Set<String> foreign = recoveries.stream().filter(r -> !r.fromSnapshot(snapshots.repository(), name))
        .map(ShardRecovery::index).collect(Collectors.toCollection(TreeSet::new));
    if (!foreign.isEmpty()) {
      throw new TargetUnavailableException(("Restoring snapshot %s: the indices %s exist but were not restored from it (their shards did not "
          + "recover from snapshot %s/%s). They are not part of the approved plan, so they are left alone: something still writes into "
          + "the cluster (are all components stopped?) or the search engine restarted since the restore. Check them; delete them by hand "
          + "only if they hold nothing needed, then resolve.").formatted(name, foreign, snapshots.repository(), name));
    }
    Set<String> missing = new TreeSet<>(contents.indices());
    missing.removeAll(existing);
    if (!missing.isEmpty()) {
      throw new TargetUnavailableException(("Restoring snapshot %s: of its indices, %s are being restored from it but %s do not exist; a restore "
          + "creates all of them at once, so someone deleted some during the restore. Delete the remaining ones %s by hand (they hold "
          + "nothing but this restore), then resolve: the restore of this snapshot then starts again.").formatted(name, existing, missing, existing));
    }
    int done = (int) recoveries.stream().filter(ShardRecovery::done).count();
    // the snapshot's shard count is the sum of its indices' primaries
    if (done < contents.shards()) {
      return new Progress(name, State.RUNNING, done, contents.shards(),
          "%d of %d primary shards restored (%s)".formatted(done, contents.shards(), stages(recoveries)));
    }
    // bytes from the recoveries, not the store stats: those are cached (index.store.stats_refresh_interval)
    Map<String, Long> bytes = new java.util.TreeMap<>();
    recoveries.forEach(r -> bytes.merge(r.index(), r.bytes(), (a, b) -> a < 0 || b < 0 ? -1 : a + b));
    bytes.values().removeIf(size -> size < 0);
    Map<String, Long> documents = snapshots.documentCounts(contents.indices());
    return new Progress(name, State.RESTORED, done, contents.shards(), "all %d primary shards restored".formatted(done), documents, bytes);
  }

  private static String stages(List<ShardRecovery> recoveries) {
    return recoveries.stream().collect(Collectors.groupingBy(ShardRecovery::stage, java.util.TreeMap::new, Collectors.counting()))
        .entrySet().stream().map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining(", "));
  }
}
