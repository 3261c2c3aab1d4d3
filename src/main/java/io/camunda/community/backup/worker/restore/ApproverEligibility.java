package io.camunda.community.backup.worker.restore;

import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Whether the assignee of an approval task is one of the cluster's approvers: a candidate user of
 * the task, or a member of one of its candidate groups. A task without candidates lets anyone
 * decide (no approvers configured).
 */
@Component
class ApproverEligibility {

  private final GroupMembership membership;

  ApproverEligibility(GroupMembership membership) {
    this.membership = membership;
  }

  /** Why the assignee may not decide, or empty when they may. */
  Optional<String> refusal(ApprovalTask task) {
    if (!task.restrictsApprovers() || task.candidateUsers().contains(task.assignee())) {
      return Optional.empty();
    }
    for (String group : task.candidateGroups()) {
      if (membership.isMember(task.assignee(), group)) {
        return Optional.empty();
      }
    }
    return Optional.of("Only the restore approvers of this cluster may decide (" + describe(task) + "); '" + task.assignee()
        + "' is not one of them. Assign the task to an approver.");
  }

  private static String describe(ApprovalTask task) {
    StringBuilder who = new StringBuilder();
    if (!task.candidateGroups().isEmpty()) {
      who.append("members of ").append(String.join(", ", task.candidateGroups()));
    }
    if (!task.candidateUsers().isEmpty()) {
      who.append(who.isEmpty() ? "" : "; ").append("users ").append(String.join(", ", task.candidateUsers()));
    }
    return who.toString();
  }
}
