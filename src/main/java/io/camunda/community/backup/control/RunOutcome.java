package io.camunda.community.backup.control;

import java.util.Map;

/**
 * What a request to start a run can say right away: the run already ended (refused, failed fast,
 * or finished) with its result, or it is still running under {@code requestId} (a process variable
 * to search for in Operate). {@code requestedBy} names the caller it was started for.
 */
public record RunOutcome(String requestId, Long processInstanceKey, boolean ended, Map<String, Object> result, String requestedBy) {

  public String state() {
    Object state = result == null ? null : result.get("state");
    return ended ? (state == null ? "ENDED" : state.toString()) : "RUNNING";
  }
}
