package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.bpmndi.BpmnShape;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeInput;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drill schedule generated from configuration: one timer per scheduled drill target. */
class ScheduleDeployerTest {

  @Test
  void everyScheduledDrillTargetGetsItsOwnTimerCallingTheDrillForIt() {
    Map<String, String> crons = new LinkedHashMap<>();
    crons.put("scratch-eu", "0 0 4 * * SUN");
    crons.put("scratch-us", "0 30 5 * * SAT");

    BpmnModelInstance model = ScheduleDeployer.drillSchedule(crons);
    Bpmn.validateModel(model);

    List<StartEvent> starts = List.copyOf(model.getModelElementsByType(StartEvent.class));
    assertThat(starts).extracting(StartEvent::getName).containsExactly("Drill of scratch-eu due", "Drill of scratch-us due");
    assertThat(starts).extracting(start -> start.getChildElementsByType(TimerEventDefinition.class).iterator().next().getTimeCycle().getTextContent())
        .containsExactly("0 0 4 * * SUN", "0 30 5 * * SAT");
    for (CallActivity call : model.getModelElementsByType(CallActivity.class)) {
      String target = call.getName().substring("Run restore drill into ".length());
      assertThat(call.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement.class).getProcessId())
          .isEqualTo("restore-drill");
      assertThat(call.getSingleExtensionElement(io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping.class).getInputs())
          .extracting(ZeebeInput::getTarget, ZeebeInput::getSource).containsExactly(org.assertj.core.groups.Tuple.tuple("clusterName", "=\"" + target + "\""));
    }
    // drawn in rows, not on top of each other
    assertThat(model.getModelElementsByType(BpmnShape.class)).filteredOn(shape -> shape.getBpmnElement() instanceof CallActivity)
        .extracting(shape -> shape.getBounds().getY()).doesNotHaveDuplicates().hasSize(2);
  }

  @Test
  void withoutScheduledDrillsNoTimerStartsAnything() {
    BpmnModelInstance model = ScheduleDeployer.drillSchedule(Map.of());
    Bpmn.validateModel(model);
    assertThat(model.getModelElementsByType(TimerEventDefinition.class)).isEmpty();
  }
}
