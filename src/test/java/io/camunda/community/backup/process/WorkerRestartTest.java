package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker application goes away in the middle of a backup and comes back: the state lives in
 * the control cluster, so the same instance carries on. Uses its own engine so that no other
 * worker application in this JVM can pick up the jobs meanwhile.
 */
class WorkerRestartTest {

  private final InMemoryControlCluster control = InMemoryControlCluster.start();
  private final SandboxTargets sandbox = SandboxTargets.shared();

  @AfterEach
  void stop() {
    sandbox.cluster().faults().clear();
    control.close();
  }

  @Test
  void theSameInstanceFinishesAfterTheWorkerApplicationRestarts() {
    Map<String, String> properties = new LinkedHashMap<>(sandbox.clusterProperties(0, "sandbox",
        // a job timeout must exceed the longest call (checked at startup)
        Tuning.standard().withRequestTimeout(Duration.ofSeconds(2))));
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.job-retry-backoff", "PT0.2S");
    // A job held by a worker that vanished is handed out again after this timeout.
    properties.put("camunda.client.worker.defaults.timeout", "PT3S");
    sandbox.cluster().faults().clear();
    sandbox.cluster().faults().zeebeBackupStuckInProgress(true);

    ConfigurableApplicationContext first = WorkerApplication.start(control, properties);
    long key = first.getBean(BackupRequests.class).start("sandbox", null, null, "test");
    ProcessInstanceView instance = control.instance(key);
    await().atMost(Duration.ofSeconds(60)).until(() -> instance.completedElements().contains("Task_CheckZeebeBackup"));
    first.close();

    // While no worker runs, the instance waits in the Zeebe-backup loop and exporting stays paused.
    assertThat(instance.isEnded()).isFalse();
    assertThat(sandbox.cluster().exportingState()).isEqualTo(ExportingState.SOFT_PAUSED);
    sandbox.cluster().faults().zeebeBackupStuckInProgress(false);

    try (ConfigurableApplicationContext second = WorkerApplication.start(control, properties)) {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(instance::isEnded);
    }
    assertThat(instance.isCompleted()).isTrue();
    assertThat(instance.variable("backupResult").orElseThrow().get("state").asText()).isEqualTo("COMPLETED");
    assertThat(sandbox.cluster().exportingState()).isEqualTo(ExportingState.EXPORTING);
  }
}
