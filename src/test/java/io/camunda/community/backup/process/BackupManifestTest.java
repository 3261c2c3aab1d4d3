package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.SnapshotClient;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.ManifestStore;
import io.camunda.community.backup.manifest.ManifestStores;
import io.camunda.community.backup.manifest.SnapshotManifestStore;
import io.camunda.community.backup.retention.BackupSetDeleter;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Issue 13 item 1: every complete set gets a manifest beside its snapshots, in the real OpenSearch repository. */
class BackupManifestTest extends BackupProcessTestSupport {

  @Autowired private BackupCatalog catalog;
  @Autowired private ManifestStores manifests;
  @Autowired private TargetClients clients;
  @Autowired private BackupSetDeleter deleter;
  @Autowired private ObjectMapper json;

  @Test
  void aCompletedBackupLeavesAManifestInItsRepositoryThatTheCatalogShowsAndDeletionRemoves() {
    ProcessInstanceView instance = awaitEnd(startBackup("sandbox"));
    JsonNode result = result(instance);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long id = result.get("backupId").asLong();
    // written after exporting was resumed, never inside the pause
    assertThat(instance.completedElements()).containsSubsequence("CallActivity_ResumeExporting", "Task_WriteManifest");
    assertThat(instance.openIncidents()).isEmpty();

    // Stored as a snapshot of the cluster's own repository, beside the set's snapshots.
    assertThat(SANDBOX.openSearch().snapshotNames()).contains(SnapshotManifestStore.snapshotName(id));
    ManifestStore store = manifests.of("sandbox");
    BackupManifest manifest = store.read(id).orElseThrow();
    // another name for the same target reads the same manifest
    assertThat(manifests.of("sandbox-no-optimize").read(id)).contains(manifest);

    assertThat(manifest.backupId()).isEqualTo(id);
    assertThat(manifest.cluster()).isEqualTo("sandbox");
    assertThat(manifest.storage()).isEqualTo("opensearch");
    assertThat(manifest.trigger()).isEqualTo(BackupManifest.MANUAL);
    assertThat(manifest.writtenAt()).isNotBlank();
    assertThat(manifest.orchestratorVersion()).isNotBlank();
    assertThat(manifest.camundaVersions()).containsEntry(BackupSet.ZEEBE, "8.8.0").containsEntry(BackupSet.WEBAPPS, "8.8.0")
        .containsEntry(BackupSet.OPTIMIZE, "8.8.0");
    // every partition with the checkpoint Zeebe reports for the backup
    ZeebeBackupInfo zeebe = clients.zeebe("sandbox").getBackup(id).orElseThrow();
    assertThat(manifest.partitions()).hasSize(zeebe.details().size()).hasSize(3);
    for (ZeebeBackupInfo.Partition partition : zeebe.details()) {
      assertThat(manifest.partitions()).contains(
          new BackupManifest.Partition(partition.partitionId(), partition.checkpointPosition(), partition.brokerVersion()));
    }
    // every snapshot of the set, each with exactly the indices OpenSearch holds in it, and their sizes
    List<String> names = new ArrayList<>();
    result.at("/snapshots/webapps").forEach(n -> names.add(n.asText()));
    result.at("/snapshots/optimize").forEach(n -> names.add(n.asText()));
    names.add(result.at("/snapshots/zeebeRecords").asText());
    assertThat(manifest.snapshots()).extracting(BackupManifest.Snapshot::name).containsExactlyInAnyOrderElementsOf(names);
    for (BackupManifest.Snapshot snapshot : manifest.snapshots()) {
      @SuppressWarnings("unchecked")
      List<String> indices = (List<String>) SANDBOX.openSearch().snapshot(snapshot.name()).get("indices");
      assertThat(snapshot.indices()).as(snapshot.name()).extracting(BackupManifest.Index::name).containsExactlyInAnyOrderElementsOf(indices);
      assertThat(snapshot.indices()).as(snapshot.name()).allSatisfy(index -> assertThat(index.sizeBytes()).isPositive());
    }
    assertThat(manifest.snapshots()).extracting(BackupManifest.Snapshot::component)
        .contains(BackupSet.WEBAPPS, BackupSet.OPTIMIZE, BackupSet.ZEEBE_RECORDS);
    assertThat(manifest.dumps()).isEmpty();
    // written from the cluster's kept manifest index (one document per set); the copy it was read back from is gone
    assertThat(SANDBOX.openSearch().indices()).contains("backup-orchestrator-manifests-sandbox")
        .noneMatch(index -> index.startsWith("backup-orchestrator-manifest-"));
    assertThat(clients.snapshots("sandbox").getDocument("backup-orchestrator-manifests-sandbox", String.valueOf(id))).isPresent();

    // The catalog shows it, with the trigger the manifest snapshot's metadata carries; a complete
    // set whose manifest is gone is flagged, and stays restorable.
    assertThat(catalogEntry(id).manifest()).isEqualTo(BackupSet.MANIFEST_PRESENT);
    assertThat(catalogEntry(id).trigger()).isEqualTo("manual");
    store.delete(id);
    BackupSet flagged = catalogEntry(id);
    assertThat(flagged.manifest()).isEqualTo(BackupSet.MANIFEST_MISSING);
    assertThat(flagged.state()).isEqualTo(SetState.COMPLETE);
    assertThat(flagged.trigger()).isEqualTo(BackupSet.TRIGGER_UNKNOWN);
    assertThat(store.read(id)).isEmpty();

    // A manifest written before the index was kept (the one document "manifest" of a temporary index) still reads.
    SnapshotClient openSearch = clients.snapshots("sandbox");
    String temporaryIndex = "backup-orchestrator-manifest-sandbox-" + id;
    openSearch.putDocument(temporaryIndex, "manifest", json.convertValue(manifest, Map.class));
    openSearch.snapshotAndWait(SnapshotManifestStore.snapshotName(id), temporaryIndex, Map.of("trigger", "manual"));
    openSearch.deleteIndices(List.of(temporaryIndex));
    assertThat(store.read(id)).contains(manifest);
    store.delete(id);

    // Written again (a repeated job; here as if a schedule had started it), then deleted with the set.
    BackupManifest scheduled = manifest.withTrigger(BackupManifest.SCHEDULED);
    store.write(scheduled);
    assertThat(store.read(id)).contains(scheduled);
    assertThat(catalogEntry(id).trigger()).isEqualTo("scheduled");
    // written again while it exists (a job delivered twice): the stored one is replaced
    store.write(manifest);
    assertThat(store.read(id)).contains(manifest);
    assertThat(catalogEntry(id).trigger()).isEqualTo("manual");
    deleter.delete("sandbox", id);
    assertThat(store.list()).doesNotContainKey(id);
    assertThat(clients.snapshots("sandbox").getDocument("backup-orchestrator-manifests-sandbox", String.valueOf(id))).isEmpty();
    assertThat(SANDBOX.openSearch().snapshotNames()).doesNotContain(SnapshotManifestStore.snapshotName(id));
  }

  /**
   * The repository refuses the manifest's snapshot: the step retries, then stops at an incident
   * that says where the manifest goes and that the set is complete; exporting runs and the lock is
   * free meanwhile. Once the storage answers, resolving the incident writes it.
   */
  @Test
  void aManifestThatCannotBeWrittenStopsAtAnIncidentAfterTheLockIsFreeAndIsWrittenOnceResolved() {
    SandboxTargets restoreSandbox = SandboxTargets.restoreSandbox(); // its "lossy" cluster reaches OpenSearch through the faults
    SandboxFaults faults = restoreSandbox.cluster().faults();
    faults.failWith("PUT", "/_snapshot/[^/]+/backup_orchestrator_manifest_.*", 503,
        "{\"error\":{\"type\":\"repository_exception\",\"reason\":\"storage unavailable\"},\"status\":503}", SandboxFaults.UNTIL_CLEARED);
    try {
      ProcessInstanceView instance = startBackup("sandbox-restore-lossy");
      awaitIncident(instance);
      Record<IncidentRecordValue> incident = instance.openIncidents().getFirst();
      long id = instance.variable("backupId").orElseThrow().asLong();
      assertThat(incident.getValue().getElementId()).isEqualTo("Task_WriteManifest");
      assertThat(incident.getValue().getErrorMessage())
          .contains("The manifest of backup " + id + " of cluster 'sandbox-restore-lossy' could not be written to snapshot "
              + SnapshotManifestStore.snapshotName(id))
          .contains("503").contains("The set itself is complete");
      assertThat(instance.jobIntents("Task_WriteManifest")).as("retried before the incident").filteredOn("FAILED"::equals).hasSize(5);
      assertThat(instance.completedElements()).contains("CallActivity_ResumeExporting", "Task_ReleaseClusterLock", "Task_SummarizeBackup");
      assertThat(restoreSandbox.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
      BackupSet set = catalog.find("sandbox-restore-lossy", id).orElseThrow();
      assertThat(set.state()).isEqualTo(SetState.COMPLETE);
      assertThat(set.manifest()).isEqualTo(BackupSet.MANIFEST_MISSING);

      faults.clear();
      faults.clearRequests();
      // Zeebe answers slowly: the manifest's index is created meanwhile, not after the set is described
      faults.delay("GET", "/actuator/backupRuntime/" + id, Duration.ofSeconds(2));
      client.newUpdateRetriesCommand(incident.getValue().getJobKey()).retries(1).send().join();
      client.newResolveIncidentCommand(incident.getKey()).send().join();
      awaitEnd(instance);
      assertThat(instance.isCompleted()).isTrue();
      assertThat(catalog.find("sandbox-restore-lossy", id).orElseThrow().manifest()).isEqualTo(BackupSet.MANIFEST_PRESENT);
      // the sizes of the set's snapshots come from one status request, not one per snapshot
      List<String> statusReads = faults.requests().stream()
          .filter(r -> r.method().equals("GET") && r.path().endsWith("/_status")).map(r -> r.path()).toList();
      assertThat(statusReads).hasSize(1);
      assertThat(statusReads.getFirst().split("/")[3].split(",")).hasSize(manifests.of("sandbox-restore-lossy").read(id)
          .orElseThrow().snapshots().size()).allSatisfy(name -> assertThat(name).contains(String.valueOf(id)));
      // what the set is worth is read from its parts; the manifests' listing is not needed to write one
      List<String> beforeTheSnapshot = faults.requests().stream().map(r -> r.method() + " " + r.path())
          .takeWhile(r -> !r.endsWith("/" + SnapshotManifestStore.snapshotName(id))).toList();
      assertThat(beforeTheSnapshot).contains("GET " + statusReads.getFirst())
          .noneMatch(r -> r.endsWith("/" + SnapshotManifestStore.snapshotName(0).replace("0", "*")));
      assertThat(faults.requests()).extracting(r -> r.method() + " " + r.path()).containsSubsequence(
          "PUT /backup-orchestrator-manifests-sandbox-restore-lossy", "GET " + statusReads.getFirst());
    } finally {
      faults.clear();
    }
  }

  private BackupSet catalogEntry(long id) {
    return catalog.list("sandbox").stream().filter(set -> set.backupId() == id).findFirst().orElseThrow();
  }

}
