package io.camunda.community.backup.control;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ProblemException;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ElementInstanceType;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.Variable;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Reads how a run stands from the control cluster's search API (the process instance, its element
 * instances, open incidents and two variables): what Operate shows, read the same way. Needs the
 * control cluster's REST API ({@code camunda.client.rest-address}) and its secondary storage; the
 * data arrives there a second or two after the engine wrote it.
 */
@Service
public class RunStatusReader {

  /** Element instances one read fetches, newest first: a wait that checked every 5 s for an hour is about 3,000. */
  static final int STEP_LIMIT = 5_000;
  static final int PAGE_SIZE = 100;
  private static final Set<ElementInstanceType> DRAWN_STEPS = Set.of(
      ElementInstanceType.SERVICE_TASK, ElementInstanceType.USER_TASK, ElementInstanceType.SUB_PROCESS,
      ElementInstanceType.CALL_ACTIVITY, ElementInstanceType.INTERMEDIATE_CATCH_EVENT, ElementInstanceType.BOUNDARY_EVENT,
      ElementInstanceType.END_EVENT, ElementInstanceType.SEND_TASK, ElementInstanceType.RECEIVE_TASK,
      ElementInstanceType.BUSINESS_RULE_TASK, ElementInstanceType.SCRIPT_TASK, ElementInstanceType.EVENT_SUB_PROCESS);
  /** Steps that only contain others: named as current only when nothing inside them is. */
  private static final Set<ElementInstanceType> CONTAINERS = Set.of(ElementInstanceType.SUB_PROCESS, ElementInstanceType.EVENT_SUB_PROCESS);

  private final CamundaClient client;
  private final ObjectMapper json;
  private final Clock clock;

  private final int pageSize;
  private final int stepLimit;

  @Autowired
  public RunStatusReader(CamundaClient client, ObjectMapper json, Clock clock) {
    this(client, json, clock, PAGE_SIZE, STEP_LIMIT);
  }

  RunStatusReader(CamundaClient client, ObjectMapper json, Clock clock, int pageSize, int stepLimit) {
    this.client = client;
    this.json = json;
    this.clock = clock;
    this.pageSize = pageSize;
    this.stepLimit = stepLimit;
  }

  /**
   * @return empty when the control cluster shows no backup, restore or retention run of {@code
   *     clusterName} under this key (not started, another cluster's or another process, or not yet
   *     exported to the search API)
   * @throws RunStatusUnavailableException when the search API cannot be read
   */
  public Optional<RunStatus> read(String clusterName, long processInstanceKey) {
    ProcessInstance instance;
    try {
      instance = client.newProcessInstanceGetRequest(processInstanceKey).send().join();
    } catch (ProblemException e) {
      if (e.code() == 404) {
        return Optional.empty();
      }
      throw unavailable("process instance " + processInstanceKey, e);
    } catch (RuntimeException e) {
      throw unavailable("process instance " + processInstanceKey, e);
    }
    Optional<RunKind> kind = RunKind.ofProcessId(instance.getProcessDefinitionId());
    if (kind.isEmpty() || instance.getParentProcessInstanceKey() != null) {
      return Optional.empty();
    }
    Map<String, Variable> variables = search("variables of run " + processInstanceKey, () -> client.newVariableSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).scopeKey(processInstanceKey)
            .name(name -> name.in(BackupVariables.CLUSTER_NAME, kind.get().resultVariable())))
        .send().join()).items().stream()
        .collect(LinkedHashMap::new, (map, v) -> map.put(v.getName(), v), Map::putAll);
    if (!clusterName.equals(text(variables.get(BackupVariables.CLUSTER_NAME)))) {
      // Asked under another cluster's path: that caller's grants may not cover the run's cluster.
      return Optional.empty();
    }
    ElementPages elements = elementInstances(processInstanceKey);
    List<RunStatus.Incident> incidents = incidents(processInstanceKey, names(elements.newestFirst()));

    Map<String, Object> result = instance.getState() == ProcessInstanceState.COMPLETED ? result(variables.get(kind.get().resultVariable())) : null;
    String state = switch (instance.getState()) {
      case ACTIVE -> incidents.isEmpty() && !Boolean.TRUE.equals(instance.getHasIncident()) ? "RUNNING" : "INCIDENT";
      case COMPLETED -> kind.get().endState(result);
      case TERMINATED -> "TERMINATED";
      default -> "RUNNING"; // a state this client does not know yet: not an end
    };
    Instant started = instant(instance.getStartDate());
    Instant ended = instant(instance.getEndDate());
    long elapsed = started == null ? 0 : Duration.between(started, ended != null ? ended : clock.instant()).toMillis();
    List<ElementInstance> oldestFirst = new ArrayList<>(elements.newestFirst());
    oldestFirst.sort(Comparator.comparing(ElementInstance::getStartDate, Comparator.nullsLast(Comparator.naturalOrder())));
    return Optional.of(new RunStatus(processInstanceKey, kind.get().processId(), clusterName, state, kind.get().outcome(state),
        currentSteps(oldestFirst), started, ended, Math.max(0, elapsed), steps(oldestFirst), elements.truncated(), incidents, result));
  }

  private record ElementPages(List<ElementInstance> newestFirst, boolean truncated) {}

  /**
   * The run's element instances, newest first, in pages of the API's default size (which every
   * server accepts) up to {@link #STEP_LIMIT}: a long wait's checks stay readable, its oldest ones
   * are dropped first.
   */
  private ElementPages elementInstances(long processInstanceKey) {
    List<ElementInstance> items = new ArrayList<>();
    String after = null;
    while (true) {
      String cursor = after;
      SearchResponse<ElementInstance> page = search("steps of run " + processInstanceKey, () -> client.newElementInstanceSearchRequest()
          .filter(f -> f.processInstanceKey(processInstanceKey))
          .sort(s -> s.startDate().desc())
          .page(p -> {
            p.limit(pageSize);
            if (cursor != null) {
              p.after(cursor);
            }
          })
          .send().join());
      items.addAll(page.items());
      boolean more = page.items().size() == pageSize && page.page() != null && page.page().endCursor() != null;
      if (!more) {
        return new ElementPages(items, false);
      }
      if (items.size() >= stepLimit) {
        return new ElementPages(items, true);
      }
      after = page.page().endCursor();
    }
  }

  private List<RunStatus.Incident> incidents(long processInstanceKey, Map<String, String> names) {
    return search("incidents of run " + processInstanceKey, () -> client.newIncidentSearchRequest()
        .filter(f -> f.processInstanceKey(processInstanceKey).state(IncidentState.ACTIVE))
        .send().join()).items().stream()
        .map(i -> new RunStatus.Incident(i.getElementId(), names.getOrDefault(i.getElementId(), i.getElementId()),
            i.getErrorType() == null ? null : i.getErrorType().name(), i.getErrorMessage(), instant(i.getCreationTime())))
        .toList();
  }

  /** One entry per drawn element, in the order each first started; repeated runs (wait loops) counted. */
  private static List<RunStatus.Step> steps(List<ElementInstance> oldestFirst) {
    Map<String, RunStatus.Step> steps = new LinkedHashMap<>();
    for (ElementInstance e : oldestFirst) {
      if (!DRAWN_STEPS.contains(e.getType())) {
        continue;
      }
      RunStatus.Step before = steps.get(e.getElementId());
      steps.put(e.getElementId(), new RunStatus.Step(e.getElementId(), name(e), e.getType().name(),
          e.getState() == null ? null : e.getState().name(), before == null ? 1 : before.runs() + 1,
          before == null ? instant(e.getStartDate()) : before.startedAt(), instant(e.getEndDate())));
    }
    return List.copyOf(steps.values());
  }

  private static List<String> currentSteps(List<ElementInstance> oldestFirst) {
    List<ElementInstance> active = oldestFirst.stream()
        .filter(e -> e.getState() == ElementInstanceState.ACTIVE && DRAWN_STEPS.contains(e.getType())).toList();
    List<ElementInstance> innermost = active.stream().filter(e -> !CONTAINERS.contains(e.getType())).toList();
    return (innermost.isEmpty() ? active : innermost).stream().map(RunStatusReader::name).distinct().toList();
  }

  private static Map<String, String> names(List<ElementInstance> elements) {
    Map<String, String> names = new LinkedHashMap<>();
    elements.forEach(e -> names.putIfAbsent(e.getElementId(), name(e)));
    return names;
  }

  private static String name(ElementInstance e) {
    return e.getElementName() == null || e.getElementName().isBlank() ? e.getElementId() : e.getElementName();
  }

  private Map<String, Object> result(Variable variable) {
    if (variable == null) {
      return null;
    }
    String value = Boolean.TRUE.equals(variable.isTruncated())
        ? search("result of run " + variable.getProcessInstanceKey(), () -> client.newVariableGetRequest(variable.getVariableKey()).send().join()).getValue()
        : variable.getValue();
    try {
      return json.readValue(value, new TypeReference<Map<String, Object>>() {});
    } catch (Exception e) {
      return Map.of("unreadable", value);
    }
  }

  private String text(Variable variable) {
    if (variable == null) {
      return null;
    }
    try {
      return json.readValue(variable.getValue(), String.class);
    } catch (Exception e) {
      return null;
    }
  }

  private static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  private static <T> T search(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      throw unavailable(what, e);
    }
  }

  private static RunStatusUnavailableException unavailable(String what, Exception e) {
    return new RunStatusUnavailableException("Cannot read the " + what + " from the control cluster's search API: " + e.getMessage()
        + ". The run itself goes on. Check camunda.client.rest-address and that the control cluster's REST API and secondary storage"
        + " are up (Operate shows the same data).", e);
  }
}
