package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.builder.ProcessBuilder;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.TimeCycle;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnEdge;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * backup-orchestrator.housekeeping.cron}, and {@code scheduled-restore-drills} with one timer per
 * {@code clusters[i].drill.cron}. Zeebe ignores a deployment identical to the latest
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
    Map<String, String> drills = new LinkedHashMap<>();
    properties.clusters().stream().filter(c -> c.drillTarget() && c.drill().scheduled())
        .forEach(c -> drills.put(c.name(), c.drill().cron()));
    // Deployed even without drills: the new version has no timer, so the previous version's stop.
    client.newDeployResourceCommand().addProcessModel(drillSchedule(drills), DRILL_SCHEDULE + ".bpmn").send().join();
    LOG.info("Deployed {} with {}", DRILL_SCHEDULE, drills.isEmpty() ? "no drill" : drills);
  }

  static final String DRILL_SCHEDULE = "scheduled-restore-drills";

  /**
   * One timer start event per scheduled drill target ({@code clusters[i].drill.cron}), each
   * calling {@code restore-drill} for its target; without any, a process no timer starts.
   */
  static BpmnModelInstance drillSchedule(Map<String, String> cronByTarget) {
    ProcessBuilder process = Bpmn.createExecutableProcess(DRILL_SCHEDULE).name("Scheduled restore drills");
    if (cronByTarget.isEmpty()) {
      return process.startEvent("StartEvent_NoDrillScheduled").name("No drill scheduled").endEvent("EndEvent_NoDrill").name("Nothing to do").done();
    }
    BpmnModelInstance model = null;
    int row = 0;
    for (Map.Entry<String, String> drill : cronByTarget.entrySet()) {
      String id = drill.getKey().replace('-', '_');
      ProcessBuilder builder = model == null ? process : new ProcessBuilder(model, model.getModelElementById(DRILL_SCHEDULE));
      model = builder.startEvent("Timer_Drill_" + id).name("Drill of " + drill.getKey() + " due").timerWithCycle(drill.getValue())
          .callActivity("CallActivity_Drill_" + id).name("Run restore drill into " + drill.getKey())
          .zeebeProcessId("restore-drill").zeebeInputExpression("\"" + drill.getKey() + "\"", "clusterName")
          .zeebeOutputExpression("drillResult", "drillResult")
          .endEvent("EndEvent_Drill_" + id).name("Drill ended").done();
      // one row per target in Operate, not all drawn on top of each other
      int offset = 120 * row++;
      for (String element : List.of("Timer_Drill_", "CallActivity_Drill_", "EndEvent_Drill_")) {
        BpmnShape shape = model.getModelElementById(element + id + "_di");
        if (shape != null) {
          shape.getBounds().setY(shape.getBounds().getY() + offset);
        }
      }
      model.getModelElementsByType(BpmnEdge.class).stream()
          .filter(edge -> edge.getBpmnElement() instanceof SequenceFlow flow && flow.getSource().getId().endsWith("_Drill_" + id))
          .forEach(edge -> edge.getWaypoints().forEach(point -> point.setY(point.getY() + offset)));
    }
    Bpmn.validateModel(model);
    return model;
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
