package io.camunda.community.backup.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.IncidentIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.Process;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The read side of the orchestration cluster REST API (v2) that Operate's data answers, computed
 * from the in-memory engine's record stream as the exporter would write it: {@code GET
 * /v2/process-instances/{key}} and the element-instance, incident and variable searches, with the
 * filters, sort and page the application's {@code RunStatusReader} sends. A filter field it does
 * not know is refused ({@link UnsupportedOperationException}, a 501), never ignored: a stand-in
 * that answered an unfiltered list would hide a wrong query.
 *
 * <p>Bodies follow the Camunda 8.8 OpenAPI: keys as strings, dates as ISO-8601 with offset,
 * enums by name, {@code {"items": [...], "page": {"totalItems": n}}}.
 */
final class RunSearches {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** The stand-in refuses larger pages, so a caller that relies on them fails here, not only against a real cluster. */
  static final int MAX_LIMIT = 100;

  private final InMemoryControlCluster control;
  private final Map<Long, Map<String, String>> namesByDefinition = new ConcurrentHashMap<>();

  RunSearches(InMemoryControlCluster control) {
    this.control = control;
  }

  Optional<ObjectNode> processInstance(long key) {
    ObjectNode instance = null;
    for (Record<ProcessInstanceRecordValue> r : control.records().processInstanceRecords()) {
      ProcessInstanceRecordValue v = r.getValue();
      if (r.getKey() != key || v.getBpmnElementType() != BpmnElementType.PROCESS) {
        continue;
      }
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
        instance = JSON.createObjectNode()
            .put("processInstanceKey", Long.toString(key))
            .put("processDefinitionId", v.getBpmnProcessId())
            .put("processDefinitionKey", Long.toString(v.getProcessDefinitionKey()))
            .put("processDefinitionVersion", v.getVersion())
            .put("startDate", date(r.getTimestamp()))
            .put("state", "ACTIVE")
            .put("tenantId", v.getTenantId());
        if (v.getParentProcessInstanceKey() > 0) {
          instance.put("parentProcessInstanceKey", Long.toString(v.getParentProcessInstanceKey()));
        }
      } else if (instance != null && (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED)) {
        instance.put("state", r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED ? "COMPLETED" : "TERMINATED")
            .put("endDate", date(r.getTimestamp()));
      }
    }
    if (instance != null) {
      instance.put("hasIncident", !openIncidents(i -> i.getValue().getProcessInstanceKey() == key).isEmpty());
    }
    return Optional.ofNullable(instance);
  }

  /**
   * Filter: {@code processDefinitionId} and {@code state} (both required: what the application
   * asks); sort: {@code endDate} or {@code startDate}, ASC or DESC; page: {@code limit}.
   */
  ObjectNode processInstances(JsonNode query) {
    JsonNode filter = query.path("filter");
    onlyFields(filter, Set.of("processDefinitionId", "state"));
    if (!filter.has("processDefinitionId") || !filter.has("state")) {
      throw new UnsupportedOperationException("a process-instance search without processDefinitionId and state filters is not served");
    }
    String processId = eq(filter.get("processDefinitionId"));
    String state = eq(filter.get("state"));
    List<ObjectNode> items = new ArrayList<>();
    for (Record<ProcessInstanceRecordValue> r : control.records().processInstanceRecords()) {
      ProcessInstanceRecordValue v = r.getValue();
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING && v.getBpmnElementType() == BpmnElementType.PROCESS
          && v.getBpmnProcessId().equals(processId)) {
        processInstance(r.getKey()).filter(instance -> instance.path("state").asText().equals(state)).ifPresent(items::add);
      }
    }
    for (JsonNode sort : query.path("sort")) {
      String field = sort.path("field").asText();
      if (!field.equals("endDate") && !field.equals("startDate")) {
        throw new UnsupportedOperationException("process-instance search: sort by " + field + " is not served");
      }
      Comparator<ObjectNode> byDate = Comparator.comparing(
          e -> e.hasNonNull(field) ? java.time.OffsetDateTime.parse(e.get(field).asText()).toInstant() : Instant.MAX);
      items.sort("DESC".equalsIgnoreCase(sort.path("order").asText("ASC")) ? byDate.reversed() : byDate);
    }
    return page(items, query);
  }

  /** Filter: {@code processInstanceKey}; sort: {@code startDate} ASC or DESC; page: {@code limit}. */
  ObjectNode elementInstances(JsonNode query) {
    JsonNode filter = query.path("filter");
    onlyFields(filter, Set.of("processInstanceKey"));
    long processInstanceKey = longValue(filter, "processInstanceKey");
    Map<Long, ObjectNode> elements = new LinkedHashMap<>();
    for (Record<ProcessInstanceRecordValue> r : control.records().processInstanceRecords()) {
      ProcessInstanceRecordValue v = r.getValue();
      if (v.getProcessInstanceKey() != processInstanceKey || v.getBpmnElementType() == BpmnElementType.PROCESS
          || v.getBpmnElementType() == BpmnElementType.SEQUENCE_FLOW) {
        continue;
      }
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
        elements.put(r.getKey(), JSON.createObjectNode()
            .put("elementInstanceKey", Long.toString(r.getKey()))
            .put("processInstanceKey", Long.toString(processInstanceKey))
            .put("processDefinitionKey", Long.toString(v.getProcessDefinitionKey()))
            .put("processDefinitionId", v.getBpmnProcessId())
            .put("elementId", v.getElementId())
            .put("elementName", names(v.getProcessDefinitionKey()).getOrDefault(v.getElementId(), v.getElementId()))
            .put("type", v.getBpmnElementType().name())
            .put("state", "ACTIVE")
            .put("hasIncident", false)
            .put("startDate", date(r.getTimestamp()))
            .put("tenantId", v.getTenantId()));
      } else if (elements.containsKey(r.getKey()) && (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
          || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED)) {
        elements.get(r.getKey())
            .put("state", r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED ? "COMPLETED" : "TERMINATED")
            .put("endDate", date(r.getTimestamp()));
      }
    }
    for (Record<IncidentRecordValue> incident : openIncidents(i -> i.getValue().getProcessInstanceKey() == processInstanceKey)) {
      ObjectNode element = elements.get(incident.getValue().getElementInstanceKey());
      if (element != null) {
        element.put("hasIncident", true).put("incidentKey", Long.toString(incident.getKey()));
      }
    }
    List<ObjectNode> items = new ArrayList<>(elements.values());
    Comparator<ObjectNode> byStart = Comparator.comparing(e -> java.time.OffsetDateTime.parse(e.get("startDate").asText()).toInstant());
    for (JsonNode sort : query.path("sort")) {
      if (!sort.path("field").asText().equals("startDate")) {
        throw new UnsupportedOperationException("element-instance search: sort by " + sort.path("field").asText() + " is not served");
      }
      items.sort("DESC".equalsIgnoreCase(sort.path("order").asText("ASC")) ? byStart.reversed() : byStart);
    }
    return page(items, query);
  }

  /** Filter: {@code processInstanceKey} and {@code state} ({@code ACTIVE}: not resolved). */
  ObjectNode incidents(JsonNode query) {
    JsonNode filter = query.path("filter");
    onlyFields(filter, Set.of("processInstanceKey", "state"));
    long processInstanceKey = longValue(filter, "processInstanceKey");
    String state = filter.has("state") ? eq(filter.get("state")) : null;
    if (state != null && !state.equals("ACTIVE")) {
      throw new UnsupportedOperationException("incident search: only state ACTIVE is served, not " + state);
    }
    List<ObjectNode> items = new ArrayList<>();
    for (Record<IncidentRecordValue> r : openIncidents(i -> i.getValue().getProcessInstanceKey() == processInstanceKey)) {
      IncidentRecordValue v = r.getValue();
      items.add(JSON.createObjectNode()
          .put("incidentKey", Long.toString(r.getKey()))
          .put("processInstanceKey", Long.toString(v.getProcessInstanceKey()))
          .put("processDefinitionKey", Long.toString(v.getProcessDefinitionKey()))
          .put("processDefinitionId", v.getBpmnProcessId())
          .put("errorType", v.getErrorType().name())
          .put("errorMessage", v.getErrorMessage())
          .put("elementId", v.getElementId())
          .put("elementInstanceKey", Long.toString(v.getElementInstanceKey()))
          .put("jobKey", Long.toString(v.getJobKey()))
          .put("creationTime", date(r.getTimestamp()))
          .put("state", "ACTIVE")
          .put("tenantId", v.getTenantId()));
    }
    return page(items, query);
  }

  /** Filter: {@code processInstanceKey}, {@code scopeKey}, {@code name} (a value or {@code $in}); the latest value of each. */
  ObjectNode variables(JsonNode query) {
    JsonNode filter = query.path("filter");
    onlyFields(filter, Set.of("processInstanceKey", "scopeKey", "name"));
    long processInstanceKey = longValue(filter, "processInstanceKey");
    Long scopeKey = filter.has("scopeKey") ? longValue(filter, "scopeKey") : null;
    Predicate<String> name = filter.has("name") ? names(filter.get("name")) : n -> true;
    Map<String, ObjectNode> latest = new LinkedHashMap<>();
    for (Record<VariableRecordValue> r : control.records().variableRecords()) {
      VariableRecordValue v = r.getValue();
      if (v.getProcessInstanceKey() == processInstanceKey && (scopeKey == null || v.getScopeKey() == scopeKey) && name.test(v.getName())) {
        latest.put(v.getScopeKey() + "/" + v.getName(), JSON.createObjectNode()
            .put("variableKey", Long.toString(r.getKey()))
            .put("name", v.getName())
            .put("value", v.getValue())
            .put("isTruncated", false)
            .put("scopeKey", Long.toString(v.getScopeKey()))
            .put("processInstanceKey", Long.toString(processInstanceKey))
            .put("tenantId", v.getTenantId()));
      }
    }
    return page(new ArrayList<>(latest.values()), query);
  }

  private List<Record<IncidentRecordValue>> openIncidents(Predicate<Record<IncidentRecordValue>> filter) {
    Map<Long, Record<IncidentRecordValue>> open = new LinkedHashMap<>();
    for (Record<IncidentRecordValue> r : control.records().incidentRecords()) {
      if (r.getIntent() == IncidentIntent.CREATED && filter.test(r)) {
        open.put(r.getKey(), r);
      } else if (r.getIntent() == IncidentIntent.RESOLVED) {
        open.remove(r.getKey());
      }
    }
    return List.copyOf(open.values());
  }

  /** Element names of a deployed process, from its BPMN (as Operate reads them). */
  private Map<String, String> names(long processDefinitionKey) {
    return namesByDefinition.computeIfAbsent(processDefinitionKey, key -> {
      Map<String, String> names = new HashMap<>();
      for (Record<Process> r : control.records().processRecords()) {
        if (r.getValue().getProcessDefinitionKey() == key) {
          for (FlowElement e : Bpmn.readModelFromStream(new ByteArrayInputStream(r.getValue().getResource()))
              .getModelElementsByType(FlowElement.class)) {
            if (e.getName() != null) {
              names.put(e.getId(), e.getName());
            }
          }
          break;
        }
      }
      return names;
    });
  }

  /**
   * {@code page.limit} (default 100, at most {@link #MAX_LIMIT}, as the real API's default and a
   * bound its callers must live with) and {@code page.after}, the {@code endCursor} of the page
   * before (here: the index of its last item).
   */
  private static ObjectNode page(List<ObjectNode> items, JsonNode query) {
    JsonNode page = query.path("page");
    int limit = page.path("limit").asInt(100);
    if (limit > MAX_LIMIT) {
      throw new UnsupportedOperationException("page.limit " + limit + " is above " + MAX_LIMIT);
    }
    int from = page.hasNonNull("after") && !page.get("after").asText().isEmpty() ? Integer.parseInt(page.get("after").asText()) + 1 : 0;
    List<ObjectNode> slice = items.subList(Math.min(from, items.size()), Math.min(from + limit, items.size()));
    ObjectNode answer = JSON.createObjectNode();
    ArrayNode array = answer.putArray("items");
    slice.forEach(array::add);
    ObjectNode pageInfo = answer.putObject("page").put("totalItems", items.size()).put("hasMoreTotalItems", false);
    if (!slice.isEmpty()) {
      pageInfo.put("startCursor", Integer.toString(from)).put("endCursor", Integer.toString(from + slice.size() - 1));
    }
    return answer;
  }

  /** Refuses a filter field that is not served; an empty one (the 8.8 client sends {@code "tags": []}) filters nothing. */
  private static void onlyFields(JsonNode filter, Set<String> served) {
    for (Iterator<String> it = filter.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      JsonNode value = filter.get(field);
      if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
        continue;
      }
      if (!served.contains(field)) {
        throw new UnsupportedOperationException("filter field '" + field + "' is not served; served: " + served);
      }
    }
  }

  private static long longValue(JsonNode filter, String field) {
    if (!filter.has(field)) {
      throw new UnsupportedOperationException("a search without a " + field + " filter is not served");
    }
    return Long.parseLong(eq(filter.get(field)));
  }

  /**
   * A plain value or {@code {"$eq": value}}. The 8.8 client sends every operator of the property,
   * the unused ones empty ({@code {"$eq": "1", "$in": [], "$notIn": []}}).
   */
  private static String eq(JsonNode value) {
    value = operatorsInUse(value);
    if (value.isObject()) {
      if (value.size() != 1 || !value.has("$eq")) {
        throw new UnsupportedOperationException("only equality filters are served here, not " + value);
      }
      return value.get("$eq").asText();
    }
    return value.asText();
  }

  private static JsonNode operatorsInUse(JsonNode value) {
    if (!value.isObject()) {
      return value;
    }
    ObjectNode used = JSON.createObjectNode();
    value.fields().forEachRemaining(f -> {
      if (!f.getValue().isNull() && !(f.getValue().isContainerNode() && f.getValue().isEmpty())) {
        used.set(f.getKey(), f.getValue());
      }
    });
    return used;
  }

  private static Predicate<String> names(JsonNode value) {
    value = operatorsInUse(value);
    if (value.isObject() && value.size() == 1 && value.has("$in")) {
      List<String> names = new ArrayList<>();
      value.get("$in").forEach(n -> names.add(n.asText()));
      return names::contains;
    }
    String name = eq(value);
    return name::equals;
  }

  private static String date(long epochMillis) {
    return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC).toString();
  }
}
