package io.camunda.community.backup.worker.restore;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Task listener ({@code completing}) of the approval user tasks. An approval needs an assignee, so
 * the approver is known; the assignee must be one of the cluster's approvers ({@link
 * ApproverEligibility}) and, with four eyes, neither the requester nor the first approver ({@link
 * FourEyesRule}). A refused completion is denied, which keeps the task open in Tasklist with the
 * reason.
 *
 * <p>The model enforces the same on process variables only this listener writes (the approval
 * tasks pass on only their form's fields, so a completion cannot overwrite them): the approver,
 * and {@code approvalRefusal}, the reason of a refusal, which sends the approval back while set.
 */
@Component
public class ApprovalCheckListener {

  private final CamundaClient client;
  private final ApproverEligibility eligibility;
  private final Clock clock;

  public ApprovalCheckListener(CamundaClient client, ApproverEligibility eligibility, Clock clock) {
    this.client = client;
    this.eligibility = eligibility;
    this.clock = clock;
  }

  /**
   * The variables are the listener's view, which the completion's own variables override; the
   * task's assignee and candidates come from the task itself ({@link ApprovalTask}).
   */
  @JobWorker(type = "c8backup-restore-approval-check", autoComplete = false)
  public void check(ActivatedJob job, @Variable(name = RestoreVariables.FIRST_APPROVER) String firstApprover,
      @Variable(name = BackupVariables.REQUESTED_BY) String requestedBy, @Variable(name = RestoreVariables.FOUR_EYES) Boolean fourEyes) {
    ApprovalTask task = ApprovalTask.of(job);
    if (!task.isAssigned()) {
      refuse(job, Map.of(), "Assign this task to yourself before deciding: the restore records who approved it.");
      return;
    }
    Optional<String> ineligible = eligibility.refusal(task);
    if (ineligible.isPresent()) {
      refuse(job, Map.of(), ineligible.get());
      return;
    }
    // The approver is recorded even when four eyes refuse them, so the model's own check sees who it was.
    Map<String, Object> approver = Map.of(task.isSecondApproval() ? RestoreVariables.SECOND_APPROVER : RestoreVariables.FIRST_APPROVER,
        task.assignee(), RestoreVariables.APPROVED_AT, clock.instant().toString());
    Optional<String> fourEyesRefusal = FourEyesRule.refusal(task, Boolean.TRUE.equals(fourEyes), requestedBy, firstApprover);
    if (fourEyesRefusal.isPresent()) {
      refuse(job, approver, fourEyesRefusal.get());
      return;
    }
    Map<String, Object> accepted = new HashMap<>(approver);
    accepted.put(RestoreVariables.APPROVAL_REFUSAL, null);
    setVariables(job, accepted);
    client.newCompleteCommand(job).send().join();
  }

  private void refuse(ActivatedJob job, Map<String, Object> approver, String reason) {
    Map<String, Object> variables = new HashMap<>(approver);
    variables.put(RestoreVariables.APPROVAL_REFUSAL, reason);
    setVariables(job, variables);
    client.newCompleteCommand(job).withResult(r -> r.forUserTask().deny(true, reason)).send().join();
  }

  /** Listener jobs cannot carry variables, so they are written to the instance directly. */
  private void setVariables(ActivatedJob job, Map<String, Object> variables) {
    client.newSetVariablesCommand(job.getProcessInstanceKey()).variables(variables).send().join();
  }
}
