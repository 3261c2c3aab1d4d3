package io.camunda.community.backup.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Decides what a status reported during a wait means for the process: done, keep waiting, or
 * failed. INCOMPLETE and "not visible yet" are tolerated for a grace period because the web apps
 * report INCOMPLETE while a large backup is still being scheduled (camunda/camunda#33717) and
 * Optimize can between its two snapshots; past the grace they count as failed.
 */
@Component
public class ProgressEvaluator {

  private static final Set<String> DONE = Set.of("COMPLETED", "SUCCESS");
  private static final Set<String> RUNNING = Set.of("IN_PROGRESS", "STARTED");
  private static final Set<String> TRANSIENT = Set.of("INCOMPLETE", "DOES_NOT_EXIST");

  private final Clock clock;

  public ProgressEvaluator(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param prefix variable prefix of the component, e.g. {@code webapps}: the result holds {@code
   *     <prefix>State}, {@code <prefix>TransientSince} and, when done, {@code <prefix>CompletedAt}
   * @param transientSince when the current INCOMPLETE/missing streak was first seen, or null
   */
  public Map<String, Object> evaluate(
      String component, String prefix, String state, String failureReason, String transientSince, Duration grace) {
    Instant now = clock.instant();
    Map<String, Object> variables = new HashMap<>();
    variables.put(prefix + "State", state);
    variables.put(prefix + "TransientSince", null);
    if (DONE.contains(state)) {
      variables.put(prefix + "CompletedAt", now.toString());
      return variables;
    }
    if (RUNNING.contains(state)) {
      return variables;
    }
    if (TRANSIENT.contains(state)) {
      Instant since = transientSince == null ? now : Instant.parse(transientSince);
      if (Duration.between(since, now).compareTo(grace) > 0) {
        throw new BackupStepFailedException("BACKUP_FAILED",
            "%s is still %s after the grace period of %s%s".formatted(component, state, grace, reason(failureReason)));
      }
      variables.put(prefix + "TransientSince", since.toString());
      return variables;
    }
    throw new BackupStepFailedException("BACKUP_FAILED", "%s ended %s%s".formatted(component, state, reason(failureReason)));
  }

  /** Whether a reported state means the work is done. */
  public static boolean isDone(String state) {
    return DONE.contains(state);
  }

  private static String reason(String failureReason) {
    return failureReason == null || failureReason.isBlank() ? "" : ": " + failureReason;
  }
}
