package io.camunda.community.backup.retention;

import static io.camunda.community.backup.catalog.SandboxBackupSets.CLUSTER;
import static io.camunda.community.backup.catalog.SandboxBackupSets.CLUSTER_NO_OPTIMIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SandboxBackupSets;
import io.camunda.community.backup.catalog.SandboxBackupSets.Part;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.sandbox.RecordedRequest;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link BackupSetDeleter} against the sandbox cluster: real HTTP, real OpenSearch snapshots. */
class BackupSetDeleterTest {

  /** Far from today's Unix time, ever higher: Zeebe wants growing IDs. */
  private static final AtomicLong NEXT_ID = new AtomicLong(9_200_000_000L);

  private static SandboxBackupSets sandbox;
  private static BackupCatalog catalog;
  private static BackupSetDeleter deleter;

  @BeforeAll
  static void start() {
    sandbox = SandboxBackupSets.start("retention-test");
    catalog = new BackupCatalog(sandbox.registry(), sandbox.clients(), sandbox.dumps());
    deleter = new BackupSetDeleter(sandbox.registry(), sandbox.clients(), sandbox.dumps());
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
  void deletesTheSetInEveryComponentZeebeFirstAndARepeatIsHarmless() {
    long id = NEXT_ID.incrementAndGet();
    long other = NEXT_ID.incrementAndGet();
    sandbox.takeComplete(id);
    sandbox.takeComplete(other);
    assertThat(catalog.find(CLUSTER, id).orElseThrow().state()).isEqualTo(SetState.COMPLETE);
    sandbox.faults().clearRequests();

    deleter.delete(CLUSTER, id);

    assertThat(catalog.find(CLUSTER, id)).isEmpty();
    assertThat(ids(catalog.list(CLUSTER))).doesNotContain(id).contains(other);
    assertThat(sandbox.cluster().zeebeBackupIds()).doesNotContain(id).contains(other);
    assertThat(sandbox.snapshotNames()).noneMatch(name -> name.contains("_" + id)).anyMatch(name -> name.contains("_" + other));
    assertThat(deletes()).containsExactly("/actuator/backupRuntime/" + id, "/actuator/backupHistory/" + id, "/actuator/backups/" + id);
    assertThat(catalog.find(CLUSTER, other).orElseThrow().state()).isEqualTo(SetState.COMPLETE);

    deleter.delete(CLUSTER, id); // everything already gone: 404s are fine

    assertThat(catalog.find(CLUSTER, id)).isEmpty();
  }

  @Test
  void afterAFaultHalfWayTheSetIsNoRestorePointAndARetryDeletesTheRest() {
    long id = NEXT_ID.incrementAndGet();
    sandbox.takeComplete(id);
    sandbox.faults().failWith("DELETE", "/actuator/backupHistory/.*", 503, "{\"message\":\"Service Unavailable\"}", 1);

    assertThatThrownBy(() -> deleter.delete(CLUSTER, id))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("/actuator/backupHistory/" + id)
        .hasMessageContaining("503");

    BackupSet halfDeleted = catalog.find(CLUSTER, id).orElseThrow();
    assertThat(halfDeleted.state()).isEqualTo(SetState.PARTIAL);
    assertThat(halfDeleted.reasons()).containsExactly(Map.entry("zeebe", "missing"));
    assertThat(ids(catalog.list(CLUSTER))).contains(id);

    deleter.delete(CLUSTER, id);

    assertThat(ids(catalog.list(CLUSTER))).doesNotContain(id);
    assertThat(catalog.find(CLUSTER, id)).isEmpty();
  }

  @Test
  void deletesOrphansPresentInOnlySomeComponents() {
    long recordsOnly = NEXT_ID.incrementAndGet();
    sandbox.take(recordsOnly, EnumSet.of(Part.RECORDS), true);
    long withoutZeebe = NEXT_ID.incrementAndGet();
    sandbox.take(withoutZeebe, EnumSet.of(Part.WEBAPPS, Part.OPTIMIZE), true);

    deleter.delete(CLUSTER, recordsOnly);
    deleter.delete(CLUSTER, withoutZeebe);

    assertThat(ids(catalog.list(CLUSTER))).doesNotContain(recordsOnly, withoutZeebe);
  }

  @Test
  void leavesOptimizeAloneOnAClusterWithoutOptimize() {
    long id = NEXT_ID.incrementAndGet();
    sandbox.takeComplete(id);
    sandbox.faults().clearRequests();

    deleter.delete(CLUSTER_NO_OPTIMIZE, id);

    assertThat(deletes()).containsExactly("/actuator/backupRuntime/" + id, "/actuator/backupHistory/" + id);
    assertThat(catalog.find(CLUSTER_NO_OPTIMIZE, id)).isEmpty();
    // seen from a cluster with Optimize, only Optimize's part is left
    BackupSet leftOver = catalog.find(CLUSTER, id).orElseThrow();
    assertThat(leftOver.reasons()).containsOnlyKeys("zeebe", "webapps", "zeebeRecords");
    assertThat(leftOver.component("optimize").state()).isEqualTo("COMPLETED");

    deleter.delete(CLUSTER, id);
    assertThat(catalog.find(CLUSTER, id)).isEmpty();
  }

  @Test
  void retentionPlanAndDeleterTogetherKeepTheNewestCompleteSet() {
    long older = NEXT_ID.incrementAndGet();
    sandbox.takeComplete(older);
    long failed = NEXT_ID.incrementAndGet();
    sandbox.faults().webappsBackupFails();
    sandbox.takeComplete(failed);
    sandbox.faults().clear();
    long newest = NEXT_ID.incrementAndGet();
    sandbox.takeComplete(newest);

    var policy = new io.camunda.community.backup.config.ClusterProperties.RetentionProperties(true, 1, 0, null);
    List<RetentionDecision> plan = RetentionPlanner.plan(catalog.list(CLUSTER), policy, java.time.Instant.now());
    plan.stream().filter(RetentionDecision::delete).forEach(d -> deleter.delete(CLUSTER, d.backupId()));

    assertThat(plan).filteredOn(d -> d.backupId() == newest).singleElement()
        .extracting(RetentionDecision::delete, RetentionDecision::reason)
        .containsExactly(false, "newest complete backup: always kept");
    List<BackupSet> remaining = catalog.list(CLUSTER);
    assertThat(ids(remaining)).containsExactly(newest);
    assertThat(remaining.getFirst().state()).isEqualTo(SetState.COMPLETE);
  }

  private static List<Long> ids(List<BackupSet> sets) {
    return sets.stream().map(BackupSet::backupId).toList();
  }

  private static List<String> deletes() {
    return sandbox.faults().requests().stream()
        .filter(r -> r.method().equals("DELETE"))
        .map(RecordedRequest::path)
        .toList();
  }
}
