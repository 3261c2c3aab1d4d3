package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.testsupport.SandboxTargets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
}
