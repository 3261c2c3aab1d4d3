package io.camunda.community.backup.engine.usertask;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.impl.encoding.MsgPackConverter;
import io.camunda.zeebe.protocol.impl.record.value.usertask.UserTaskRecord;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.camunda.zeebe.protocol.record.ValueType;
import io.camunda.zeebe.protocol.record.intent.Intent;
import io.camunda.zeebe.protocol.record.intent.UserTaskIntent;
import io.camunda.zeebe.protocol.record.intent.VariableIntent;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import io.camunda.zeebe.protocol.record.value.UserTaskRecordValue;
import io.camunda.zeebe.protocol.record.value.VariableRecordValue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Tasklist for tests against the in-memory engine: lists the open Camunda user tasks
 * ({@code zeebe:userTask}) of a process instance from the record stream, and completes or assigns
 * them.
 *
 * <p>The in-memory engine has no REST API, and Camunda user task commands are REST-only, so
 * {@link #complete} and {@link #assign} write the USER_TASK command straight into the engine's log
 * (see {@link EngineCommandLog}, the only class that uses reflection) and then wait until the engine
 * has processed it: a rejection (unknown key, task not open, ...) becomes a {@link Rejected}
 * exception, as a 4xx answer of the real REST API would.
 *
 * <p>The methods return once the engine processed the command itself; what follows in the process
 * (the next elements, instance completion) happens asynchronously, so poll for it.
 *
 * <p>For an application that completes tasks with its own {@code CamundaClient}, put a {@link
 * UserTaskRestBridge} in front of this class.
 */
public final class UserTasks {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  private static final Set<Intent> SETTLED =
      Set.of(UserTaskIntent.CREATED, UserTaskIntent.ASSIGNED, UserTaskIntent.UPDATED, UserTaskIntent.MIGRATED);

  private final ZeebeTestEngine engine;
  private final Duration timeout;
  private volatile EngineCommandLog log;

  public UserTasks(InMemoryControlCluster control) {
    this(control.engine());
  }

  public UserTasks(ZeebeTestEngine engine) {
    this(engine, DEFAULT_TIMEOUT, null);
  }

  private UserTasks(ZeebeTestEngine engine, Duration timeout, EngineCommandLog log) {
    this.engine = Objects.requireNonNull(engine, "engine");
    this.timeout = timeout;
    this.log = log;
  }

  /** A copy that waits up to {@code timeout} for the engine (default 10 s). */
  public UserTasks withTimeout(Duration timeout) {
    return new UserTasks(engine, timeout, log);
  }

  // ---------------------------------------------------------------- reading

  /** The open (created, not yet completed or canceled) user tasks of one process instance. */
  public List<UserTaskRef> open(long processInstanceKey) {
    return collectOpen(v -> v.getProcessInstanceKey() == processInstanceKey);
  }

  /** The open user tasks of all process instances. */
  public List<UserTaskRef> open() {
    return collectOpen(v -> true);
  }

  /** The open user task with this key, if it is open. */
  public Optional<UserTaskRef> find(long userTaskKey) {
    return collectOpen(v -> v.getUserTaskKey() == userTaskKey).stream().findFirst();
  }

  /**
   * Waits until the process instance has an open user task for {@code elementId} and returns it
   * (the first one, for multi-instance tasks).
   */
  public UserTaskRef awaitOpen(long processInstanceKey, String elementId) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<UserTaskRef> open = open(processInstanceKey);
      for (UserTaskRef task : open) {
        if (task.elementId().equals(elementId)) {
          return task;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no open user task '" + elementId + "' in process instance " + processInstanceKey
            + " after " + timeout + "; open tasks: " + open.stream().map(UserTaskRef::elementId).toList());
      }
      pause();
    }
  }

  // ---------------------------------------------------------------- commands

  /** Completes the task, like {@code POST /v2/user-tasks/{key}/completion}. */
  public void complete(long userTaskKey, Map<String, ?> variables) {
    complete(userTaskKey, variables, null);
  }

  /**
   * Completes the task with variables (may be null or empty) and a custom action (null: the
   * engine's default "complete").
   */
  public void complete(long userTaskKey, Map<String, ?> variables, String action) {
    UserTaskRecord command = new UserTaskRecord().setUserTaskKey(userTaskKey);
    if (variables != null && !variables.isEmpty()) {
      command.setVariables(new UnsafeBuffer(MsgPackConverter.convertToMsgPack(toJson(variables))));
    }
    if (action != null && !action.isBlank()) {
      command.setAction(action);
    }
    execute(userTaskKey, UserTaskIntent.COMPLETE, command);
  }

  /** Assigns the task, overriding any current assignee. */
  public void assign(long userTaskKey, String assignee) {
    assign(userTaskKey, assignee, true, null);
  }

  /**
   * Assigns the task like {@code POST /v2/user-tasks/{key}/assignment}: with {@code allowOverride}
   * false this is a claim, rejected if the task already has an assignee.
   */
  public void assign(long userTaskKey, String assignee, boolean allowOverride, String action) {
    UserTaskRecord command = new UserTaskRecord().setUserTaskKey(userTaskKey).setAssignee(assignee);
    if (action != null && !action.isBlank()) {
      command.setAction(action);
    }
    execute(userTaskKey, allowOverride ? UserTaskIntent.ASSIGN : UserTaskIntent.CLAIM, command);
  }

  /** Removes the assignee, like {@code DELETE /v2/user-tasks/{key}/assignee}. */
  public void unassign(long userTaskKey) {
    UserTaskRecord command = new UserTaskRecord().setUserTaskKey(userTaskKey).setAssignee("").setAction("unassign");
    execute(userTaskKey, UserTaskIntent.ASSIGN, command);
  }

  /** The engine rejected a user task command (what the REST API answers with a 4xx problem). */
  public static final class Rejected extends RuntimeException {
    private final long userTaskKey;
    private final Intent intent;
    private final RejectionType rejectionType;
    private final String reason;

    Rejected(long userTaskKey, Intent intent, RejectionType rejectionType, String reason) {
      super("USER_TASK " + intent + " for key " + userTaskKey + " rejected: " + rejectionType + ": " + reason);
      this.userTaskKey = userTaskKey;
      this.intent = intent;
      this.rejectionType = rejectionType;
      this.reason = reason;
    }

    public long userTaskKey() {
      return userTaskKey;
    }

    public Intent intent() {
      return intent;
    }

    public RejectionType rejectionType() {
      return rejectionType;
    }

    public String reason() {
      return reason;
    }
  }

  // ---------------------------------------------------------------- internals

  private void execute(long userTaskKey, UserTaskIntent intent, UserTaskRecord command) {
    long position = log().writeCommand(userTaskKey, ValueType.USER_TASK, intent, command);
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      boolean processed = false;
      for (Record<?> record : records()) {
        if (record.getSourceRecordPosition() != position) {
          continue;
        }
        if (record.getRecordType() == RecordType.COMMAND_REJECTION) {
          throw new Rejected(userTaskKey, intent, record.getRejectionType(), record.getRejectionReason());
        }
        processed = true;
      }
      if (processed) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the engine did not process USER_TASK " + intent + " for key " + userTaskKey
            + " (log position " + position + ") within " + timeout);
      }
      pause();
    }
  }

  private EngineCommandLog log() {
    EngineCommandLog current = log;
    if (current == null) {
      current = EngineCommandLog.of(engine);
      log = current;
    }
    return current;
  }

  @SuppressWarnings("unchecked")
  private List<UserTaskRef> collectOpen(Predicate<UserTaskRecordValue> filter) {
    List<Record<?>> records = records();
    Map<Long, Record<UserTaskRecordValue>> settled = new LinkedHashMap<>();
    Map<Long, String> lastIntent = new HashMap<>();
    for (Record<?> record : records) {
      if (record.getValueType() != ValueType.USER_TASK || record.getRecordType() != RecordType.EVENT) {
        continue;
      }
      Record<UserTaskRecordValue> task = (Record<UserTaskRecordValue>) record;
      if (!filter.test(task.getValue())) {
        continue;
      }
      long key = task.getValue().getUserTaskKey();
      Intent intent = task.getIntent();
      if (intent == UserTaskIntent.COMPLETED || intent == UserTaskIntent.CANCELED) {
        settled.remove(key);
        lastIntent.remove(key);
      } else if (intent == UserTaskIntent.CREATED || settled.containsKey(key)) {
        if (SETTLED.contains(intent)) {
          settled.put(key, task);
        }
        lastIntent.put(key, intent.name());
      }
    }
    if (settled.isEmpty()) {
      return List.of();
    }
    VisibleVariables variables = new VisibleVariables(records);
    List<UserTaskRef> open = new ArrayList<>();
    for (Record<UserTaskRecordValue> task : settled.values()) {
      UserTaskRecordValue v = task.getValue();
      open.add(new UserTaskRef(
          v.getUserTaskKey(),
          v.getElementId(),
          v.getElementInstanceKey(),
          v.getProcessInstanceKey(),
          v.getBpmnProcessId(),
          v.getFormKey(),
          v.getExternalFormReference(),
          v.getAssignee(),
          List.copyOf(v.getCandidateGroupsList()),
          List.copyOf(v.getCandidateUsersList()),
          v.getDueDate(),
          v.getFollowUpDate(),
          v.getPriority(),
          Map.copyOf(v.getCustomHeaders()),
          lastIntent.get(v.getUserTaskKey()),
          variables.at(v.getElementInstanceKey())));
    }
    return List.copyOf(open);
  }

  /** Latest variable values per scope, and the scope tree of the element instances. */
  private static final class VisibleVariables {
    private final Map<Long, Long> flowScope = new HashMap<>();
    private final Map<Long, Map<String, String>> byScope = new HashMap<>();

    @SuppressWarnings("unchecked")
    VisibleVariables(List<Record<?>> records) {
      for (Record<?> record : records) {
        if (record.getRecordType() != RecordType.EVENT) {
          continue;
        }
        if (record.getValueType() == ValueType.PROCESS_INSTANCE) {
          ProcessInstanceRecordValue v = ((Record<ProcessInstanceRecordValue>) record).getValue();
          flowScope.put(record.getKey(), v.getFlowScopeKey());
        } else if (record.getValueType() == ValueType.VARIABLE
            && (record.getIntent() == VariableIntent.CREATED || record.getIntent() == VariableIntent.UPDATED)) {
          VariableRecordValue v = ((Record<VariableRecordValue>) record).getValue();
          byScope.computeIfAbsent(v.getScopeKey(), k -> new LinkedHashMap<>()).put(v.getName(), v.getValue());
        }
      }
    }

    /** Variables visible in a scope: its own over those of its enclosing scopes. */
    Map<String, Object> at(long scopeKey) {
      List<Long> chain = new ArrayList<>();
      for (Long scope = scopeKey; scope != null && scope > 0 && chain.size() < 1000; scope = flowScope.get(scope)) {
        chain.add(scope);
      }
      Collections.reverse(chain);
      Map<String, Object> visible = new LinkedHashMap<>();
      for (Long scope : chain) {
        byScope.getOrDefault(scope, Map.of()).forEach((name, json) -> visible.put(name, parse(json)));
      }
      return Collections.unmodifiableMap(visible);
    }
  }

  /** A copy of the record stream. */
  private List<Record<?>> records() {
    return io.camunda.community.backup.engine.EngineRecords.copy(engine);
  }

  private static String toJson(Map<String, ?> variables) {
    try {
      return JSON.writeValueAsString(variables);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("variables are not serializable to JSON: " + e.getMessage(), e);
    }
  }

  private static Object parse(String json) {
    try {
      return JSON.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      return json;
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the engine", e);
    }
  }
}
