package io.camunda.community.backup.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * What Operate would show of one process instance, read from the engine's record stream: state,
 * elements passed, variables (with their history) and open incidents.
 */
public final class ProcessInstanceView {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final InMemoryControlCluster control;
  private final long key;

  ProcessInstanceView(InMemoryControlCluster control, long key) {
    this.control = control;
    this.key = key;
  }

  public long key() {
    return key;
  }

  public boolean isEnded() {
    return processRecords().anyMatch(r -> r.getKey() == key
        && (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED));
  }

  public boolean isCompleted() {
    return processRecords().anyMatch(r -> r.getKey() == key && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED);
  }

  /** Ids of the elements completed in this instance, in order. */
  public List<String> completedElements() {
    return processRecords()
        .filter(r -> r.getValue().getProcessInstanceKey() == key && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(r -> r.getValue().getElementId())
        .toList();
  }

  /** Ids of the elements currently active (activated, not yet completed or terminated). */
  public Set<String> activeElements() {
    Map<Long, String> active = new LinkedHashMap<>();
    processRecords().filter(r -> r.getValue().getProcessInstanceKey() == key).forEach(r -> {
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
        active.put(r.getKey(), r.getValue().getElementId());
      } else if (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
        active.remove(r.getKey());
      }
    });
    return new HashSet<>(active.values());
  }

  /** Latest value of a variable at the process-instance (root) scope. */
  public Optional<JsonNode> variable(String name) {
    JsonNode latest = null;
    for (Record<VariableRecordValue> r : control.records().variableRecords()) {
      VariableRecordValue v = r.getValue();
      if (v.getProcessInstanceKey() == key && v.getScopeKey() == key && v.getName().equals(name)) {
        latest = parse(v.getValue());
      }
    }
    return Optional.ofNullable(latest);
  }

  /** Every value a variable took in any scope of this instance, in order. */
  public List<JsonNode> variableHistory(String name) {
    List<JsonNode> values = new ArrayList<>();
    for (Record<VariableRecordValue> r : control.records().variableRecords()) {
      if (r.getValue().getProcessInstanceKey() == key && r.getValue().getName().equals(name)) {
        values.add(parse(r.getValue().getValue()));
      }
    }
    return values;
  }

  /** All variable values ever written in this instance, raw JSON (for the no-secrets check). */
  public List<String> allVariableValues() {
    List<String> values = new ArrayList<>();
    for (Record<VariableRecordValue> r : control.records().variableRecords()) {
      if (r.getValue().getProcessInstanceKey() == key) {
        values.add(r.getValue().getName() + "=" + r.getValue().getValue());
      }
    }
    return values;
  }

  /** Every incident this instance ever had, resolved or not. */
  public List<Record<IncidentRecordValue>> incidentsCreated() {
    List<Record<IncidentRecordValue>> created = new ArrayList<>();
    for (Record<IncidentRecordValue> r : control.records().incidentRecords()) {
      if (r.getValue().getProcessInstanceKey() == key && r.getIntent() == IncidentIntent.CREATED) {
        created.add(r);
      }
    }
    return created;
  }

  /**
   * Incidents created and not resolved, in this instance and the instances it called (as Operate
   * shows them on the run).
   */
  public List<Record<IncidentRecordValue>> openIncidents() {
    Set<Long> family = new java.util.HashSet<>(descendants());
    family.add(key);
    Map<Long, Record<IncidentRecordValue>> open = new LinkedHashMap<>();
    for (Record<IncidentRecordValue> r : control.records().incidentRecords()) {
      if (!family.contains(r.getValue().getProcessInstanceKey())) {
        continue;
      }
      if (r.getIntent() == IncidentIntent.CREATED) {
        open.put(r.getKey(), r);
      } else if (r.getIntent() == IncidentIntent.RESOLVED) {
        open.remove(r.getKey());
      }
    }
    return List.copyOf(open.values());
  }

  /**
   * The job records of this instance's active elements, oldest first ("Task_X CREATED retries=3",
   * "FAILED retries=2: message"): what a test that timed out was waiting for.
   */
  public List<String> activeJobHistory() {
    Set<String> active = activeElements();
    List<String> history = new ArrayList<>();
    for (Record<JobRecordValue> r : control.records().jobRecords()) {
      JobRecordValue job = r.getValue();
      if (job.getProcessInstanceKey() == key && active.contains(job.getElementId())) {
        String error = job.getErrorMessage() == null || job.getErrorMessage().isEmpty() ? "" : ": " + job.getErrorMessage();
        history.add("%s %s %s retries=%d worker=%s%s".formatted(
            java.time.Instant.ofEpochMilli(r.getTimestamp()), job.getElementId(), r.getIntent(), job.getRetries(), job.getWorker(), error));
      }
    }
    return history;
  }

  /** Every job record of this instance as "element INTENT", in the engine's order. */
  public List<String> jobEvents() {
    List<String> events = new ArrayList<>();
    for (Record<JobRecordValue> r : control.records().jobRecords()) {
      if (r.getValue().getProcessInstanceKey() == key) {
        events.add(r.getValue().getElementId() + " " + r.getIntent().name());
      }
    }
    return events;
  }

  /** The intents of the job records of {@code elementId} in this instance, oldest first (CREATED, FAILED, ...). */
  public List<String> jobIntents(String elementId) {
    List<String> intents = new ArrayList<>();
    for (Record<JobRecordValue> r : control.records().jobRecords()) {
      if (r.getValue().getProcessInstanceKey() == key && r.getValue().getElementId().equals(elementId)) {
        intents.add(r.getIntent().name());
      }
    }
    return intents;
  }

  /** Instances of {@code processId} started as children (call activities) of this one. */
  public List<Long> childInstances() {
    return processRecords()
        .filter(r -> r.getValue().getParentProcessInstanceKey() == key
            && r.getValue().getBpmnElementType() == BpmnElementType.PROCESS
            && r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
        .map(Record::getKey)
        .distinct()
        .toList();
  }

  /** Every instance called by this one, directly or through its children. */
  private List<Long> descendants() {
    List<Long> found = new ArrayList<>();
    List<Long> parents = List.of(key);
    while (!parents.isEmpty()) {
      Set<Long> current = Set.copyOf(parents);
      List<Long> children = processRecords()
          .filter(r -> current.contains(r.getValue().getParentProcessInstanceKey())
              && r.getValue().getBpmnElementType() == BpmnElementType.PROCESS
              && r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED)
          .map(Record::getKey).distinct().toList();
      found.addAll(children);
      parents = children;
    }
    return found;
  }

  private java.util.stream.Stream<Record<ProcessInstanceRecordValue>> processRecords() {
    return StreamSupport.stream(control.records().processInstanceRecords().spliterator(), false);
  }

  private static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("variable value is not JSON: " + json, e);
    }
  }
}
