package io.camunda.community.backup.control;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The runs an operator starts and follows: the process each is, the variable its last step writes
 * the result to, and which result states count as success or refusal (for exit codes and the
 * status's {@link Outcome}). The one place that knows these per kind.
 */
public enum RunKind {
  BACKUP("backup", "backupResult", Set.of("COMPLETED")),
  RESTORE("restore", "restoreResult", Set.of("RESTORED", "DRY_RUN")),
  RETENTION("retention", "retentionResult", Set.of("APPLIED", "DRY_RUN")),
  DRILL("restore-drill", "drillResult", Set.of("PASSED"));

  /** How a run stands for its caller; the command's exit code follows from it. */
  public enum Outcome {
    RUNNING(0), SUCCEEDED(0), FAILED(1), REFUSED(2);

    private final int exitCode;

    Outcome(int exitCode) {
      this.exitCode = exitCode;
    }

    public int exitCode() {
      return exitCode;
    }
  }

  private final String processId;
  private final String resultVariable;
  private final Set<String> successStates;

  RunKind(String processId, String resultVariable, Set<String> successStates) {
    this.processId = processId;
    this.resultVariable = resultVariable;
    this.successStates = successStates;
  }

  public String processId() {
    return processId;
  }

  public String resultVariable() {
    return resultVariable;
  }

  public static Optional<RunKind> ofProcessId(String processId) {
    return Arrays.stream(values()).filter(kind -> kind.processId.equals(processId)).findFirst();
  }

  /**
   * The state a run reports: its result's {@code state} once it ended ({@code SKIPPED} for a
   * retention that found the cluster busy), {@code TERMINATED} when it was cancelled in Operate,
   * {@code ENDED} when it ended without a result.
   */
  public String endState(Map<String, Object> result) {
    if (result == null) {
      return "ENDED";
    }
    if (Boolean.TRUE.equals(result.get("skipped"))) {
      return "SKIPPED";
    }
    Object state = result.get("state");
    return state == null ? "ENDED" : state.toString();
  }

  /** {@code state} as returned by {@link RunStatus#state()}. */
  public Outcome outcome(String state) {
    if (state.equals("RUNNING") || state.equals("INCIDENT")) {
      return Outcome.RUNNING;
    }
    if (successStates.contains(state)) {
      return Outcome.SUCCEEDED;
    }
    return state.equals("REFUSED") || state.equals("SKIPPED") ? Outcome.REFUSED : Outcome.FAILED;
  }
}
