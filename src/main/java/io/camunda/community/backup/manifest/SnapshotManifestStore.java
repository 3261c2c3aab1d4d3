package io.camunda.community.backup.manifest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.client.SnapshotClient.SnapshotSummary;
import io.camunda.community.backup.support.AtOnce;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Manifests of an Elasticsearch/OpenSearch cluster, kept in the cluster's snapshot repository
 * beside the set's own snapshots, whatever storage the repository has (file system, S3, GCS,
 * Azure), with no credentials of its own: the manifest is written as a document of the cluster's
 * manifest index (its ID the backup ID) and that index is snapshotted as {@code
 * backup_orchestrator_manifest_<id>}. Reading restores the snapshot's index under a throwaway
 * name, reads the set's document and deletes the copy again.
 *
 * <p>The index stays on the cluster (one small shard, outside every Camunda prefix, holding one
 * document per set whose manifest is kept): creating and deleting an index per backup took two
 * thirds of the manifest's time after every resume.
 */
public class SnapshotManifestStore implements ManifestStore {

  static final String UNKNOWN = "unknown";

  static final String SNAPSHOT_PREFIX = "backup_orchestrator_manifest_";
  /** The one document's ID in the temporary index manifests were written from before the index was kept. */
  private static final String EARLIER_DOCUMENT_ID = "manifest";
  private static final String TRIGGER = "trigger";

  private final String cluster;
  private final SnapshotClient snapshots;
  private final ObjectMapper json;

  public SnapshotManifestStore(String cluster, SnapshotClient snapshots, ObjectMapper json) {
    this.cluster = cluster;
    this.snapshots = snapshots;
    this.json = json;
  }

  public static String snapshotName(long backupId) {
    return SNAPSHOT_PREFIX + backupId;
  }

  /** Outside every Camunda index prefix: a restore never selects it for deletion. */
  private String index() {
    return "backup-orchestrator-manifests-" + cluster;
  }

  @Override
  public void write(BackupManifest manifest) {
    write(manifest.backupId(), () -> manifest);
  }

  @Override
  public BackupManifest write(long backupId, Supplier<BackupManifest> description) {
    String index = index();
    // the index is created (when it is missing) while the set is described
    BackupManifest manifest = AtOnce.both(description, () -> snapshots.createUnmappedIndex(index)).first();
    snapshots.putDocument(index, String.valueOf(backupId), json.convertValue(manifest, Map.class));
    store(manifest, index);
    return manifest;
  }

  /** Snapshots the manifest's index; the trigger travels in the snapshot's metadata too, so listing the manifests tells each set's category. */
  private void store(BackupManifest manifest, String index) {
    String snapshot = snapshotName(manifest.backupId());
    Map<String, Object> metadata = Map.of(TRIGGER, manifest.trigger() == null ? UNKNOWN : manifest.trigger());
    if (!snapshots.snapshotAndWait(snapshot, index, metadata)) {
      // an earlier attempt's snapshot (or an older manifest of the same set) is replaced
      snapshots.deleteSnapshot(snapshot);
      if (!snapshots.snapshotAndWait(snapshot, index, metadata)) {
        throw new IllegalStateException("Snapshot " + snapshot + " in repository " + snapshots.repository()
            + " was taken again while it was being replaced: another writer is writing the same manifest");
      }
    }
  }

  @Override
  public Optional<BackupManifest> read(long backupId) {
    String snapshot = snapshotName(backupId);
    if (snapshots.listSnapshots(snapshot).stream().noneMatch(s -> s.name().equals(snapshot) && "SUCCESS".equals(s.state()))) {
      return Optional.empty();
    }
    String restored = "backup-orchestrator-manifest-read-" + UUID.randomUUID();
    try {
      // the snapshot's one index, whatever it was called when written (a cluster renamed in the
      // configuration, or another name for the same target, still reads it)
      snapshots.restoreAsAndWait(snapshot, "*", restored);
      Optional<JsonNode> written = snapshots.getDocument(restored, String.valueOf(backupId))
          .or(() -> snapshots.getDocument(restored, EARLIER_DOCUMENT_ID));
      return Optional.of(written
          .orElseThrow(() -> new IllegalStateException("Snapshot " + snapshot + " in repository " + snapshots.repository()
              + " holds no manifest document; write the manifest again (it is damaged)")))
          .map(document -> {
            try {
              return json.treeToValue(document, BackupManifest.class);
            } catch (JsonProcessingException e) {
              throw new IllegalStateException("The manifest in snapshot " + snapshot + " of repository " + snapshots.repository()
                  + " cannot be read: " + e.getOriginalMessage(), e);
            }
          });
    } finally {
      snapshots.deleteIndices(List.of(restored));
    }
  }

  @Override
  public Map<Long, String> list() {
    Map<Long, String> ids = new TreeMap<>();
    for (SnapshotSummary snapshot : snapshots.listSnapshots(SNAPSHOT_PREFIX + "*")) {
      String id = snapshot.name().substring(SNAPSHOT_PREFIX.length());
      if ("SUCCESS".equals(snapshot.state()) && id.matches("\\d{1,18}")) {
        ids.put(Long.parseLong(id), snapshot.metadata().getOrDefault(TRIGGER, UNKNOWN));
      }
    }
    return ids;
  }

  @Override
  public void delete(long backupId) {
    snapshots.deleteSnapshot(snapshotName(backupId));
    snapshots.deleteDocument(index(), String.valueOf(backupId));
  }

  @Override
  public String location(long backupId) {
    return "snapshot " + snapshotName(backupId) + " in repository " + snapshots.repository();
  }
}
