package io.camunda.community.backup.sandbox;

import static io.camunda.community.backup.sandbox.SandboxHttp.JSON;
import static io.camunda.community.backup.sandbox.SandboxHttp.call;
import static io.camunda.community.backup.sandbox.SandboxHttp.post;
import static io.camunda.community.backup.sandbox.SandboxHttp.send;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the stand-in over HTTP against the real OpenSearch node, as the orchestrator would. */
class SandboxCamundaClusterTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String ENDPOINT_OK = "{\"body\":null,\"status\":204,\"contentType\":null}";

  /** Zeebe needs ever higher ids across the whole class, whatever the test order. */
  private static final AtomicLong NEXT_ID = new AtomicLong(1_748_937_000L);

  @TempDir static Path tempDir;

  private static SandboxOpenSearch openSearch;
  private static SandboxCamundaCluster cluster;
  private static String mgmt;
  private static String opt;

  @BeforeAll
  static void startCluster() {
    openSearch = SandboxOpenSearch.shared();
    openSearch.resetData();
    cluster =
        SandboxCamundaCluster.start(
            openSearch,
            tempDir.resolve("zeebe-backups"),
            SandboxOptions.defaults().withWebappsIncompleteCheckTimeout(Duration.ofSeconds(30)));
    mgmt = cluster.managementUrl();
    opt = cluster.optimizeUrl();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void clearFaults() throws Exception {
    cluster.faults().clear();
    call("POST", mgmt + "/actuator/exporting/resume");
  }

  @Test
  void pauseAndResumeAnswerHttp200WithTheEndpointResponseAndTrackTheState() throws Exception {
    int before = cluster.exportingHistory().size();

    var soft = call("POST", mgmt + "/actuator/exporting/pause?soft=true");
    assertThat(soft.status()).isEqualTo(200);
    assertThat(soft.body()).isEqualTo(ENDPOINT_OK);
    assertThat(cluster.exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);
    assertThat(call("GET", mgmt + "/actuator/partitions").json())
        .hasSize(3)
        .allSatisfy(partition -> assertThat(partition.path("exporterPhase").asText()).isEqualTo("SOFT_PAUSED"));

    call("POST", mgmt + "/actuator/exporting/pause");
    call("POST", mgmt + "/actuator/exporting/pause?soft=true"); // hard pause supersedes soft
    assertThat(cluster.exportingState()).isEqualTo(ExportingState.PAUSED);

    assertThat(call("POST", mgmt + "/actuator/exporting/resume").body()).isEqualTo(ENDPOINT_OK);
    assertThat(cluster.exportingState()).isEqualTo(ExportingState.EXPORTING);
    assertThat(cluster.exportingHistory().subList(before, cluster.exportingHistory().size()))
        .extracting(ExportingTransition::to)
        .containsExactly(ExportingState.SOFT_PAUSED, ExportingState.PAUSED, ExportingState.EXPORTING);
    assertThat(call("GET", mgmt + "/actuator/health").json().path("status").asText()).isEqualTo("UP");
  }

  @Test
  void exporterKeepsWritingUnderSoftPauseButOnlyAcknowledgesWhileExporting() throws Exception {
    // A version of its own gives this cluster's exporter an index no other sandbox writes to.
    var options = SandboxOptions.defaults().withCamundaVersion("8.8.1");
    try (var own = SandboxCamundaCluster.start(openSearch, tempDir.resolve("exporter"), options)) {
      var index = SampleData.zeebeRecordIndex("process", "8.8.1");
      var url = own.managementUrl();
      await().atMost(TIMEOUT).until(() -> own.exportedPosition() > 0);

      call("POST", url + "/actuator/exporting/pause?soft=true");
      long frozen = own.exportedPosition();
      long documents = openSearch.count(index);
      await().atMost(TIMEOUT).until(() -> openSearch.count(index) > documents);
      assertThat(own.exportedPosition()).isEqualTo(frozen);

      call("POST", url + "/actuator/exporting/pause");
      // a write already in flight may still land; from then on the count must stand still
      var lastCount = new AtomicLong(-1);
      await().during(Duration.ofMillis(600)).atMost(TIMEOUT)
          .until(() -> lastCount.getAndSet(openSearch.count(index)) == lastCount.get());
      assertThat(own.exportedPosition()).isEqualTo(frozen);

      call("POST", url + "/actuator/exporting/resume");
      await().atMost(TIMEOUT).until(() -> own.exportedPosition() > frozen && openSearch.count(index) > lastCount.get());
    }
  }

  @Test
  void failedPauseAndResumeAreReportedInTheBodyOnly() throws Exception {
    cluster.faults().exportingPauseFails(1).exportingResumeFails(1);

    var failedPause = call("POST", mgmt + "/actuator/exporting/pause?soft=true");
    assertThat(failedPause.status()).isEqualTo(200);
    assertThat(failedPause.json().path("status").asInt()).isEqualTo(500);
    assertThat(failedPause.json().path("body").path("message").asText()).startsWith("Expected 3 members");
    assertThat(cluster.exportingState()).isEqualTo(ExportingState.EXPORTING);

    assertThat(call("POST", mgmt + "/actuator/exporting/pause?soft=true").body()).isEqualTo(ENDPOINT_OK);
    assertThat(call("POST", mgmt + "/actuator/exporting/resume").json().path("status").asInt()).isEqualTo(500);
    assertThat(cluster.exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);
  }

  @Test
  void zeebeBackupRunsCompletesIsListedAndItsIdStaysUsedAfterDelete() throws Exception {
    long first = NEXT_ID.incrementAndGet();
    long second = NEXT_ID.incrementAndGet();

    var taken = post(mgmt + "/actuator/backupRuntime", first);
    assertThat(taken.status()).isEqualTo(202);
    assertThat(taken.json().path("message").asText())
        .isEqualTo("A backup with id %d has been scheduled. Use GET actuator/backups/%d to monitor the status.", first, first);
    assertThat(call("GET", mgmt + "/actuator/backupRuntime/" + first).json().path("state").asText())
        .isEqualTo("IN_PROGRESS");
    var completed = awaitState(mgmt + "/actuator/backupRuntime/" + first, "COMPLETED");
    assertThat(completed.path("details")).hasSize(3);
    var partition = completed.path("details").path(0);
    assertThat(partition.path("partitionId").asInt()).isEqualTo(1);
    assertThat(partition.path("brokerVersion").asText()).isEqualTo("8.8.0");
    assertThat(partition.properties().stream().map(Map.Entry::getKey))
        .containsExactly("partitionId", "state", "createdAt", "lastUpdatedAt", "snapshotId", "checkpointPosition",
            "brokerId", "brokerVersion");

    var manifest = cluster.backupStore().resolve("1").resolve(String.valueOf(first)).resolve("manifest.json");
    assertThat(JSON.readTree(manifest.toFile()).path("checkpointPosition").asLong())
        .isEqualTo(partition.path("checkpointPosition").asLong());
    assertThat(manifest.resolveSibling("partition-state.json")).exists();

    assertThat(post(mgmt + "/actuator/backupRuntime", first - 1).status()).isEqualTo(409);
    assertThat(post(mgmt + "/actuator/backupRuntime", second).status()).isEqualTo(202);
    var list = call("GET", mgmt + "/actuator/backupRuntime").json();
    assertThat(list.path(0).path("backupId").asLong()).isEqualTo(second);
    assertThat(list.path(1).path("backupId").asLong()).isEqualTo(first);
    assertThat(list.path(0).path("details").path(0).size()).isEqualTo(4); // partitionId, state, createdAt, brokerVersion
    var prefix = String.valueOf(second).substring(0, String.valueOf(second).length() - 1);
    assertThat(call("GET", mgmt + "/actuator/backupRuntime/" + prefix + "*").json()).isNotEmpty();

    assertThat(call("DELETE", mgmt + "/actuator/backupRuntime/" + first).status()).isEqualTo(204);
    var gone = call("GET", mgmt + "/actuator/backupRuntime/" + first);
    assertThat(gone.status()).isEqualTo(404);
    assertThat(gone.json().path("message").asText()).isEqualTo("Backup with id %d does not exist", first);
    assertThat(manifest.getParent()).doesNotExist();
    assertThat(cluster.zeebeBackupIds()).doesNotContain(first).contains(second);
    assertThat(post(mgmt + "/actuator/backupRuntime", first).status()).isEqualTo(409);
  }

  @Test
  void zeebeBackupRejectsInvalidRequests() throws Exception {
    assertThat(post(mgmt + "/actuator/backupRuntime", 0).json().path("message").asText())
        .isEqualTo("A backupId must be provided and it must be > 0");
    assertThat(send("POST", mgmt + "/actuator/backupRuntime", "{}").status()).isEqualTo(400);
    assertThat(call("GET", mgmt + "/actuator/backupRuntime/abc").status()).isEqualTo(400);
  }

  @Test
  void zeebeBackupFaultsFailOnePartitionOrKeepItRunning() throws Exception {
    cluster.faults().zeebeBackupFails("S3 unreachable");
    long failing = NEXT_ID.incrementAndGet();
    post(mgmt + "/actuator/backupRuntime", failing);
    var failed = awaitState(mgmt + "/actuator/backupRuntime/" + failing, "FAILED");
    assertThat(failed.path("failureReason").asText()).isEqualTo("S3 unreachable");

    cluster.faults().clear();
    cluster.faults().zeebeBackupStuckInProgress(true);
    long stuck = NEXT_ID.incrementAndGet();
    post(mgmt + "/actuator/backupRuntime", stuck);
    await().during(Duration.ofMillis(800)).atMost(TIMEOUT)
        .until(() -> state(mgmt + "/actuator/backupRuntime/" + stuck).equals("IN_PROGRESS"));
    cluster.faults().zeebeBackupStuckInProgress(false);
    awaitState(mgmt + "/actuator/backupRuntime/" + stuck, "COMPLETED");
  }

  @Test
  void webappsBackupTakesRealSnapshotsPartByPart() throws Exception {
    long backupId = NEXT_ID.incrementAndGet();

    var taken = post(mgmt + "/actuator/backupHistory", backupId);
    assertThat(taken.status()).isEqualTo(200);
    List<String> names = JSON.convertValue(taken.json().path("scheduledSnapshots"), new TypeReference<>() {});
    assertThat(names)
        .hasSize(5)
        .allSatisfy(name -> assertThat(name).matches("camunda_webapps_" + backupId + "_8\\.8\\.0_part_\\d_of_5"));

    var completed = awaitState(mgmt + "/actuator/backupHistory/" + backupId, "COMPLETED");
    assertThat(completed.path("details"))
        .hasSize(5)
        .allSatisfy(detail -> {
          assertThat(detail.path("state").asText()).isEqualTo("SUCCESS");
          assertThat(detail.path("startTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d{4}");
        });
    assertThat(openSearch.snapshotNames()).containsAll(names);
    var part3 = openSearch.snapshot("camunda_webapps_" + backupId + "_8.8.0_part_3_of_5");
    assertThat(part3.get("metadata")).isEqualTo(Map.of("backupId", (int) backupId, "version", "8.8.0", "partNo", 3, "partCount", 5));
    assertThat(part3.get("indices")).isEqualTo(List.of("operate-variable-8.3.0_"));

    var duplicate = post(mgmt + "/actuator/backupHistory", backupId);
    assertThat(duplicate.status()).isEqualTo(400);
    assertThat(duplicate.json().path("message").asText()).startsWith("A backup with ID [" + backupId + "] already exists.");
    assertThat(call("GET", mgmt + "/actuator/backupHistory?verbose=false").json())
        .anySatisfy(backup -> assertThat(backup.path("backupId").asLong()).isEqualTo(backupId));

    assertThat(call("DELETE", mgmt + "/actuator/backupHistory/" + backupId).status()).isEqualTo(204);
    assertThat(call("GET", mgmt + "/actuator/backupHistory/" + backupId).json().path("message").asText())
        .isEqualTo("No backup with id [%d] found.", backupId);
  }

  @Test
  void webappsBackupReportsIncompleteToTheCountedReadsThenCompletes() throws Exception {
    cluster.faults().webappsIncompleteForReads(2);
    long backupId = NEXT_ID.incrementAndGet();
    post(mgmt + "/actuator/backupHistory", backupId);

    // However long the first part takes, the two reads after it see INCOMPLETE; the list does not count.
    awaitState(mgmt + "/actuator/backupHistory/" + backupId, "INCOMPLETE");
    assertThat(call("GET", mgmt + "/actuator/backupHistory").status()).isEqualTo(200);
    assertThat(state(mgmt + "/actuator/backupHistory/" + backupId)).isEqualTo("INCOMPLETE");
    awaitState(mgmt + "/actuator/backupHistory/" + backupId, "COMPLETED");
  }

  @Test
  void aDelayedRequestStillWaitingWhenTheFaultsAreClearedIsDroppedUnexecuted() throws Exception {
    cluster.faults().delay("POST", "/actuator/backupHistory", Duration.ofMinutes(5));
    int before = cluster.faults().requestCount("POST", "/actuator/backupHistory");
    long backupId = NEXT_ID.incrementAndGet();
    var answer = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return post(mgmt + "/actuator/backupHistory", backupId);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    await().atMost(TIMEOUT).until(() -> cluster.faults().requestCount("POST", "/actuator/backupHistory") == before + 1);

    cluster.faults().clear();

    // Answered at once, and never executed: it cannot start a backup in a later test.
    assertThat(answer.get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(503);
    assertThat(call("GET", mgmt + "/actuator/backupHistory/" + backupId).status()).isEqualTo(404);
  }

  @Test
  void webappsBackupFaultsStickOrFail() throws Exception {
    cluster.faults().webappsStuckInProgress(true);
    long stuck = NEXT_ID.incrementAndGet();
    post(mgmt + "/actuator/backupHistory", stuck);
    var another = post(mgmt + "/actuator/backupHistory", NEXT_ID.incrementAndGet());
    assertThat(another.json().path("message").asText()).isEqualTo("Another backup is running at the moment");
    await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
        .until(() -> state(mgmt + "/actuator/backupHistory/" + stuck).equals("IN_PROGRESS"));
    cluster.faults().webappsStuckInProgress(false);
    awaitState(mgmt + "/actuator/backupHistory/" + stuck, "COMPLETED");

    cluster.faults().webappsBackupFails();
    long failing = NEXT_ID.incrementAndGet();
    // the previous backup counts as running until the sandbox has seen its last part end
    await().atMost(TIMEOUT).until(() -> post(mgmt + "/actuator/backupHistory", failing).status() == 200);
    var failed = awaitState(mgmt + "/actuator/backupHistory/" + failing, "FAILED");
    assertThat(failed.path("failureReason").asText()).startsWith("Some of the snapshots are partial: camunda_webapps_" + failing);
    await().atMost(TIMEOUT).until(() -> !openSearch.indices().contains(WebappsBackupApi.UNASSIGNED_INDEX));
  }

  @Test
  void optimizeBackupAnswersLikeOptimize() throws Exception {
    long backupId = NEXT_ID.incrementAndGet();

    var taken = post(opt + "/actuator/backups", backupId);
    assertThat(taken.status()).isEqualTo(202);
    assertThat(taken.body())
        .isEqualTo("{\"message\" : \"Backup creation for ID " + backupId
            + " has been scheduled. Use the GET API to monitor completion of backup process\"}");
    var completed = awaitState(opt + "/actuator/backups/" + backupId, "COMPLETED");
    assertThat(completed.path("details")).extracting(detail -> detail.path("snapshotName").asText())
        .containsExactly(
            "camunda_optimize_" + backupId + "_8.8.0_part_1_of_2", "camunda_optimize_" + backupId + "_8.8.0_part_2_of_2");

    var duplicate = post(opt + "/actuator/backups", backupId);
    assertThat(duplicate.status()).isEqualTo(409);
    assertThat(duplicate.json().path("errorCode").asText()).isEqualTo("conflict");
    assertThat(duplicate.json().path("detailedMessage").asText())
        .startsWith("A backup with ID [" + backupId + "] already exists. Found snapshots: [camunda_optimize_");
    assertThat(duplicate.json().has("reportDefinition")).isTrue();

    var missing = call("GET", opt + "/actuator/backups/1");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.json().path("detailedMessage").asText()).isEqualTo("No Optimize backup with ID [1] could be found.");
    assertThat(call("DELETE", opt + "/actuator/backups/" + backupId).status()).isEqualTo(204);
    assertThat(call("GET", opt + "/actuator/backups/" + backupId).status()).isEqualTo(404);
  }

  @Test
  void optimizeReportsIncompleteBetweenItsTwoSnapshots() throws Exception {
    cluster.faults().optimizeIncompleteForReads(2);
    long backupId = NEXT_ID.incrementAndGet();
    post(opt + "/actuator/backups", backupId);

    awaitState(opt + "/actuator/backups/" + backupId, "INCOMPLETE");
    assertThat(state(opt + "/actuator/backups/" + backupId)).isEqualTo("INCOMPLETE");
    awaitState(opt + "/actuator/backups/" + backupId, "COMPLETED");
  }

  @Test
  void optimizeBackupFaultsStickOrFail() throws Exception {
    cluster.faults().optimizeStuckInProgress(true);
    long stuck = NEXT_ID.incrementAndGet();
    post(opt + "/actuator/backups", stuck);
    await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
        .until(() -> state(opt + "/actuator/backups/" + stuck).equals("IN_PROGRESS"));
    cluster.faults().optimizeStuckInProgress(false);
    awaitState(opt + "/actuator/backups/" + stuck, "COMPLETED");

    cluster.faults().optimizeBackupFails();
    long failing = NEXT_ID.incrementAndGet();
    post(opt + "/actuator/backups", failing);
    var failed = awaitState(opt + "/actuator/backups/" + failing, "FAILED");
    assertThat(failed.path("details").path(1).path("state").asText()).isEqualTo("PARTIAL");
    assertThat(failed.path("failureReason").asText()).isEqualTo("The following snapshots failed: []");
  }

  @Test
  void failWithAnswersWithoutExecuting() throws Exception {
    cluster.faults().failWith("POST", "/actuator/backupRuntime", 503, "{\"message\":\"busy\"}", 1);
    long backupId = NEXT_ID.incrementAndGet();

    var failed = post(mgmt + "/actuator/backupRuntime", backupId);
    assertThat(failed.status()).isEqualTo(503);
    assertThat(failed.body()).isEqualTo("{\"message\":\"busy\"}");
    assertThat(cluster.zeebeBackupIds()).doesNotContain(backupId);
    assertThat(post(mgmt + "/actuator/backupRuntime", backupId).status()).isEqualTo(202);
    assertThat(cluster.faults().requestCount("POST", "/actuator/backupRuntime")).isGreaterThanOrEqualTo(2);
  }

  @Test
  void loseResponseExecutesTheRequestButTheAnswerNeverArrives() throws Exception {
    cluster.faults().loseResponse("POST", "/actuator/backupRuntime", 1);
    long backupId = NEXT_ID.incrementAndGet();

    assertThatThrownBy(() -> post(mgmt + "/actuator/backupRuntime", backupId)).isInstanceOf(IOException.class);
    assertThat(cluster.zeebeBackupIds()).contains(backupId);
    assertThat(post(mgmt + "/actuator/backupRuntime", backupId).status()).isEqualTo(409);
    var last = cluster.faults().requests().getLast();
    assertThat(last.path()).isEqualTo("/actuator/backupRuntime");
    assertThat(last.body()).contains(String.valueOf(backupId));
  }

  @Test
  void delayHoldsTheAnswerBack() throws Exception {
    cluster.faults().delay("GET", "/actuator/health", Duration.ofMillis(400));
    long start = System.nanoTime();
    assertThat(call("GET", mgmt + "/actuator/health").status()).isEqualTo(200);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
  }

  @Test
  void optionsMoveTheManagementApiAndSwitchComponentsOff() throws Exception {
    var options =
        SandboxOptions.defaults()
            .withContextPath("/example")
            .withOptimizeEnabled(false)
            .withWebappsRepositoryConfigured(false)
            .withZeebeBackupStoreConfigured(false);
    try (var other = SandboxCamundaCluster.start(openSearch, tempDir.resolve("other"), options)) {
      var base = other.managementUrl();
      assertThat(base).endsWith("/example");
      assertThat(other.optimizeUrl()).isNull();
      assertThat(call("GET", base + "/actuator/health").status()).isEqualTo(200);
      assertThat(call("GET", base.replace("/example", "") + "/actuator/health").status()).isEqualTo(404);
      assertThat(post(base + "/actuator/backupHistory", 5).json().path("message").asText())
          .isEqualTo("No backup repository configured.");
      var runtime = post(base + "/actuator/backupRuntime", 5);
      assertThat(runtime.status()).isEqualTo(400);
      assertThat(runtime.json().path("message").asText()).contains("not configured");
    }
    try (var other = SandboxCamundaCluster.start(
        openSearch, tempDir.resolve("third"), SandboxOptions.defaults().withRepositoryName("missing"))) {
      var missing = post(other.managementUrl() + "/actuator/backupHistory", 5);
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.json().path("message").asText()).isEqualTo("No repository with name [missing] could be found.");
    }
    assertThat(Files.exists(tempDir.resolve("other"))).isFalse(); // nothing written without a store
  }

  private static String state(String url) throws Exception {
    return call("GET", url).json().path("state").asText();
  }

  private static JsonNode awaitState(String url, String expected) {
    return SandboxHttp.awaitState(url, expected, TIMEOUT);
  }



}
