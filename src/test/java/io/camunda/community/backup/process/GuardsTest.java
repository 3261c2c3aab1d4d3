package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.control.ClusterLocks;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.config.LockProperties;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * One backup, restore or retention per cluster at a time, enforced by the control cluster's lock;
 * manual backups rate-limited by {@code min-backup-interval}. Uses the "guards" sandbox, whose
 * clusters {@code sandbox-b*} no other test class backs up.
 */
class GuardsTest extends BackupProcessTestSupport {

  private static final SandboxTargets GUARDS = SandboxTargets.shared("guards");

  @BeforeEach
  @AfterEach
  void resetGuardsSandbox() {
    guardFaults().clear();
  }

  private static SandboxFaults guardFaults() {
    return GUARDS.cluster().faults();
  }

  @Test
  void aSecondRequestForTheSameClusterIsRefusedWhileTheFirstRuns() {
    guardFaults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView first = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(30)).until(() -> first.completedElements().contains("Task_StartZeebeBackup"));
    guardFaults().clearRequests();

    ProcessInstanceView second = awaitEnd(startBackup("sandbox-b"));

    JsonNode refused = result(second);
    assertThat(refused.get("state").asText()).isEqualTo("REFUSED");
    assertThat(refused.get("errorCode").asText()).isEqualTo("CLUSTER_BUSY");
    assertThat(refused.get("failureReason").asText()).contains("cluster sandbox-b is running").contains("refused");
    assertThat(second.completedElements()).contains("BoundaryEvent_ClusterBusy", "EndEvent_BackupRefused")
        .doesNotContain("Task_AllocateBackupId", "Task_ReleaseClusterLockAfterFailure");
    long firstId = first.variable("backupId").orElseThrow().asLong();
    assertThat(guardFaults().requests()).as("the refused request touched nothing; only the first backup polled")
        .allMatch(r -> r.method().equals("GET") && r.path().equals("/actuator/backupRuntime/" + firstId));
    assertThat(first.isEnded()).isFalse();

    guardFaults().zeebeBackupStuckInProgress(false);
    awaitEnd(first);
    assertThat(result(first).get("state").asText()).isEqualTo("COMPLETED");

    // The lock went back with the first backup: the next one runs.
    ProcessInstanceView third = awaitEnd(startBackup("sandbox-b"));
    assertThat(result(third).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
  }

  @Test
  void backupsOfTwoClustersRunAtTheSameTime() {
    guardFaults().zeebeBackupStuckInProgress(true);
    faults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView b = startBackup("sandbox-b");
    ProcessInstanceView a = startBackup("sandbox");

    // Both reach their Zeebe backup together: neither waited for the other's lock.
    await().atMost(Duration.ofSeconds(30)).until(() ->
        a.completedElements().contains("Task_StartZeebeBackup") && b.completedElements().contains("Task_StartZeebeBackup"));
    guardFaults().zeebeBackupStuckInProgress(false);
    faults().zeebeBackupStuckInProgress(false);

    assertThat(result(awaitEnd(a)).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(result(awaitEnd(b)).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aFailedBackupReleasesTheLock() {
    guardFaults().webappsBackupFails();
    ProcessInstanceView failed = awaitEnd(startBackup("sandbox-b"));
    assertThat(result(failed).get("state").asText()).isEqualTo("FAILED");
    assertThat(failed.completedElements()).contains("Task_ReleaseClusterLockAfterFailure");
    guardFaults().clear();

    assertThat(result(awaitEnd(startBackup("sandbox-b"))).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aManualBackupSoonerThanTheMinimumIntervalIsRefusedButAScheduledOneRuns() {
    assertThat(result(awaitEnd(startBackup("sandbox-b"))).get("state").asText()).isEqualTo("COMPLETED");

    ProcessInstanceView tooSoon = awaitEnd(startBackup("sandbox-b-rate-limited"));

    JsonNode refused = result(tooSoon);
    assertThat(refused.get("state").asText()).isEqualTo("REFUSED");
    assertThat(refused.get("errorCode").asText()).isEqualTo("BACKUP_TOO_SOON");
    assertThat(refused.get("failureReason").asText()).contains("at least PT1H apart").contains("The next one can start at");
    assertThat(tooSoon.completedElements()).doesNotContain("Task_PauseExporting").contains("Task_ReleaseClusterLockAfterFailure");

    long scheduled = requests.start("sandbox-b-rate-limited", null, null, "scheduled");
    assertThat(result(awaitEnd(CONTROL.instance(scheduled))).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aScheduledRunThatFindsARunInFlightSkipsAndSaysSo() {
    guardFaults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView running = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(30)).until(() -> running.completedElements().contains("CallActivity_AcquireClusterLock"));

    long scheduled = requests.start("sandbox-b", null, null, "scheduled");
    JsonNode skipped = result(awaitEnd(CONTROL.instance(scheduled)));

    assertThat(skipped.get("state").asText()).isEqualTo("REFUSED");
    assertThat(skipped.get("trigger").asText()).isEqualTo("scheduled");
    assertThat(skipped.get("failureReason").asText()).contains("is running");
    guardFaults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(running)).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Autowired LockProperties lockProperties;

  @Test
  void aBackupCancelledInOperateMidPauseLosesTheLockAndTheNextHealthCheckResumesExporting() {
    guardFaults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView cancelled = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(120)).until(() -> cancelled.completedElements().contains("Task_StartZeebeBackup"));
    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);

    client.newCancelInstanceCommand(cancelled.key()).send().join(); // what "Cancel" in Operate does
    await().atMost(Duration.ofSeconds(120)).until(cancelled::isEnded);
    assertThat(GUARDS.cluster().exportingState()).as("nothing of the cancelled run resumed it").isEqualTo(ExportingState.SOFT_PAUSED);

    // Within one holder check (well within one housekeeping interval) the lock is free, nobody acting.
    ProcessInstanceView keeper = keeperOf(cancelled.key());
    CONTROL.increaseTime(lockProperties.holderCheckInterval());
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(keeper::isEnded);
    assertThat(keeper.completedElements()).contains("Task_CheckHolder", "EndEvent_LockFreed").doesNotContain("EndEvent_LockReleased");

    // The next housekeeping's health check gets the lock, finds the pause, resumes it and reports it.
    long checkKey = client.newCreateInstanceCommand().bpmnProcessId("backup-health-check").latestVersion()
        .variables(Map.of("clusterName", "sandbox-b")).send().join().getProcessInstanceKey();
    ProcessInstanceView check = track(CONTROL.instance(checkKey));
    awaitIncident(check);
    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    assertThat(check.completedElements()).contains("Task_CheckExporting", "CallActivity_ResumeExporting", "Task_ReleaseClusterLock")
        .doesNotContain("BoundaryEvent_ClusterBusy");
    Record<IncidentRecordValue> report = check.openIncidents().getFirst();
    assertThat(report.getValue().getErrorMessage()).contains("EXPORTING WAS PAUSED").contains("sandbox-b");

    // And a new backup runs.
    guardFaults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(startBackup("sandbox-b"))).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aHealthCheckRightAfterACancelInOperateFreesTheStoppedRunsLockAndResumesExporting() {
    guardFaults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView cancelled = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(120)).until(() -> cancelled.completedElements().contains("Task_StartZeebeBackup"));
    client.newCancelInstanceCommand(cancelled.key()).send().join(); // what "Cancel" in Operate does
    await().atMost(Duration.ofSeconds(120)).until(cancelled::isEnded);
    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);

    // No holder check has run yet (the engine clock is not moved): the health check finds the
    // cluster busy, has the keeper check its holder at once, and then gets the lock itself.
    long checkKey = client.newCreateInstanceCommand().bpmnProcessId("backup-health-check").latestVersion()
        .variables(Map.of("clusterName", "sandbox-b")).send().join().getProcessInstanceKey();
    ProcessInstanceView check = track(CONTROL.instance(checkKey));
    awaitIncident(check);
    assertThat(check.completedElements())
        .contains("BoundaryEvent_ClusterBusy", "Task_FreeStoppedHolderLock", "CallActivity_ResumeExporting", "Task_ReleaseClusterLock");
    assertThat(GUARDS.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
    assertThat(check.openIncidents().getFirst().getValue().getErrorMessage()).contains("EXPORTING WAS PAUSED");

    guardFaults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(startBackup("sandbox-b"))).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aHealthCheckFindingALiveRunKeepsOutOfIt() {
    guardFaults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView running = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(120)).until(() -> running.completedElements().contains("Task_StartZeebeBackup"));

    long checkKey = client.newCreateInstanceCommand().bpmnProcessId("backup-health-check").latestVersion()
        .variables(Map.of("clusterName", "sandbox-b")).send().join().getProcessInstanceKey();
    ProcessInstanceView check = track(CONTROL.instance(checkKey));
    await().atMost(Duration.ofSeconds(120)).until(() -> check.completedElements().contains("Task_CheckFreshness"));

    assertThat(check.completedElements()).contains("Task_FreeStoppedHolderLock").doesNotContain("Task_CheckExporting");
    assertThat(GUARDS.cluster().exportingState()).as("the running backup's pause is left alone").isEqualTo(ExportingState.SOFT_PAUSED);
    guardFaults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(running)).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void twentyForcedReleasesDuringARunCannotLetTwoRunsHoldTheLock() throws Exception {
    guardFaults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView holder = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(120)).until(() -> holder.completedElements().contains("Task_StartZeebeBackup"));
    for (int i = 0; i < 20; i++) {
      locks.forceRelease("sandbox-b");
    }
    assertThat(holder.isEnded()).isFalse();
    guardFaults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(holder)).get("state").asText()).isEqualTo("COMPLETED");

    // The lock went back once: of two requests at the same time exactly one runs.
    guardFaults().zeebeBackupStuckInProgress(true);
    List<ProcessInstanceView> both = List.of(startBackup("sandbox-b"), startBackup("sandbox-b"));
    await().atMost(Duration.ofSeconds(120)).until(() -> both.stream().anyMatch(ProcessInstanceView::isEnded)
        && both.stream().anyMatch(b -> b.completedElements().contains("Task_StartZeebeBackup")));
    ProcessInstanceView refused = both.stream().filter(ProcessInstanceView::isEnded).findFirst().orElseThrow();
    ProcessInstanceView running = both.stream().filter(b -> b != refused).findFirst().orElseThrow();
    assertThat(result(refused).get("errorCode").asText()).isEqualTo("CLUSTER_BUSY");
    assertThat(running.completedElements()).doesNotContain("BoundaryEvent_ClusterBusy");
    guardFaults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(running)).get("state").asText()).isEqualTo("COMPLETED");
  }

  @Test
  void aForcedReleaseIsRefusedWhileTheHolderRunsAndFreesAHolderThatStopped() {
    guardFaults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView holder = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(120)).until(() -> holder.completedElements().contains("Task_StartZeebeBackup"));

    ClusterLocks.ForcedRelease refused = locks.forceRelease("sandbox-b");
    assertThat(refused.outcome()).isEqualTo("REFUSED");
    assertThat(refused.holderKey()).isEqualTo(holder.key());
    assertThat(refused.detail()).contains(String.valueOf(holder.key())).contains("still runs");
    assertThat(holder.isEnded()).isFalse();
    assertThat(result(awaitEnd(startBackup("sandbox-b"))).get("errorCode").asText()).as("still held").isEqualTo("CLUSTER_BUSY");

    client.newCancelInstanceCommand(holder.key()).send().join();
    await().atMost(Duration.ofSeconds(120)).until(holder::isEnded);
    ClusterLocks.ForcedRelease released = locks.forceRelease("sandbox-b");
    assertThat(released.outcome()).isEqualTo("RELEASED");
    assertThat(released.holderKey()).isEqualTo(holder.key());
    assertThat(keeperOf(holder.key()).completedElements()).contains("Event_ForcedRelease", "EndEvent_LockFreed");

    guardFaults().zeebeBackupStuckInProgress(false);
    assertThat(result(awaitEnd(startBackup("sandbox-b"))).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(locks.forceRelease("sandbox-b").outcome()).as("free: nothing to release").isEqualTo("NOT_HELD");
  }

  /** The cluster-lock-keeper instance that holds (or held) the lock for {@code holderKey}. */
  private static ProcessInstanceView keeperOf(long holderKey) {
    return await().atMost(Duration.ofSeconds(120)).until(() -> CONTROL.instancesOf("cluster-lock-keeper").stream()
        .map(CONTROL::instance)
        .filter(k -> k.variable("holderKey").map(v -> v.asLong() == holderKey).orElse(false))
        .findFirst().orElse(null), java.util.Objects::nonNull);
  }
}
