package io.camunda.community.backup.restore;

import java.util.Optional;

/** Where the drills that ended before this worker started are recorded (the control cluster). */
public interface DrillRecords {

  /**
   * The newest recorded drill of {@code sourceCluster} that passed.
   *
   * @throws RuntimeException when the records cannot be read: unknown, not "none"
   */
  Optional<DrillResult> lastPassed(String sourceCluster);
}
