package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The schedule comes from configuration: the application deploys scheduled-backup with the
 * configured cron, and when it is due every cluster marked {@code scheduled} is backed up. Own
 * engine, because moving its clock fires every timer in it.
 */
class ScheduledBackupTest {

  private final InMemoryControlCluster control = InMemoryControlCluster.start();
  private final SandboxTargets sandbox = SandboxTargets.shared();

  @AfterEach
  void stop() {
    control.close();
  }

  @Test
  void aDueScheduleBacksUpEveryScheduledCluster() {
    Map<String, String> properties = new LinkedHashMap<>(sandbox.clusterProperties(0, "sandbox", Tuning.standard()));
    properties.putAll(sandbox.clusterProperties(1, "sandbox-manual-only", Tuning.standard().withoutOptimize()));
    properties.put("backup-orchestrator.clusters[1].scheduled", "false");
    properties.put("backup-orchestrator.schedule.cron", "0 30 3 * * *");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    properties.put("backup-orchestrator.job-retry-backoff", "PT0.2S");
    sandbox.cluster().faults().clear();

    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> deployedCron().contains("0 30 3 * * *"));
      assertThat(control.instancesOf("scheduled-backup")).isEmpty();

      control.increaseTime(Duration.ofDays(1));

      await().atMost(Duration.ofSeconds(30)).until(() -> !control.instancesOf("scheduled-backup").isEmpty());
      ProcessInstanceView schedule = control.instance(control.instancesOf("scheduled-backup").getFirst());
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(schedule::isEnded);

      assertThat(schedule.isCompleted()).isTrue();
      assertThat(schedule.variable("clusterNames").orElseThrow()).extracting(JsonNode::asText).containsExactly("sandbox");
      List<Long> backups = schedule.childInstances();
      assertThat(backups).hasSize(1);
      ProcessInstanceView backup = control.instance(backups.getFirst());
      JsonNode result = backup.variable("backupResult").orElseThrow();
      assertThat(result.get("state").asText()).isEqualTo("COMPLETED");
      assertThat(result.get("trigger").asText()).isEqualTo("scheduled");
      assertThat(result.get("clusterName").asText()).isEqualTo("sandbox");
      assertThat(schedule.variable("backupResults").orElseThrow().get(0).get("backupId").asLong())
          .isEqualTo(result.get("backupId").asLong());
    }
  }

  @Test
  void housekeepingChecksHealthAndAppliesRetentionForEveryCluster() {
    Map<String, String> properties = new LinkedHashMap<>(sandbox.clusterProperties(0, "sandbox", Tuning.standard()));
    properties.put("backup-orchestrator.clusters[0].retention.keep-complete", "50");
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.cron", "0 45 * * * *");
    properties.put("backup-orchestrator.job-retry-backoff", "PT0.2S");
    sandbox.cluster().faults().clear();

    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties)) {
      // A fresh complete backup, so the health check finds nothing to report.
      long backup = app.getBean(io.camunda.community.backup.control.BackupRequests.class).start("sandbox", null, null, "test");
      await().atMost(Duration.ofSeconds(60)).until(() -> control.instance(backup).isEnded());
      // and the retention run it asked for, which holds the cluster's lock while it runs: the
      // health check would find the cluster busy and rightly skip its exporting check
      long afterBackup = control.instance(backup).variable("retentionProcessInstanceKey").orElseThrow().asLong();
      await().atMost(Duration.ofSeconds(60)).until(() -> control.instance(afterBackup).isEnded());
      await().atMost(Duration.ofSeconds(30)).until(() -> deployed("housekeeping").contains("0 45 * * * *"));

      control.increaseTime(Duration.ofHours(1));

      await().atMost(Duration.ofSeconds(30)).until(() -> !control.instancesOf("housekeeping").isEmpty());
      ProcessInstanceView housekeeping = control.instance(control.instancesOf("housekeeping").getFirst());
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(housekeeping::isEnded);

      assertThat(housekeeping.isCompleted()).isTrue();
      ProcessInstanceView check = control.instance(control.instancesOf("backup-health-check").getFirst());
      assertThat(check.completedElements()).contains("Task_CheckExporting", "Task_CheckFreshness", "EndEvent_Healthy");
      ProcessInstanceView retention = control.instance(control.instancesOf("retention").getLast());
      assertThat(retention.completedElements()).contains("Task_PlanRetention", "EndEvent_RetentionApplied");
      assertThat(retention.variable("retentionResult").orElseThrow().get("keep")).isNotEmpty();
    }
  }

  private String deployedCron() {
    return deployed("scheduled-backup");
  }

  /** The deployed XML of a process (all versions), to read the timer cycle it was given. */
  private String deployed(String processId) {
    StringBuilder xml = new StringBuilder();
    control.records().processRecords().forEach(r -> {
      if (r.getValue().getBpmnProcessId().equals(processId)) {
        xml.append(new String(r.getValue().getResource(), java.nio.charset.StandardCharsets.UTF_8));
      }
    });
    return xml.toString();
  }
}
