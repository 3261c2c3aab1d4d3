package io.camunda.community.backup;

import io.camunda.client.annotation.Deployment;
import io.camunda.community.backup.control.OperatorCommands;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The worker application: deploys the backup processes and forms to the control cluster and serves
 * one job worker per management-API step. The timer-started processes (scheduled-backup,
 * housekeeping) are deployed by {@link io.camunda.community.backup.control.ScheduleDeployer}
 * because their cron comes from configuration.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Deployment(
    resources = {
      "classpath*:/bpmn/backup.bpmn",
      "classpath*:/bpmn/continuous-backup.bpmn",
      "classpath*:/bpmn/resume-exporting.bpmn",
      "classpath*:/bpmn/cluster-lock.bpmn",
      "classpath*:/bpmn/cluster-lock-keeper.bpmn",
      "classpath*:/bpmn/cluster-lock-release.bpmn",
      "classpath*:/bpmn/retention.bpmn",
      "classpath*:/bpmn/backup-health-check.bpmn",
      "classpath*:/bpmn/restore.bpmn",
      "classpath*:/bpmn/restore-drill.bpmn",
      "classpath*:/forms/*.form"
    })
public class BackupOrchestratorApplication {

  public static void main(String[] args) {
    if (OperatorCommands.isCommand(args)) {
      System.exit(runCommand(args));
    }
    SpringApplication.run(BackupOrchestratorApplication.class, args);
  }

  /** Runs one operator command (no job workers, no web server) and returns its exit code. */
  public static int runCommand(String... args) {
    SpringApplication application = new SpringApplication(BackupOrchestratorApplication.class);
    application.setWebApplicationType(WebApplicationType.NONE);
    // A command starts runs and reads; it neither works on jobs nor deploys the processes (the
    // worker application does), so it adds no deployment to the control cluster each time it runs.
    application.setDefaultProperties(Map.of(
        "camunda.client.worker.defaults.enabled", "false",
        "camunda.client.deployment.enabled", "false",
        "backup-orchestrator.command-mode", "true",
        "spring.main.banner-mode", "off"));
    return SpringApplication.exit(application.run(args));
  }
}
