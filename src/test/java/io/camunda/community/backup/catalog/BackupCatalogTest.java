package io.camunda.community.backup.catalog;

import static io.camunda.community.backup.catalog.SandboxBackupSets.CAMUNDA_VERSION;
import static io.camunda.community.backup.catalog.SandboxBackupSets.CLUSTER;
import static io.camunda.community.backup.catalog.SandboxBackupSets.CLUSTER_NO_OPTIMIZE;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.catalog.SandboxBackupSets.Part;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link BackupCatalog} against the sandbox cluster: real HTTP, real OpenSearch snapshots. */
class BackupCatalogTest {

  /** Far from today's Unix time (and not a plausible date), ever higher: Zeebe wants growing IDs. */
  private static final AtomicLong NEXT_ID = new AtomicLong(9_100_000_000L);

  private static SandboxBackupSets sandbox;
  private static BackupCatalog catalog;

  @BeforeAll
  static void start() {
    sandbox = SandboxBackupSets.start("catalog-test");
    catalog = new BackupCatalog(sandbox.registry(), sandbox.clients(), sandbox.dumps());
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().clear();
  }

  @Test
  void aCompleteBackupIsListedCompleteWithEveryComponentAndItsMetadata() {
    Instant before = Instant.now().minusSeconds(1);
    long id = NEXT_ID.incrementAndGet();
    sandbox.takeComplete(id);

    BackupSet set = listed(CLUSTER, id);

    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    assertThat(set.reasons()).isEmpty();
    assertThat(set.components()).containsOnlyKeys("zeebe", "webapps", "optimize", "zeebeRecords");
    assertThat(set.components().keySet()).containsExactly("zeebe", "webapps", "optimize", "zeebeRecords");
    assertThat(set.component("zeebe").state()).isEqualTo("COMPLETED");
    assertThat(set.component("webapps").state()).isEqualTo("COMPLETED");
    assertThat(set.component("webapps").snapshots())
        .isNotEmpty()
        .allSatisfy(name -> assertThat(name).startsWith("camunda_webapps_" + id + "_" + CAMUNDA_VERSION + "_part_"));
    assertThat(set.component("optimize").snapshots()).containsExactlyInAnyOrder(
        "camunda_optimize_" + id + "_" + CAMUNDA_VERSION + "_part_1_of_2",
        "camunda_optimize_" + id + "_" + CAMUNDA_VERSION + "_part_2_of_2");
    assertThat(set.component("zeebeRecords")).isEqualTo(
        new ComponentStatus("SUCCESS", null, List.of("camunda_zeebe_records_backup_" + id)));
    assertThat(set.camundaVersion()).isEqualTo(CAMUNDA_VERSION);
    assertThat(set.partitionCount()).isEqualTo(3);
    // the ID is no plausible date, so the time comes from the components
    assertThat(set.time()).isBetween(before, Instant.now());

    assertThat(catalog.find(CLUSTER, id)).contains(set);
  }

  @Test
  void withoutOptimizeTheSetHasNoOptimizePartAndIsCompleteWithoutOne() {
    long id = NEXT_ID.incrementAndGet();
    sandbox.take(id, EnumSet.of(Part.WEBAPPS, Part.RECORDS, Part.ZEEBE), true);

    assertThat(listed(CLUSTER, id).state()).isEqualTo(SetState.PARTIAL);
    assertThat(listed(CLUSTER, id).reasons()).containsExactly(Map.entry("optimize", "missing"));

    BackupSet set = listed(CLUSTER_NO_OPTIMIZE, id);
    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    assertThat(set.components()).containsOnlyKeys("zeebe", "webapps", "zeebeRecords");
    assertThat(catalog.find(CLUSTER_NO_OPTIMIZE, id)).contains(set);
  }

  @Test
  void setsMissingComponentsArePartialAndOrphansInOneComponentAreListedToo() {
    long withoutZeebe = NEXT_ID.incrementAndGet();
    sandbox.take(withoutZeebe, EnumSet.of(Part.WEBAPPS, Part.OPTIMIZE), true);
    long zeebeOnly = NEXT_ID.incrementAndGet();
    sandbox.take(zeebeOnly, EnumSet.of(Part.ZEEBE), true);
    long recordsOnly = NEXT_ID.incrementAndGet();
    sandbox.take(recordsOnly, EnumSet.of(Part.RECORDS), true);
    long webappsOnly = NEXT_ID.incrementAndGet();
    sandbox.take(webappsOnly, EnumSet.of(Part.WEBAPPS), true);

    BackupSet partial = listed(CLUSTER, withoutZeebe);
    assertThat(partial.state()).isEqualTo(SetState.PARTIAL);
    assertThat(partial.reasons()).containsExactly(Map.entry("zeebe", "missing"), Map.entry("zeebeRecords", "missing"));
    assertThat(partial.partitionCount()).isNull();
    assertThat(partial.camundaVersion()).isEqualTo(CAMUNDA_VERSION);
    assertThat(partial.time()).isNotNull();

    BackupSet zeebe = listed(CLUSTER, zeebeOnly);
    assertThat(zeebe.state()).isEqualTo(SetState.PARTIAL);
    assertThat(zeebe.reasons()).containsOnlyKeys("webapps", "optimize", "zeebeRecords").containsValue("missing");
    assertThat(zeebe.partitionCount()).isEqualTo(3);
    assertThat(zeebe.camundaVersion()).isEqualTo(CAMUNDA_VERSION); // Zeebe's broker version
    assertThat(zeebe.time()).isNotNull();

    BackupSet records = listed(CLUSTER, recordsOnly);
    assertThat(records.state()).isEqualTo(SetState.PARTIAL);
    assertThat(records.reasons()).containsOnlyKeys("zeebe", "webapps", "optimize");
    assertThat(records.component("zeebeRecords").state()).isEqualTo("SUCCESS");
    assertThat(records.component("zeebe")).isEqualTo(ComponentStatus.missing());
    // nothing reports a time and the ID is no plausible Unix time
    assertThat(records.time()).isNull();
    assertThat(records.camundaVersion()).isNull();
    assertThat(records.partitionCount()).isNull();

    BackupSet webapps = listed(CLUSTER, webappsOnly);
    assertThat(webapps.state()).isEqualTo(SetState.PARTIAL);
    assertThat(webapps.component("webapps").state()).isEqualTo("COMPLETED");

    for (long id : List.of(withoutZeebe, zeebeOnly, recordsOnly, webappsOnly)) {
      assertThat(catalog.find(CLUSTER, id)).contains(listed(CLUSTER, id));
    }
  }

  @Test
  void aFailedWebAppsBackupMakesTheSetFailedEvenWhileZeebeIsStillInProgress() {
    long id = NEXT_ID.incrementAndGet();
    sandbox.faults().webappsBackupFails().zeebeBackupStuckInProgress(true);
    sandbox.take(id, EnumSet.allOf(Part.class), false);

    BackupSet running = listed(CLUSTER, id);
    assertThat(running.component("zeebe").state()).isEqualTo("IN_PROGRESS");
    assertThat(running.state()).isEqualTo(SetState.FAILED);
    assertThat(running.reasons()).containsOnlyKeys("zeebe", "webapps");
    assertThat(running.reasons().get("zeebe")).isEqualTo("IN_PROGRESS");
    assertThat(running.reasons().get("webapps")).startsWith("FAILED: ").contains("partial");
    assertThat(running.component("webapps").failureReason()).isNotBlank();

    sandbox.faults().clear();
    sandbox.awaitZeebe(id);
    BackupSet ended = listed(CLUSTER, id);
    assertThat(ended.state()).isEqualTo(SetState.FAILED);
    assertThat(ended.reasons()).containsOnlyKeys("webapps");
    assertThat(catalog.find(CLUSTER, id)).contains(ended);
  }

  @Test
  void aZeebeBackupStillRunningMakesTheSetInProgressUntilItCompletes() {
    long id = NEXT_ID.incrementAndGet();
    sandbox.faults().zeebeBackupStuckInProgress(true);
    sandbox.take(id, EnumSet.allOf(Part.class), false);

    BackupSet running = listed(CLUSTER, id);
    assertThat(running.state()).isEqualTo(SetState.IN_PROGRESS);
    assertThat(running.reasons()).containsExactly(Map.entry("zeebe", "IN_PROGRESS"));
    assertThat(catalog.find(CLUSTER, id).orElseThrow().state()).isEqualTo(SetState.IN_PROGRESS);

    sandbox.faults().zeebeBackupStuckInProgress(false);
    sandbox.awaitZeebe(id);
    assertThat(listed(CLUSTER, id).state()).isEqualTo(SetState.COMPLETE);
  }

  @Test
  void listsNewestIdFirstAndFindsNothingForAnUnknownId() {
    long first = NEXT_ID.incrementAndGet();
    sandbox.take(first, EnumSet.of(Part.RECORDS), true);
    long second = NEXT_ID.incrementAndGet();
    sandbox.take(second, EnumSet.of(Part.RECORDS, Part.ZEEBE), true);

    List<Long> ids = catalog.list(CLUSTER).stream().map(BackupSet::backupId).toList();
    assertThat(ids).contains(first, second).isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
    assertThat(catalog.find(CLUSTER, 9_000_000_001L)).isEmpty();
  }

  private static BackupSet listed(String cluster, long id) {
    return catalog.list(cluster).stream()
        .filter(set -> set.backupId() == id)
        .findFirst()
        .orElseThrow(() -> new AssertionError("backup " + id + " is not listed"));
  }
}
