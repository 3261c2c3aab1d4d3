package io.camunda.community.backup;

import io.camunda.client.annotation.Deployment;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The worker application: deploys the backup processes and forms to the control cluster and serves
 * one job worker per management-API step. The scheduled-backup process is deployed separately by
 * {@link io.camunda.community.backup.control.ScheduleDeployer} because its cron comes from
 * configuration.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@Deployment(resources = {"classpath*:/bpmn/backup.bpmn", "classpath*:/forms/*.form"})
public class BackupOrchestratorApplication {

  public static void main(String[] args) {
    SpringApplication.run(BackupOrchestratorApplication.class, args);
  }
}
