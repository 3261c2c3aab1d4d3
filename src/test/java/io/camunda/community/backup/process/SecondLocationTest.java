package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SecondCopyStatus;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.database.DumpFiles;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.manifest.DumpDirectoryManifestStore;
import io.camunda.community.backup.replication.SecondCopyFailedException;
import io.camunda.community.backup.replication.SecondLocationCopier;
import io.camunda.community.backup.retention.BackupSetDeleter;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.SandboxTargets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14 items 1-3: every complete set kept a second time, on the real OpenSearch snapshot
 * repository, the sandbox's Zeebe store and real PostgreSQL dumps. Copy mode copies after the
 * pause and proves the copy (SHA-256, the repository registered read-only over it lists the set's
 * snapshots); verify mode only checks what a replicating storage delivered; a failure or a missed
 * deadline is reported and the backup stays complete; the catalog shows each set's second copy;
 * deleting a set deletes its copy.
 */
class SecondLocationTest extends BackupProcessTestSupport {

  private static final String COPY = "sandbox-es-second";

  @Autowired private BackupCatalog catalog;
  @Autowired private BackupSetDeleter deleter;
  @Autowired private SecondLocationCopier copier;
  @Autowired private io.camunda.community.backup.control.RestoreRequests restoreRequests;

  private final SandboxTargets sandbox = SandboxTargets.secondLocationSandbox();

  @org.junit.jupiter.api.AfterEach
  void componentsRunning() {
    for (var cluster : List.of(sandbox.cluster(), RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL).cluster())) {
      if (!cluster.componentsRunning()) {
        cluster.startComponents();
      }
    }
  }

  @Test
  void copiesTheCompleteSetAfterTheResumeAndTheCatalogShowsTheCopy() throws IOException {
    ProcessInstanceView backup = awaitEnd(startBackup(COPY));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    JsonNode secondCopy = backup.variable("secondCopy").orElseThrow();
    assertThat(secondCopy.get("state").asText()).as(secondCopy.toString()).isEqualTo("COMPLETE");
    assertThat(secondCopy.get("copied").asInt()).isPositive();
    // The copy began only after exporting was running again: it cannot have lengthened the pause.
    Instant resumedAt = Instant.parse(backup.variable("exportingResumedAt").orElseThrow().asText());
    assertThat(Instant.parse(secondCopy.get("startedAt").asText())).isAfter(resumedAt);
    assertThat(backup.completedElements()).containsSubsequence("CallActivity_ResumeExporting", "Task_WriteManifest",
        "Task_CopySetToSecondLocation", "Task_RequestRetention");
    assertThat(sandbox.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);

    // Every Zeebe partition's backup is in the second store, byte for byte.
    List<Path> originals = zeebeFiles(sandbox.cluster().backupStore(), backupId);
    assertThat(originals).isNotEmpty();
    for (Path original : originals) {
      Path copy = SECOND_ZEEBE_STORE.resolve(sandbox.cluster().backupStore().relativize(original));
      assertThat(DumpFiles.sha256(copy)).as(copy.toString()).isEqualTo(DumpFiles.sha256(original));
    }
    // OpenSearch reads the copied repository: the read-only repository over it lists the set's snapshots and its manifest.
    BackupSet set = catalog.find(COPY, backupId).orElseThrow();
    List<String> secondSnapshots = sandbox.openSearch().snapshotNames(SandboxTargets.SECOND_REPOSITORY);
    assertThat(secondSnapshots).containsAll(set.component(BackupSet.WEBAPPS).snapshots())
        .containsAll(set.component(BackupSet.ZEEBE_RECORDS).snapshots()).contains("backup_orchestrator_manifest_" + backupId);
    assertThat(set.secondCopy()).isEqualTo(new SecondCopyStatus(SecondCopyStatus.COMPLETE, null));

    // The catalog sees a copy damaged or lost; a repeated copy restores what is lost and refuses to overwrite what differs.
    Path copied = SECOND_ZEEBE_STORE.resolve(sandbox.cluster().backupStore().relativize(originals.getFirst()));
    Files.writeString(copied, "damaged", StandardOpenOption.APPEND);
    assertThat(catalog.find(COPY, backupId).orElseThrow().secondCopy().state()).isEqualTo(SecondCopyStatus.DAMAGED);
    assertThatThrownBy(() -> copier.copy(COPY, catalog.find(COPY, backupId).orElseThrow(), () -> false))
        .isInstanceOf(SecondCopyFailedException.class).hasMessageContaining(copied.toString()).hasMessageContaining("differs");
    Files.delete(copied);
    BackupSet missing = catalog.find(COPY, backupId).orElseThrow();
    assertThat(missing.secondCopy().state()).isEqualTo(SecondCopyStatus.MISSING);
    assertThat(missing.secondCopy().detail()).contains(sandbox.cluster().backupStore().relativize(originals.getFirst()).toString());
    var again = copier.copy(COPY, missing, () -> false);
    assertThat(again.copied()).isEqualTo(1);
    assertThat(again.skipped()).isEqualTo(again.files() - 1);
    assertThat(catalog.find(COPY, backupId).orElseThrow().secondCopy().state()).isEqualTo(SecondCopyStatus.COMPLETE);

    // Deleted with the set; not while the second location is not there (nothing is deleted then).
    Path moved = SECOND_ZEEBE_STORE.resolveSibling(SECOND_ZEEBE_STORE.getFileName() + "-unmounted");
    Files.move(SECOND_ZEEBE_STORE, moved);
    try {
      assertThatThrownBy(() -> deleter.delete(COPY, backupId))
          .isInstanceOf(io.camunda.community.backup.replication.SecondLocationUnavailableException.class)
          .hasMessageContaining("is the volume mounted?");
      assertThat(catalog.find(COPY, backupId).orElseThrow().state()).isEqualTo(SetState.COMPLETE);
    } finally {
      Files.move(moved, SECOND_ZEEBE_STORE);
    }
    deleter.delete(COPY, backupId);
    assertThat(zeebeFiles(SECOND_ZEEBE_STORE, backupId)).isEmpty();
    assertThat(catalog.find(COPY, backupId)).isEmpty();
  }

  @Test
  void aCopyThatCannotBeWrittenIsReportedAndTheBackupStaysComplete() {
    // The second store's partition directories are files (BROKEN_SECOND_ZEEBE_STORE): nothing can be written under them.
    double failedBefore = counted("c8backup.second.copies", "cluster", "sandbox-es-second-broken", "outcome", "FAILED");
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-es-second-broken"));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    JsonNode secondCopy = backup.variable("secondCopy").orElseThrow();
    assertThat(secondCopy.get("state").asText()).isEqualTo("FAILED");
    assertThat(secondCopy.get("reason").asText()).contains(BROKEN_SECOND_ZEEBE_STORE.toString())
        .contains("Check that the second location is mounted, writable and has space");
    assertThat(backup.completedElements()).contains("Task_ReportSecondCopyFailure", "Task_RequestRetention");
    assertThat(counted("c8backup.second.copies", "cluster", "sandbox-es-second-broken", "outcome", "FAILED")).isEqualTo(failedBefore + 1);
    JsonNode notified = awaitNotification("second-copy-failed", backup.key());
    assertThat(notified.path("summary").asText()).contains("is complete, but its second copy is not");
    long backupId = result.get("backupId").asLong();
    assertThat(catalog.find("sandbox-es-second-broken", backupId).orElseThrow().state()).isEqualTo(SetState.COMPLETE);
    assertThat(sandbox.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    assertThat(backup.allVariableValues()).noneMatch(v -> v.contains(SandboxTargets.SECRET));
  }

  @Test
  void aReplicatedSetIsCheckedUntilItHasArrivedWhole() throws IOException {
    ProcessInstanceView backup = startBackup("sandbox-es-verify");
    // Nothing has arrived yet: the model waits on its drawn timer and checks again.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
        backup.variable("secondCopy").map(copy -> copy.path("state").asText().equals("NOT_YET")).orElse(false));
    assertThat(backup.variable("secondCopy").orElseThrow().path("missing")).isNotEmpty();
    assertThat(backup.isEnded()).isFalse();
    // The orchestrator writes nothing to a replicated location.
    try (Stream<Path> written = Files.list(REPLICA_ZEEBE_STORE)) {
      assertThat(written).isEmpty();
    }

    // The storage replicates: the Zeebe store's files, then the repository's, its generation files last.
    long backupId = backup.variable("backupId").orElseThrow().asLong();
    for (Path original : zeebeFiles(sandbox.cluster().backupStore(), backupId)) {
      Path replica = REPLICA_ZEEBE_STORE.resolve(sandbox.cluster().backupStore().relativize(original));
      Files.createDirectories(replica.getParent());
      Files.copy(original, replica, StandardCopyOption.REPLACE_EXISTING);
    }
    replicateRepository(sandbox.openSearch().repositoryDirectory(sandbox.cluster().options().repositoryName()),
        sandbox.openSearch().repositoryDirectory(SandboxTargets.REPLICA_REPOSITORY));
    awaitEnd(backup);

    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    JsonNode secondCopy = backup.variable("secondCopy").orElseThrow();
    assertThat(secondCopy.get("state").asText()).as(secondCopy.toString()).isEqualTo("COMPLETE");
    assertThat(backup.completedElements()).contains("Timer_CheckIntervalElapsed").doesNotContain("Task_ReportSecondCopyFailure");
    assertThat(catalog.find("sandbox-es-verify", backupId).orElseThrow().secondCopy().state()).isEqualTo(SecondCopyStatus.COMPLETE);
  }

  @Test
  void aSetThatDoesNotArriveBeforeTheDeadlineIsReported() {
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-es-verify-late"));

    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    JsonNode secondCopy = backup.variable("secondCopy").orElseThrow();
    assertThat(secondCopy.get("state").asText()).isEqualTo("FAILED");
    assertThat(secondCopy.get("reason").asText()).contains("not whole in the second location within the deadline (PT3S)")
        .contains("NOT_YET");
    assertThat(backup.completedElements()).contains("BoundaryEvent_SecondCopyDeadline", "Task_ReportSecondCopyFailure");
    long backupId = result(backup).get("backupId").asLong();
    BackupSet set = catalog.find("sandbox-es-verify-late", backupId).orElseThrow();
    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    assertThat(set.secondCopy().state()).isEqualTo(SecondCopyStatus.MISSING);
  }

  @Test
  void copiesTheDatabaseDumpAndTheManifestOfAnRdbmsCluster() throws IOException {
    String cluster = "sandbox-pg-second";
    RdbmsTargets pg = RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL);
    ProcessInstanceView backup = awaitEnd(startBackup(cluster));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    assertThat(backup.variable("secondCopy").orElseThrow().get("state").asText()).isEqualTo("COMPLETE");
    Path primary = pg.dumpDirectory(cluster);
    Path second = PG_SECOND_DUMP_DIRECTORY.resolve(cluster);
    String dump = catalog.find(cluster, backupId).orElseThrow().component(BackupSet.DATABASE).snapshots().getFirst();
    for (String file : List.of(dump, dump + ".json", DumpDirectoryManifestStore.fileName(backupId))) {
      assertThat(DumpFiles.sha256(second.resolve(file))).as(file).isEqualTo(DumpFiles.sha256(primary.resolve(file)));
    }
    for (Path original : zeebeFiles(pg.cluster().backupStore(), backupId)) {
      assertThat(PG_SECOND_ZEEBE_STORE.resolve(pg.cluster().backupStore().relativize(original))).exists();
    }
    assertThat(catalog.find(cluster, backupId).orElseThrow().secondCopy().state()).isEqualTo(SecondCopyStatus.COMPLETE);

    deleter.delete(cluster, backupId);
    assertThat(second.resolve(dump)).doesNotExist();
    assertThat(second.resolve(DumpDirectoryManifestStore.fileName(backupId))).doesNotExist();
    assertThat(zeebeFiles(PG_SECOND_ZEEBE_STORE, backupId)).isEmpty();
  }

  /**
   * Issue 14 item 4: the primary storage lost (the repository's files gone from OpenSearch's view,
   * the Zeebe store's backup deleted), the set is restored from the second location: Zeebe's part
   * copied back, the snapshots restored by OpenSearch from the repository registered read-only over
   * the copy, verified, through the same approval as any restore.
   */
  @Test
  void restoresFromTheSecondLocationWhenThePrimaryIsLost() throws IOException {
    String index = SandboxTargets.SECOND_INDEX_PREFIX + "-operate-list-view-8.3.0_";
    sandbox.openSearch().index(index, java.util.Map.of("processInstanceKey", 3001, "state", "ACTIVE"));
    long atBackup = sandbox.openSearch().count(index);
    ProcessInstanceView backup = awaitEnd(startBackup(COPY));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(backup.variable("secondCopy").orElseThrow().get("state").asText()).isEqualTo("COMPLETE");
    long backupId = result(backup).get("backupId").asLong();
    sandbox.openSearch().index(index, java.util.Map.of("processInstanceKey", 3002, "state", "ACTIVE")); // written after: lost

    // The primary storage is lost.
    for (Path original : zeebeFiles(sandbox.cluster().backupStore(), backupId)) {
      Files.delete(original);
    }
    String primaryRepository = sandbox.cluster().options().repositoryName();
    Path repository = sandbox.openSearch().repositoryDirectory(primaryRepository);
    Path lost = repository.resolveSibling(repository.getFileName() + "-lost");
    sandbox.openSearch().unregisterRepository(primaryRepository);
    Files.move(repository, lost);
    try {
      // as the HTTP API and the command line start it ("from": "second-location", --from=second-location)
      ProcessInstanceView restore = track(CONTROL.instance(restoreRequests.request(COPY, backupId, "primary storage lost", "api",
          "api-key:test", false, "second-location").processInstanceKey()));
      var userTasks = new io.camunda.community.backup.engine.usertask.UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);
      var approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
      assertThat(approval.variables().get("restorePlanSummary").toString()).contains("Restored from the second location")
          .contains("from repository " + SandboxTargets.SECOND_REPOSITORY + " (the second location)");
      assertThat(restore.completedElements()).containsSubsequence("Task_CopySetBackFromSecondLocation", "Task_Preflight");
      assertThat(zeebeFiles(sandbox.cluster().backupStore(), backupId)).as("Zeebe's part copied back").isNotEmpty();
      userTasks.assign(approval.key(), "alice");
      userTasks.complete(approval.key(), java.util.Map.of("approval", "approve", "confirmClusterName", COPY));
      var stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
      sandbox.cluster().stopComponents();
      userTasks.assign(stop.key(), "operator");
      userTasks.complete(stop.key(), new java.util.HashMap<>(java.util.Map.of("componentsStopped", true)));
      var zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
      assertThat(sandbox.cluster().runZeebeRestore(0, backupId).success()).isTrue();
      userTasks.assign(zeebe.key(), "operator");
      userTasks.complete(zeebe.key(), new java.util.HashMap<>(java.util.Map.of("zeebeRestored", true)));
      var start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
      sandbox.cluster().startComponents();
      userTasks.assign(start.key(), "operator");
      userTasks.complete(start.key(), new java.util.HashMap<>(java.util.Map.of("componentsStarted", true)));
      awaitEnd(restore);

      JsonNode restored = restore.variable("restoreResult").orElseThrow();
      assertThat(restored.get("state").asText()).as(restored.toString()).isEqualTo("RESTORED");
      assertThat(restored.at("/verification/ok").asBoolean()).as(restored.toString()).isTrue();
      assertThat(sandbox.openSearch().count(index)).isEqualTo(atBackup);
    } finally {
      Files.move(lost, repository);
      sandbox.openSearch().registerRepository(primaryRepository);
    }
  }

  /** A database set lost in its primary dump directory and Zeebe store is restored from the second location's copies. */
  @Test
  void restoresAnRdbmsSetFromTheSecondLocation() throws IOException {
    String cluster = "sandbox-pg-second";
    RdbmsTargets pg = RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL);
    ProcessInstanceView backup = awaitEnd(startBackup(cluster));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    long backupId = result(backup).get("backupId").asLong();
    String dump = catalog.find(cluster, backupId).orElseThrow().component(BackupSet.DATABASE).snapshots().getFirst();
    Path primary = pg.dumpDirectory(cluster);
    String sha256 = DumpFiles.sha256(primary.resolve(dump));

    // The primary dump directory and Zeebe store lose the set.
    for (String file : List.of(dump, dump + ".json", DumpDirectoryManifestStore.fileName(backupId))) {
      Files.delete(primary.resolve(file));
    }
    for (Path original : zeebeFiles(pg.cluster().backupStore(), backupId)) {
      Files.delete(original);
    }
    assertThat(catalog.find(cluster, backupId)).isEmpty();

    ProcessInstanceView restore = track(CONTROL.instance(restoreRequests.request(cluster, backupId, "dump volume lost", "command",
        "os-user:test", false, "second-location").processInstanceKey()));
    var userTasks = new io.camunda.community.backup.engine.usertask.UserTasks(CONTROL).withTimeout(USER_TASK_WAIT);
    var approval = userTasks.awaitOpen(restore.key(), "UserTask_Approve");
    assertThat(DumpFiles.sha256(primary.resolve(dump))).as("the dump copied back").isEqualTo(sha256);
    assertThat(approval.variables().get("restorePlanSummary").toString()).contains("Restored from the second location");
    userTasks.assign(approval.key(), "alice");
    userTasks.complete(approval.key(), java.util.Map.of("approval", "approve", "confirmClusterName", cluster));
    var stop = userTasks.awaitOpen(restore.key(), "UserTask_StopComponents");
    pg.cluster().stopComponents();
    userTasks.assign(stop.key(), "operator");
    userTasks.complete(stop.key(), new java.util.HashMap<>(java.util.Map.of("componentsStopped", true)));
    var zeebe = userTasks.awaitOpen(restore.key(), "UserTask_RestoreZeebe");
    assertThat(pg.cluster().runZeebeRestore(0, backupId).success()).isTrue();
    userTasks.assign(zeebe.key(), "operator");
    userTasks.complete(zeebe.key(), new java.util.HashMap<>(java.util.Map.of("zeebeRestored", true)));
    var start = userTasks.awaitOpen(restore.key(), "UserTask_StartComponents");
    pg.cluster().startComponents();
    userTasks.assign(start.key(), "operator");
    userTasks.complete(start.key(), new java.util.HashMap<>(java.util.Map.of("componentsStarted", true)));
    awaitEnd(restore);

    JsonNode restored = restore.variable("restoreResult").orElseThrow();
    assertThat(restored.get("state").asText()).as(restored.toString()).isEqualTo("RESTORED");
    assertThat(restore.completedElements()).containsSubsequence("Task_CopySetBackFromSecondLocation", "Task_Preflight",
        "Task_RestoreDatabase");
  }

  /**
   * Issue 14 item 3: a second location that keeps its own number of sets (2) while the primary
   * keeps 1: retention deletes older sets in the primary only, and the second copies beyond 2.
   */
  @Test
  void theSecondLocationKeepsItsOwnNumberOfSets() throws IOException {
    String cluster = "sandbox-pg-second-keep";
    List<Long> ids = new ArrayList<>();
    for (int n = 0; n < 3; n++) {
      final int i = n;
      ProcessInstanceView backup = awaitEnd(startBackup(cluster));
      assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
      ids.add(result(backup).get("backupId").asLong());
      // each backup asks for retention: wait until its run has ended (it holds the cluster's lock until then)
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> retentionRunsOf(cluster) > i
          && CONTROL.instancesOf("retention").stream().map(CONTROL::instance)
              .filter(run -> run.variable("clusterName").map(JsonNode::asText).orElse("").equals(cluster)).allMatch(ProcessInstanceView::isEnded));
      assertThat(catalog.list(cluster).stream().filter(set -> set.state() == SetState.COMPLETE).map(BackupSet::backupId).toList())
          .as("the primary keeps only the newest").isEqualTo(List.of(ids.getLast()));
    }
    // the second location: the newest two, the oldest's copy (Zeebe part and dump) deleted by its own retention
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> zeebeFiles(PG_KEEP_ZEEBE_STORE, ids.get(0)).isEmpty());
    assertThat(zeebeFiles(PG_KEEP_ZEEBE_STORE, ids.get(1))).isNotEmpty();
    assertThat(zeebeFiles(PG_KEEP_ZEEBE_STORE, ids.get(2))).isNotEmpty();
    try (Stream<Path> dumps = Files.list(PG_KEEP_DUMP_DIRECTORY.resolve(cluster))) {
      List<String> names = dumps.map(path -> path.getFileName().toString()).toList();
      assertThat(names).noneMatch(name -> name.contains("-" + ids.get(0) + "."))
          .anyMatch(name -> name.contains("-" + ids.get(1) + "."));
    }
    // the set only the second location still has is restorable from there: its dump copied back
    assertThat(catalog.find(cluster, ids.get(1))).isEmpty();
  }

  /** Started from Tasklist (no API check before it): a cluster without a second location is refused before anything is touched. */
  @Test
  void aRestoreFromASecondLocationThatIsNotConfiguredIsRefused() {
    ProcessInstanceView restore = track(CONTROL.instance(client.newCreateInstanceCommand().bpmnProcessId("restore").latestVersion()
        .variables(java.util.Map.of("clusterName", "sandbox-restore", "requestedBackupId", 1L, "restoreFrom", "second-location"))
        .send().join().getProcessInstanceKey()));
    awaitEnd(restore);

    JsonNode result = restore.variable("restoreResult").orElseThrow();
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("NOT_RESTORED");
    assertThat(result.get("reason").asText()).contains("has no second-location configured").contains("nothing on the target was changed");
    assertThat(restore.completedElements()).contains("BoundaryEvent_CopyBackFailed").doesNotContain("Task_Preflight");
  }

  private static long retentionRunsOf(String cluster) {
    return CONTROL.instancesOf("retention").stream().map(CONTROL::instance)
        .filter(run -> run.variable("clusterName").map(JsonNode::asText).orElse("").equals(cluster)).count();
  }

  /** What a replicating storage does: every file of the repository, its generation files last. */
  private static void replicateRepository(Path from, Path to) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(from)) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    List<Path> generations = files.stream().filter(file -> file.getParent().equals(from)
        && file.getFileName().toString().startsWith("index")).sorted(Comparator.comparing(file ->
            file.getFileName().toString().equals("index.latest") ? 1 : 0)).toList();
    for (Path file : files.stream().filter(file -> !generations.contains(file)).toList()) {
      copy(from, to, file);
    }
    for (Path file : generations) {
      copy(from, to, file);
    }
  }

  private static void copy(Path from, Path to, Path file) throws IOException {
    Path target = to.resolve(from.relativize(file));
    Files.createDirectories(target.getParent());
    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
  }
}
