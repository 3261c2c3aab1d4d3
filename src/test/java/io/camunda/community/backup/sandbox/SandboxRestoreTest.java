package io.camunda.community.backup.sandbox;

import static io.camunda.community.backup.sandbox.SandboxHttp.JSON;
import static io.camunda.community.backup.sandbox.SandboxHttp.call;
import static io.camunda.community.backup.sandbox.SandboxHttp.post;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Stopping and starting the components, and restoring Zeebe in between, as the restore procedure
 * does (contract 4.2 steps 3, 7-10). Each test has a cluster of its own whose exporter writes an
 * index no other sandbox writes to (a Camunda version of its own) and, where backups run, a
 * snapshot repository of its own.
 */
class SandboxRestoreTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String REPOSITORY = "camunda-restore-test";
  private static final AtomicLong NEXT_ID = new AtomicLong(1_748_938_000L);

  @TempDir Path tempDir;

  private static SandboxOpenSearch openSearch;

  @BeforeAll
  static void openSearch() {
    openSearch = SandboxOpenSearch.shared();
    openSearch.registerRepository(REPOSITORY);
  }

  @Test
  void stoppedComponentsRefuseEveryRequestAndComeBackOnTheSameUrlsExporting() throws Exception {
    var options = SandboxOptions.defaults().withCamundaVersion("8.8.11").withRepositoryName(REPOSITORY)
        .withExporterInterval(Duration.ofMillis(100));
    try (var cluster = SandboxCamundaCluster.start(openSearch, tempDir, options)) {
      var mgmt = cluster.managementUrl();
      var opt = cluster.optimizeUrl();
      var index = SampleData.zeebeRecordIndex("process", "8.8.11");
      await().atMost(TIMEOUT).until(() -> cluster.exportedPosition() > 0);
      // an open keep-alive connection to each port, which the stop must not leave answering
      assertThat(call("GET", mgmt + "/actuator/health").status()).isEqualTo(200);
      assertThat(call("GET", opt + "/actuator/backups").status()).isEqualTo(200);
      call("POST", mgmt + "/actuator/exporting/pause?soft=true");
      assertThat(cluster.componentsRunning()).isTrue();

      // as a reactive caller would: on a thread where Reactor forbids blocking
      Mono.fromRunnable(cluster::stopComponents).subscribeOn(Schedulers.parallel()).block(TIMEOUT);

      assertThat(cluster.componentsRunning()).isFalse();
      for (var url : new String[] {mgmt + "/actuator/health", mgmt + "/actuator/partitions", opt + "/actuator/backups"}) {
        assertThatThrownBy(() -> call("GET", url)).as(url).isInstanceOf(IOException.class);
      }
      assertThatThrownBy(() -> call("POST", mgmt + "/actuator/exporting/resume")).isInstanceOf(IOException.class);
      assertRefused(mgmt);
      assertRefused(opt);
      long documents = openSearch.count(index);
      long exported = cluster.exportedPosition();
      var partitions = cluster.zeebePartitions();
      Thread.sleep(400); // four exporter intervals
      assertThat(openSearch.count(index)).isEqualTo(documents);
      assertThat(cluster.exportedPosition()).isEqualTo(exported);
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions);
      assertThatThrownBy(() -> cluster.processRecords(1)).isInstanceOf(IllegalStateException.class);
      assertThat(openSearch.indices()).contains(index); // OpenSearch stays up

      cluster.stopComponents(); // harmless
      Mono.fromRunnable(cluster::startComponents).subscribeOn(Schedulers.parallel()).block(TIMEOUT);
      cluster.startComponents(); // harmless

      assertThat(cluster.componentsRunning()).isTrue();
      assertThat(cluster.managementUrl()).isEqualTo(mgmt);
      assertThat(cluster.optimizeUrl()).isEqualTo(opt);
      assertThat(call("GET", mgmt + "/actuator/health").json().path("status").asText()).isEqualTo("UP");
      assertThat(call("GET", opt + "/actuator/backups").status()).isEqualTo(200);
      assertThat(cluster.exportingState()).isEqualTo(ExportingState.EXPORTING);
      assertThat(cluster.exportingHistory().getLast().from()).isEqualTo(ExportingState.SOFT_PAUSED);
      assertThat(call("GET", mgmt + "/actuator/partitions").json())
          .hasSize(3)
          .allSatisfy(partition -> assertThat(partition.path("exporterPhase").asText()).isEqualTo("EXPORTING"));
      await().atMost(TIMEOUT).until(() -> cluster.exportedPosition() > exported && openSearch.count(index) > documents);
    }
  }

  @Test
  void restoreRollsThePartitionsBackToTheBackupAndTheExporterReExportsAfterIt() throws Exception {
    var options =
        SandboxOptions.defaults()
            .withCamundaVersion("8.8.12")
            .withRepositoryName(REPOSITORY)
            .withRecordsPerTick(0)
            .withExporterInterval(Duration.ofMillis(50));
    try (var cluster = SandboxCamundaCluster.start(openSearch, tempDir, options)) {
      var mgmt = cluster.managementUrl();
      var index = SampleData.zeebeRecordIndex("process", "8.8.12");
      cluster.processRecords(5);
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions(3, 5, 5, 5));
      assertThat(openSearch.count(index)).isEqualTo(15);

      // the backup is taken under a soft pause: three records processed but not yet acknowledged
      call("POST", mgmt + "/actuator/exporting/pause?soft=true");
      cluster.processRecords(3);
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions(3, 8, 5, 8));
      long backupId = NEXT_ID.incrementAndGet();
      assertThat(post(mgmt + "/actuator/backupRuntime", backupId).status()).isEqualTo(202);
      awaitState(mgmt + "/actuator/backupRuntime/" + backupId, "COMPLETED");
      var stored = JSON.readTree(cluster.backupStore().resolve("2/" + backupId + "/partition-state.json").toFile());
      assertThat(stored.path("processedPosition").asLong()).isEqualTo(8);
      assertThat(stored.path("exportedPosition").asLong()).isEqualTo(5);
      assertThat(stored.path("recordCount").asLong()).isEqualTo(8);
      call("POST", mgmt + "/actuator/exporting/resume");

      // data written after the backup, which the restore must roll back
      cluster.processRecords(4);
      var afterBackup = partitions(3, 12, 12, 12);
      assertThat(cluster.zeebePartitions()).isEqualTo(afterBackup);

      var whileRunning = cluster.runZeebeRestore(0, backupId);
      assertThat(whileRunning.success()).isFalse();
      assertThat(whileRunning.log()).contains("Broker's data directory /usr/local/camunda/data is not empty");
      assertThat(cluster.zeebePartitions()).isEqualTo(afterBackup);

      cluster.stopComponents();

      var unknown = cluster.runZeebeRestore(0, backupId + 1);
      assertThat(unknown.success()).isFalse();
      assertThat(unknown.log()).contains("There is no valid backup with id " + (backupId + 1)).doesNotContain("Successfully");
      cluster.faults().restoreFails("Failed to download the backup: S3 unreachable");
      var injected = cluster.runZeebeRestore(0, backupId);
      assertThat(injected.success()).isFalse();
      assertThat(injected.log()).endsWith("Failed to download the backup: S3 unreachable");
      assertThat(cluster.zeebePartitions()).isEqualTo(afterBackup);

      var restored = cluster.runZeebeRestore(0, backupId); // the fault was used up
      assertThat(restored.success()).as(restored.log()).isTrue();
      assertThat(restored.log())
          .contains("Successfully restored partition 1 from backup " + backupId)
          .contains("Successfully restored partition 3 from backup " + backupId)
          .endsWith(RestoreResult.SUCCESS_LOG + " " + backupId);
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions(3, 8, 5, 8));

      // restore procedure step 4/5 stand-in: the records index is gone, nothing restored into it
      openSearch.http().delete("/" + index).requireOk();
      cluster.startComponents();

      await().atMost(TIMEOUT).untilAsserted(() ->
          assertThat(call("GET", mgmt + "/actuator/partitions").json().properties())
              .hasSize(3)
              .allSatisfy(entry -> {
                var partition = entry.getValue();
                assertThat(partition.path("exporterPhase").asText()).isEqualTo("EXPORTING");
                assertThat(partition.path("processedPosition").asLong()).isEqualTo(8);
                assertThat(partition.path("exportedPosition").asLong()).isEqualTo(8);
                assertThat(partition.path("health").path("status").asText()).isEqualTo("HEALTHY");
              }));
      // the exporter resumed after exported position 5: positions 6..8 of each partition, nothing before
      await().atMost(TIMEOUT).until(() -> openSearch.indices().contains(index) && openSearch.count(index) == 9);
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions(3, 8, 8, 8));

      cluster.processRecords(2);
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions(3, 10, 10, 10));
      assertThat(openSearch.count(index)).isEqualTo(15);
      // the restored checkpoint is the latest again; the id stays taken
      assertThat(post(mgmt + "/actuator/backupRuntime", backupId).status()).isEqualTo(409);
      assertThat(post(mgmt + "/actuator/backupRuntime", NEXT_ID.incrementAndGet()).status()).isEqualTo(202);
    }
  }

  @Test
  void eachBrokerRestoresItsOwnPartitionsOnlyFromCompletedBackups() throws Exception {
    var options =
        SandboxOptions.defaults()
            .withCamundaVersion("8.8.13")
            .withRepositoryName(REPOSITORY)
            .withRecordsPerTick(0)
            .withBrokerCount(2)
            .withZeebeBackupDuration(Duration.ofMillis(100));
    try (var cluster = SandboxCamundaCluster.start(openSearch, tempDir, options)) {
      var mgmt = cluster.managementUrl();
      cluster.processRecords(2);
      long completed = NEXT_ID.incrementAndGet();
      post(mgmt + "/actuator/backupRuntime", completed);
      awaitState(mgmt + "/actuator/backupRuntime/" + completed, "COMPLETED");
      cluster.processRecords(3);

      // a backup the broker is still taking when it goes down
      cluster.faults().zeebeBackupStuckInProgress(true);
      long unfinished = NEXT_ID.incrementAndGet();
      post(mgmt + "/actuator/backupRuntime", unfinished);
      cluster.stopComponents();
      cluster.faults().clear();
      Thread.sleep(300); // past the backup duration: a stopped broker completes nothing

      var inProgress = cluster.runZeebeRestore(0, unfinished);
      assertThat(inProgress.success()).isFalse();
      assertThat(inProgress.log()).contains("but was in state 'IN_PROGRESS'");
      var noSuchNode = cluster.runZeebeRestore(2, completed);
      assertThat(noSuchNode.success()).isFalse();
      assertThat(noSuchNode.log()).contains("Expected a node id between 0 and 1");
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions(3, 5, 5, 5));

      // broker 0 hosts partitions 1 and 3, broker 1 partition 2
      assertThat(cluster.runZeebeRestore(0, completed).success()).isTrue();
      assertThat(cluster.zeebePartitions())
          .isEqualTo(Map.of(
              1, new PartitionState(1, 2, 2, 2),
              2, new PartitionState(2, 5, 5, 5),
              3, new PartitionState(3, 2, 2, 2)));
      var second = cluster.runZeebeRestore(1, completed);
      assertThat(second.log()).contains("Successfully restored partition 2").doesNotContain("partition 1 ");
      assertThat(cluster.zeebePartitions()).isEqualTo(partitions(3, 2, 2, 2));

      cluster.startComponents();
      var failed = awaitState(mgmt + "/actuator/backupRuntime/" + unfinished, "FAILED");
      assertThat(failed.path("failureReason").asText()).isEqualTo("Backup is cancelled due to leader change.");
      assertThat(awaitState(mgmt + "/actuator/backupRuntime/" + completed, "COMPLETED")).isNotNull();
    }
  }

  @Test
  void optimizeAndWebappBackupsCutShortByAStopNeverComplete() throws Exception {
    var options =
        SandboxOptions.defaults()
            .withCamundaVersion("8.8.14")
            .withRepositoryName(REPOSITORY)
            .withWebappsIncompleteCheckTimeout(Duration.ofMillis(100));
    try (var cluster = SandboxCamundaCluster.start(openSearch, tempDir, options)) {
      var mgmt = cluster.managementUrl();
      var opt = cluster.optimizeUrl();
      // the later parts are held back, so the stop comes after the first part and before the others
      var holdBack = Duration.ofMillis(1_500);
      cluster.faults().optimizeTransientIncomplete(holdBack).webappsTransientIncomplete(holdBack);
      long backupId = NEXT_ID.incrementAndGet();
      long posted = System.nanoTime();
      assertThat(post(opt + "/actuator/backups", backupId).status()).isEqualTo(202);
      assertThat(post(mgmt + "/actuator/backupHistory", backupId).status()).isEqualTo(200);
      await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(() ->
          call("GET", opt + "/actuator/backups/" + backupId).status() == 200
              && call("GET", mgmt + "/actuator/backupHistory/" + backupId).status() == 200);
      cluster.stopComponents();
      cluster.faults().clear();
      Thread.sleep(Math.max(0, holdBack.toMillis() + 300 - (System.nanoTime() - posted) / 1_000_000));
      cluster.startComponents();

      awaitState(opt + "/actuator/backups/" + backupId, "INCOMPLETE");
      awaitState(mgmt + "/actuator/backupHistory/" + backupId, "INCOMPLETE");
      await().during(Duration.ofMillis(500)).atMost(TIMEOUT)
          .until(() -> state(opt + "/actuator/backups/" + backupId).equals("INCOMPLETE"));
      // the web apps no longer count the cut backup as running
      assertThat(post(mgmt + "/actuator/backupHistory", NEXT_ID.incrementAndGet()).status()).isEqualTo(200);
    }
  }

  private static Map<Integer, PartitionState> partitions(int count, long processed, long exported, long records) {
    var partitions = new HashMap<Integer, PartitionState>();
    for (int id = 1; id <= count; id++) {
      partitions.put(id, new PartitionState(id, processed, exported, records));
    }
    return partitions;
  }

  /** Not even a TCP connection is accepted. */
  private static void assertRefused(String url) {
    var uri = URI.create(url);
    assertThatThrownBy(() -> {
          try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 1_000);
          }
        })
        .isInstanceOf(ConnectException.class);
  }

  private static String state(String url) throws Exception {
    return call("GET", url).json().path("state").asText();
  }

  private static JsonNode awaitState(String url, String expected) {
    return SandboxHttp.awaitState(url, expected, TIMEOUT);
  }




}
