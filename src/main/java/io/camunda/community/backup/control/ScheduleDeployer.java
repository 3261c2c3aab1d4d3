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
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

/**
 * Deploys the timer-started processes with the timer cycle taken from configuration, so operators
 * change schedules in configuration, not in XML: {@code scheduled-backup} with {@code
 * backup-orchestrator.schedule.cron}, {@code housekeeping} with {@code
 * backup-orchestrator.housekeeping.cron}. Zeebe ignores a deployment identical to the latest
 * version, so restarts add no versions.
 */
@Component
@ConditionalOnProperty(name = "backup-orchestrator.command-mode", havingValue = "false", matchIfMissing = true)
public class ScheduleDeployer {

  private static final Logger LOG = LoggerFactory.getLogger(ScheduleDeployer.class);

  private final CamundaClient client;
  private final OrchestratorProperties properties;

  public ScheduleDeployer(CamundaClient client, OrchestratorProperties properties) {
    this.client = client;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  public void deploy() {
    deploy("scheduled-backup", properties.schedule().enabled(), properties.schedule().cron(), "backup-orchestrator.schedule");
    deploy("housekeeping", properties.housekeeping().enabled(), properties.housekeeping().cron(), "backup-orchestrator.housekeeping");
  }

  private void deploy(String processId, boolean enabled, String cron, String property) {
    if (!enabled) {
      LOG.info("{} not deployed ({}.enabled=false)", processId, property);
      return;
    }
    client.newDeployResourceCommand().addProcessModel(withCron(processId, cron), processId + ".bpmn").send().join();
    LOG.info("Deployed {} with cron '{}'", processId, cron);
  }

  static BpmnModelInstance withCron(String processId, String cron) {
    String resource = "bpmn/" + processId + ".bpmn";
    try (InputStream in = new ClassPathResource(resource).getInputStream()) {
      BpmnModelInstance model = Bpmn.readModelFromStream(in);
      model.getModelElementsByType(TimeCycle.class).forEach(cycle -> cycle.setTextContent(cron));
      Bpmn.validateModel(model);
      return model;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + " from the classpath", e);
    }
  }
}
