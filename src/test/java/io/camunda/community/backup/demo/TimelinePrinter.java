package io.camunda.community.backup.demo;

import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.core.io.ClassPathResource;

/**
 * Prints what Operate would show, live: each step of one backup instance as it starts and ends,
 * with its duration, and the state each status check saw while a wait loops.
 */
final class TimelinePrinter {

  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
  private static final Set<BpmnElementType> SHOWN = Set.of(
      BpmnElementType.SERVICE_TASK, BpmnElementType.USER_TASK, BpmnElementType.SUB_PROCESS, BpmnElementType.CALL_ACTIVITY,
      BpmnElementType.MULTI_INSTANCE_BODY,
      BpmnElementType.BOUNDARY_EVENT, BpmnElementType.END_EVENT);
  private static final Map<String, String> CHECK_STATE = Map.of(
      "Task_CheckWebappsBackup", "webappsBackupState",
      "Task_CheckOptimizeBackup", "optimizeBackupState",
      "Task_CheckRecordsSnapshot", "recordsSnapshotState",
      "Task_CheckZeebeBackup", "zeebeBackupState",
      "Task_CheckClusterHealthy", "clusterHealthy");

  private final InMemoryControlCluster control;
  private final long processInstanceKey;
  private final PrintStream out;
  private final Map<String, String> names;
  private final Map<Long, Instant> started = new HashMap<>();
  private final Map<String, Integer> checks = new HashMap<>();
  private int seen;

  TimelinePrinter(InMemoryControlCluster control, long processInstanceKey, PrintStream out) {
    this(control, processInstanceKey, out, "bpmn/backup.bpmn");
  }

  TimelinePrinter(InMemoryControlCluster control, long processInstanceKey, PrintStream out, String model) {
    this.control = control;
    this.processInstanceKey = processInstanceKey;
    this.out = out;
    this.names = elementNames(model);
  }

  /** Prints what happened since the last call. */
  void printNew() {
    printSinceLastCall();
  }

  private void printSinceLastCall() {
    int index = 0;
    for (Record<ProcessInstanceRecordValue> record : control.records().processInstanceRecords()) {
      if (index++ < seen) {
        continue;
      }
      seen = index;
      ProcessInstanceRecordValue value = record.getValue();
      if (value.getProcessInstanceKey() != processInstanceKey || !SHOWN.contains(value.getBpmnElementType())) {
        continue;
      }
      String name = names.getOrDefault(value.getElementId(), value.getElementId());
      Instant at = Instant.ofEpochMilli(record.getTimestamp());
      if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
        started.put(record.getKey(), at);
        boolean quiet = CHECK_STATE.containsKey(value.getElementId()) && checks.containsKey(value.getElementId());
        if (value.getBpmnElementType() != BpmnElementType.END_EVENT && !quiet) {
          line(at, "▶", name, "");
        }
      } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED) {
        Instant from = started.getOrDefault(record.getKey(), at);
        String took = millis(Duration.between(from, at));
        switch (value.getBpmnElementType()) {
          case END_EVENT -> line(at, "■", name, "");
          case BOUNDARY_EVENT -> line(at, "⚠", name, "");
          default -> {
            String stateVariable = CHECK_STATE.get(value.getElementId());
            if (stateVariable != null) {
              int count = checks.merge(value.getElementId(), 1, Integer::sum);
              line(at, "⏳", name, "check " + count + ": " + latest(stateVariable));
            } else {
              line(at, "✔", name, took);
            }
          }
        }
      } else if (record.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
        line(at, "✖", name, "interrupted");
      }
    }
  }

  private String latest(String variable) {
    String value = "?";
    for (Record<VariableRecordValue> r : control.records().variableRecords()) {
      if (r.getValue().getProcessInstanceKey() == processInstanceKey && r.getValue().getName().equals(variable)) {
        value = r.getValue().getValue().replace("\"", "");
      }
    }
    return value;
  }

  private void line(Instant at, String mark, String name, String detail) {
    out.printf("  %s  %s %-36s %s%n", LocalTime.ofInstant(at, ZoneId.systemDefault()).format(TIME), mark, name, detail);
  }

  static String millis(Duration duration) {
    return duration.toMillis() < 10_000 ? duration.toMillis() + " ms" : String.format("%.1f s", duration.toMillis() / 1000.0);
  }

  private static Map<String, String> elementNames(String resource) {
    try (InputStream in = new ClassPathResource(resource).getInputStream()) {
      BpmnModelInstance model = Bpmn.readModelFromStream(in);
      Map<String, String> names = new HashMap<>();
      for (FlowElement element : model.getModelElementsByType(FlowElement.class)) {
        if (element.getName() != null) {
          names.put(element.getId(), element.getName());
        }
      }
      return names;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
