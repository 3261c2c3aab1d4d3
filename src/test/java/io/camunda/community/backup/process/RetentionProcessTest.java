package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.control.RetentionRequests;
import io.camunda.community.backup.control.RunStatus;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.testsupport.SandboxTargets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * retention.bpmn against the "retention" sandbox: {@code sandbox-r} keeps 2 complete and 1 failed
 * set and runs retention after every completed backup; {@code sandbox-r-aged} reads the same sets
 * with keep-complete 1 and max-age PT1S.
 */
class RetentionProcessTest extends BackupProcessTestSupport {

  private static final SandboxTargets RETENTION = SandboxTargets.shared("retention");

  @Autowired BackupCatalog catalog;
  @Autowired RetentionRequests retention;

  @BeforeEach
  @AfterEach
  void resetRetentionSandbox() {
    retentionFaults().clear();
  }

  private static SandboxFaults retentionFaults() {
    return RETENTION.cluster().faults();
  }

  @Test
  void keepsTheNewestCompleteAndFailedSetsAndDeletesTheOthersInEveryComponent() {
    double deletedBefore = counted("c8backup.retention.deletions", "cluster", "sandbox-r", "outcome", "deleted");
    long c1 = completeBackup();
    long f1 = failedBackup();
    long c2 = completeBackup();
    long f2 = failedBackup();
    ProcessInstanceView last = awaitEnd(startBackup("sandbox-r"));
    long c3 = result(last).get("backupId").asLong();

    JsonNode applied = awaitRetentionAfter(last);
    assertThat(ids(applied.get("delete"))).contains(c1, f1).doesNotContain(c3, c2, f2);
    assertThat(reasons(applied.get("keep"), c3)).contains("newest complete");
    assertThat(reasons(applied.get("keep"), c2)).contains("newest 2 complete");
    assertThat(reasons(applied.get("keep"), f2)).contains("newest 1 failed or partial");
    assertThat(reasons(applied.get("delete"), c1)).contains("beyond the newest 2 complete");

    // Gone from every component: Zeebe backup store, web-app snapshots, records snapshot.
    assertThat(RETENTION.cluster().zeebeBackupIds()).doesNotContain(c1).contains(c2, c3);
    List<String> snapshots = RETENTION.openSearch().snapshotNames(RETENTION.cluster().options().repositoryName());
    assertThat(snapshots).noneMatch(n -> n.contains("_" + c1 + "_") || n.endsWith("_" + c1))
        .noneMatch(n -> n.contains("_" + f1 + "_") || n.endsWith("_" + f1))
        .anyMatch(n -> n.endsWith("_" + c3));
    assertThat(catalog.list("sandbox-r")).extracting(BackupSet::backupId).contains(c3, f2, c2).doesNotContain(c1, f1);
    assertThat(counted("c8backup.retention.deletions", "cluster", "sandbox-r", "outcome", "deleted"))
        .isEqualTo(deletedBefore + applied.get("delete").size());

    // A second run finds nothing more to delete.
    RunStatus again = finished(retention.request("sandbox-r", false, "test", "test"));
    assertThat(again.state()).isEqualTo("APPLIED");
    assertThat((List<?>) again.result().get("delete")).isEmpty();
  }

  @Test
  void aDryRunReportsWhatWouldGoAndDeletesNothingNeverTheNewestComplete() {
    completeBackup();
    List<Long> before = catalog.list("sandbox-r").stream().map(BackupSet::backupId).toList();
    BackupSet newestComplete = catalog.list("sandbox-r").stream()
        .filter(s -> s.state() == io.camunda.community.backup.catalog.SetState.COMPLETE).findFirst().orElseThrow();

    RunStatus dryRun = finished(retention.request("sandbox-r-aged", true, "test", "test"));

    assertThat(dryRun.state()).isEqualTo("DRY_RUN");
    assertThat(dryRun.result().get("dryRun")).isEqualTo(true);
    JsonNode result = JSON.valueToTree(dryRun.result());
    // keep-complete 1 and max-age PT1S condemn everything... but the newest complete set.
    assertThat(ids(result.get("keep"))).containsExactly(newestComplete.backupId());
    assertThat(reasons(result.get("keep"), newestComplete.backupId())).contains("always kept");
    assertThat(ids(result.get("delete"))).hasSize(before.size() - 1);
    assertThat(catalog.list("sandbox-r")).extracting(BackupSet::backupId).containsExactlyElementsOf(before);
  }

  @Test
  void aDeletionFaultIsRetriedAndTheRunStillDeletesTheWholeSet() {
    long oldest = completeBackup();
    completeBackup();
    retentionFaults().failWith("DELETE", "/actuator/backupHistory/.*", 503, "{\"message\":\"busy\"}", 2);

    ProcessInstanceView third = awaitEnd(startBackup("sandbox-r"));
    JsonNode applied = awaitRetentionAfter(third);

    assertThat(ids(applied.get("delete"))).contains(oldest);
    // Two answered 503, then at least one went through (a slow machine may time out on a delete
    // that the target did carry out; the repeat then finds it gone, which counts as deleted).
    assertThat(retentionFaults().requestCount("DELETE", "/actuator/backupHistory/" + oldest)).as("failed twice, then deleted")
        .isGreaterThanOrEqualTo(3);
    assertThat(catalog.find("sandbox-r", oldest)).isEmpty();
  }

  @Test
  void manualAndScheduledBackupsAreKeptApartByWhatTheirManifestsSay() {
    // keep-complete 3, keep-complete-scheduled 1, keep-complete-manual 1; retention runs after each backup
    long scheduled1 = completeBackup("sandbox-r-split", "scheduled");
    long scheduled2 = completeBackup("sandbox-r-split", "scheduled");
    long manual1 = completeBackup("sandbox-r-split", "manual");
    ProcessInstanceView last = track(CONTROL.instance(requests.start("sandbox-r-split", null, "before the upgrade", "manual")));
    long manual2 = result(awaitEnd(last)).get("backupId").asLong();

    JsonNode applied = awaitRetentionAfter(last);
    assertThat(ids(applied.get("delete"))).containsExactly(manual1);
    assertThat(reasons(applied.get("keep"), manual2)).contains("newest complete");
    assertThat(reasons(applied.get("keep"), scheduled2)).contains("newest 1 complete scheduled");
    assertThat(reasons(applied.get("delete"), manual1)).contains("beyond the newest 1 complete manual");
    // Counted together (keep-complete 3) the two manual backups would have pushed out the older
    // scheduled one; counted apart, the newest scheduled backup stays and the older one went earlier.
    List<BackupSet> sets = catalog.list("sandbox-r-split");
    assertThat(sets).extracting(BackupSet::backupId).containsExactly(manual2, scheduled2);
    assertThat(sets).extracting(BackupSet::trigger).containsExactly("manual", "scheduled");
    assertThat(scheduled1).isLessThan(scheduled2);
  }

  private long completeBackup(String cluster, String trigger) {
    ProcessInstanceView backup = awaitEnd(track(CONTROL.instance(requests.start(cluster, null, "started by RetentionProcessTest", trigger))));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    awaitRetentionAfter(backup);
    return result(backup).get("backupId").asLong();
  }

  private long completeBackup() {
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-r"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    awaitRetentionAfter(backup);
    return result(backup).get("backupId").asLong();
  }

  private long failedBackup() {
    retentionFaults().webappsBackupFails();
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-r"));
    retentionFaults().clear();
    assertThat(result(backup).get("state").asText()).isEqualTo("FAILED");
    return result(backup).get("backupId").asLong();
  }

  /** The retention run a completed backup requested, awaited to its end; returns its result. */
  private JsonNode awaitRetentionAfter(ProcessInstanceView backup) {
    long key = backup.variable("retentionProcessInstanceKey").orElseThrow().asLong();
    ProcessInstanceView run = awaitEnd(CONTROL.instance(key));
    assertThat(run.completedElements()).contains("Task_ReleaseClusterLock");
    return run.variable("retentionResult").orElseThrow();
  }

  private static List<Long> ids(JsonNode decisions) {
    return StreamSupport.stream(decisions.spliterator(), false).map(d -> d.get("backupId").asLong()).toList();
  }

  private static String reasons(JsonNode decisions, long id) {
    List<String> reasons = new ArrayList<>();
    decisions.forEach(d -> {
      if (d.get("backupId").asLong() == id) {
        reasons.add(d.get("reason").asText());
      }
    });
    return String.join("; ", reasons);
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

}
