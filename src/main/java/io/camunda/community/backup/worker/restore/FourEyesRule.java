package io.camunda.community.backup.worker.restore;

import java.util.Objects;
import java.util.Optional;

/**
 * Four eyes: with {@code restore.four-eyes}, the person who requested the restore approves neither
 * time, and the second approval comes from someone other than the first approver. Without it, one
 * approval by anyone eligible suffices.
 */
final class FourEyesRule {

  private FourEyesRule() {}

  /** Why the assignee may not approve, or empty when they may. */
  static Optional<String> refusal(ApprovalTask task, boolean fourEyes, String requestedBy, String firstApprover) {
    if (!fourEyes) {
      return Optional.empty();
    }
    if (requestedBy != null && requestedBy.equals(task.assignee())) {
      return Optional.of("Four-eyes: " + requestedBy + " requested this restore, so someone else must approve it.");
    }
    if (task.isSecondApproval() && Objects.equals(task.assignee(), firstApprover)) {
      return Optional.of("Four-eyes: the second approval must come from someone other than " + firstApprover + ".");
    }
    return Optional.empty();
  }
}
