package io.camunda.community.backup.control;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How one run (backup, restore, retention) stands, as the control cluster's search API shows it,
 * which is what Operate shows: seconds behind the engine.
 *
 * @param state {@code RUNNING}, {@code INCIDENT} (running, an incident waits for an operator), or
 *     once ended the result's state ({@code COMPLETED}, {@code FAILED}, {@code REFUSED}, {@code
 *     RESTORED}, ...), {@code TERMINATED} (cancelled in Operate)
 * @param outcome what the state means for the caller (and a command's exit code)
 * @param currentSteps the steps active now, by name
 * @param elapsedMillis from the start to the end, or to now on this application's clock while it
 *     runs (never negative when the control cluster's clock is ahead)
 * @param steps the timeline, one entry per drawn step in the order they started; a step the model
 *     loops through (a status check) is one entry with its number of {@code runs}
 * @param stepsTruncated the run has more element instances than one status read fetches; the
 *     oldest steps are left out
 * @param result the run's result variable once it ended (null while it runs)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStatus(
    long processInstanceKey,
    String kind,
    String clusterName,
    String state,
    RunKind.Outcome outcome,
    List<String> currentSteps,
    Instant startedAt,
    Instant endedAt,
    long elapsedMillis,
    List<Step> steps,
    boolean stepsTruncated,
    List<Incident> incidents,
    Map<String, Object> result) {

  public boolean ended() {
    return outcome != RunKind.Outcome.RUNNING;
  }

  /**
   * One drawn step: a task, sub-process, call activity, timer, boundary or end event.
   *
   * @param state of its latest run: {@code ACTIVE}, {@code COMPLETED} or {@code TERMINATED}
   * @param runs how often the model ran it (more than one for the checks of a wait loop)
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Step(String elementId, String name, String type, String state, int runs, Instant startedAt, Instant endedAt) {}

  /** An open incident: the step it stopped at and the message that says what to check. */
  public record Incident(String elementId, String step, String errorType, String message, Instant createdAt) {}
}
