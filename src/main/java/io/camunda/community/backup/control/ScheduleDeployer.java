package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.TimeCycle;
import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Deploys {@code bpmn/scheduled-backup.bpmn} with the timer cycle taken from {@code
 * backup-orchestrator.schedule.cron}, so operators change the schedule in configuration, not in
 * XML. Zeebe ignores a deployment identical to the latest version, so restarts add no versions.
 */
@Component
public class ScheduleDeployer {

  static final String RESOURCE = "bpmn/scheduled-backup.bpmn";
  private static final Logger LOG = LoggerFactory.getLogger(ScheduleDeployer.class);

  private final CamundaClient client;
  private final OrchestratorProperties properties;

  public ScheduleDeployer(CamundaClient client, OrchestratorProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void deploy() {
    if (!properties.schedule().enabled()) {
      LOG.info("Scheduled backups are disabled (backup-orchestrator.schedule.enabled=false); scheduled-backup not deployed");
      return;
    }
    BpmnModelInstance model = withCron(properties.schedule().cron());
    client.newDeployResourceCommand().addProcessModel(model, "scheduled-backup.bpmn").send().join();
    LOG.info("Deployed scheduled-backup with cron '{}'", properties.schedule().cron());
  }

  static BpmnModelInstance withCron(String cron) {
    try (InputStream in = new ClassPathResource(RESOURCE).getInputStream()) {
      BpmnModelInstance model = Bpmn.readModelFromStream(in);
      model.getModelElementsByType(TimeCycle.class).forEach(cycle -> cycle.setTextContent(cron));
      Bpmn.validateModel(model);
      return model;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + RESOURCE + " from the classpath", e);
    }
  }
}
