package io.camunda.community.backup.replication;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.manifest.SnapshotManifestStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the target reads from the second copy of the snapshot repository, through the repository
 * registered read-only over it: the proof that the copied files form a repository Elasticsearch or
 * OpenSearch can restore from, not only files of the right size.
 */
final class SecondRepositoryListing {

  private final Map<String, String> states;

  private SecondRepositoryListing(Map<String, String> states) {
    this.states = states;
  }

  /** Every snapshot the second repository lists, with its state. */
  static SecondRepositoryListing read(SnapshotClient secondRepository) {
    return new SecondRepositoryListing(secondRepository.listSnapshots("*").stream()
        .collect(Collectors.toMap(SnapshotClient.SnapshotSummary::name, SnapshotClient.SnapshotSummary::state, (a, b) -> a)));
  }

  /** The set's snapshots (web apps, Optimize, records, and its manifest when it has one) the second repository does not list as SUCCESS. */
  List<String> notRestorable(BackupSet set) {
    List<String> missing = new ArrayList<>();
    for (String name : snapshotNames(set)) {
      if (!"SUCCESS".equals(states.get(name))) {
        missing.add(name + (states.containsKey(name) ? " (" + states.get(name) + ")" : ""));
      }
    }
    return missing;
  }

  static List<String> snapshotNames(BackupSet set) {
    List<String> names = new ArrayList<>();
    BackupSet.SNAPSHOT_COMPONENTS.forEach(component -> names.addAll(set.component(component).snapshots()));
    if (BackupSet.MANIFEST_PRESENT.equals(set.manifest())) {
      names.add(SnapshotManifestStore.snapshotName(set.backupId()));
    }
    return names;
  }
}
