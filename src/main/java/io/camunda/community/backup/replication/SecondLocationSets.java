package io.camunda.community.backup.replication;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.BackupSetClassifier;
import io.camunda.community.backup.catalog.ComponentStatus;
import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.SnapshotManifestStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * A set of an Elasticsearch/OpenSearch cluster as its second location holds it, for a restore
 * from there when the primary storage is lost: what the web apps' and Optimize's backup APIs would
 * say reads from the primary repository, so the set is read from the second one instead. Its
 * manifest (in the second repository) says which snapshots make it up; each must be listed there as
 * SUCCESS; the Zeebe part is what the brokers report once its backup was copied back into their
 * store. Without a manifest there is no set: nothing else can tell what the set consisted of.
 */
@Service
public class SecondLocationSets {

  private final TargetClients clients;
  private final ObjectMapper json;

  public SecondLocationSets(TargetClients clients, ObjectMapper json) {
    this.clients = clients;
    this.json = json;
  }

  /** The set with this ID in the second location; empty when the second repository has no manifest of it. */
  public Optional<BackupSet> find(String clusterName, long backupId) {
    SnapshotClient second = clients.secondRepositorySnapshots(clusterName);
    Optional<BackupManifest> read = new SnapshotManifestStore(clusterName, second, json).read(backupId);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    BackupManifest manifest = read.get();
    Map<String, String> states = second.listSnapshots("*").stream()
        .collect(Collectors.toMap(SnapshotClient.SnapshotSummary::name, SnapshotClient.SnapshotSummary::state, (a, b) -> a));
    ZeebeBackupInfo zeebe = clients.zeebe(clusterName).getBackup(backupId).orElse(null);
    Map<String, ComponentStatus> components = new LinkedHashMap<>();
    components.put(BackupSet.ZEEBE, BackupSetClassifier.zeebe(zeebe));
    for (String component : BackupSet.SNAPSHOT_COMPONENTS) {
      List<String> names = manifest.snapshots().stream().filter(snapshot -> component.equals(snapshot.component()))
          .map(BackupManifest.Snapshot::name).toList();
      if (names.isEmpty()) {
        continue; // a part the cluster did not have (Optimize not deployed)
      }
      List<String> notThere = new ArrayList<>();
      names.stream().filter(name -> !"SUCCESS".equals(states.get(name)))
          .forEach(name -> notThere.add(name + " " + states.getOrDefault(name, "missing")));
      String done = BackupSet.ZEEBE_RECORDS.equals(component) ? "SUCCESS" : "COMPLETED";
      components.put(component, notThere.isEmpty() ? new ComponentStatus(done, null, names)
          : new ComponentStatus("FAILED", "not in repository " + second.repository() + ": " + String.join(", ", notThere), names));
    }
    Instant time = Optional.ofNullable(manifest.writtenAt()).map(Instant::parse).orElse(null);
    String version = manifest.camundaVersions().getOrDefault(BackupSet.WEBAPPS, manifest.camundaVersions().get(BackupSet.ZEEBE));
    BackupSet set = new BackupSet(backupId, time, version, zeebe == null ? manifest.partitionCount() : zeebe.details().size(),
        BackupSetClassifier.classify(components), components, BackupSetClassifier.reasons(components));
    return Optional.of(set.withManifest(BackupSet.MANIFEST_PRESENT, manifest.trigger() == null ? BackupSet.TRIGGER_UNKNOWN : manifest.trigger()));
  }

  /** The IDs of the sets whose manifest the second repository holds, newest first. */
  public List<Long> ids(String clusterName) {
    List<Long> ids = new ArrayList<>(new SnapshotManifestStore(clusterName, clients.secondRepositorySnapshots(clusterName), json)
        .list().keySet());
    ids.sort(java.util.Comparator.reverseOrder());
    return ids;
  }
}
