package io.camunda.community.backup.engine.usertask;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An open Camunda user task ({@code zeebe:userTask}) as the engine's record stream shows it: what
 * Tasklist would list. Values are those of the latest USER_TASK event of the task.
 *
 * @param key the user task key, for {@link UserTasks#complete} and the REST API
 * @param elementId the BPMN element id of the user task
 * @param elementInstanceKey the key of the element instance (the task's variable scope)
 * @param processInstanceKey the process instance the task belongs to
 * @param bpmnProcessId the id of the process
 * @param formKey the key of a linked Camunda form, or -1 if none
 * @param externalFormReference the external form reference, or "" if none
 * @param assignee the assignee, or "" if unassigned
 * @param candidateGroups candidate groups (may be empty)
 * @param candidateUsers candidate users (may be empty)
 * @param dueDate the due date (ISO-8601), or "" if none
 * @param followUpDate the follow-up date (ISO-8601), or "" if none
 * @param priority the task priority
 * @param customHeaders the task headers of the element
 * @param lastIntent the intent of the latest event (CREATED, ASSIGNED, UPDATED, COMPLETING, ...)
 * @param variables the variables visible to the task (its own scope over the enclosing scopes up to
 *     the process instance), values as parsed JSON (Map, List, String, Number, Boolean, null)
 */
public record UserTaskRef(
    long key,
    String elementId,
    long elementInstanceKey,
    long processInstanceKey,
    String bpmnProcessId,
    long formKey,
    String externalFormReference,
    String assignee,
    List<String> candidateGroups,
    List<String> candidateUsers,
    String dueDate,
    String followUpDate,
    int priority,
    Map<String, String> customHeaders,
    String lastIntent,
    Map<String, Object> variables) {

  public Optional<String> assigneeIfAny() {
    return assignee == null || assignee.isEmpty() ? Optional.empty() : Optional.of(assignee);
  }

  public boolean hasForm() {
    return formKey > 0 || (externalFormReference != null && !externalFormReference.isEmpty());
  }

  public Object variable(String name) {
    return variables.get(name);
  }
}
