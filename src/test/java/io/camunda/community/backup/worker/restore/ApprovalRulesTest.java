package io.camunda.community.backup.worker.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.camunda.client.api.response.ActivatedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may decide an approval task: the configured approvers, and with four eyes neither the requester nor the first approver. */
class ApprovalRulesTest {

  private final List<String> lookups = new ArrayList<>();
  private final ApproverEligibility eligibility = new ApproverEligibility((user, group) -> {
    lookups.add(user + "@" + group);
    return group.equals("ops") && user.equals("dave");
  });

  private static ApprovalTask first(String assignee, List<String> groups, List<String> users) {
    return new ApprovalTask("UserTask_Approve", assignee, groups, users);
  }

  @Test
  void withoutConfiguredApproversAnyoneMayDecide() {
    assertThat(eligibility.refusal(first("anyone", List.of(), List.of()))).isEmpty();
    assertThat(lookups).isEmpty();
  }

  @Test
  void aListedUserNeedsNoGroupLookup() {
    assertThat(eligibility.refusal(first("carol", List.of("ops"), List.of("carol")))).isEmpty();
    assertThat(lookups).isEmpty();
  }

  @Test
  void aGroupMemberMayDecideAndEveryoneElseIsRefused() {
    assertThat(eligibility.refusal(first("dave", List.of("dba", "ops"), List.of()))).isEmpty();
    assertThat(eligibility.refusal(first("mallory", List.of("dba", "ops"), List.of())))
        .hasValue("Only the restore approvers of this cluster may decide (members of dba, ops); 'mallory' is not one of them."
            + " Assign the task to an approver.");
  }

  @Test
  void withoutFourEyesTheRequesterMayApprove() {
    assertThat(FourEyesRule.refusal(first("erin", List.of(), List.of()), false, "erin", null)).isEmpty();
  }

  @Test
  void withFourEyesTheRequesterApprovesNeitherTime() {
    assertThat(FourEyesRule.refusal(first("erin", List.of(), List.of()), true, "erin", null))
        .hasValue("Four-eyes: erin requested this restore, so someone else must approve it.");
    ApprovalTask second = new ApprovalTask(ApprovalTask.SECOND_APPROVAL, "erin", List.of(), List.of());
    assertThat(FourEyesRule.refusal(second, true, "erin", "dave")).isPresent();
  }

  @Test
  void withFourEyesTheSecondApprovalComesFromSomeoneElse() {
    ApprovalTask byDave = new ApprovalTask(ApprovalTask.SECOND_APPROVAL, "dave", List.of(), List.of());
    assertThat(FourEyesRule.refusal(byDave, true, null, "dave"))
        .hasValue("Four-eyes: the second approval must come from someone other than dave.");
    ApprovalTask byCarol = new ApprovalTask(ApprovalTask.SECOND_APPROVAL, "carol", List.of(), List.of());
    assertThat(FourEyesRule.refusal(byCarol, true, "erin", "dave")).isEmpty();
  }

  @Test
  void theTaskIsReadFromTheEnginesHeadersNotFromVariables() {
    ActivatedJob job = mock(ActivatedJob.class);
    when(job.getElementId()).thenReturn("UserTask_Approve");
    when(job.getCustomHeaders()).thenReturn(Map.of(ApprovalTask.ASSIGNEE_HEADER, "dave",
        ApprovalTask.CANDIDATE_GROUPS_HEADER, "[\"ops\",\"dba\"]", ApprovalTask.CANDIDATE_USERS_HEADER, "[\"carol\"]"));
    when(job.getVariablesAsMap()).thenReturn(Map.of("approverGroups", List.of("everyone")));

    ApprovalTask task = ApprovalTask.of(job);

    assertThat(task).isEqualTo(new ApprovalTask("UserTask_Approve", "dave", List.of("ops", "dba"), List.of("carol")));
    assertThat(task.restrictsApprovers()).isTrue();
  }
}
