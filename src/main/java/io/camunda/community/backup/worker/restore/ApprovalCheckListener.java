package io.camunda.community.backup.worker.restore;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import org.springframework.stereotype.Component;

/**
 * Task listener ({@code completing}) of the approval user tasks. An approval needs an assignee, so
 * the approver is known, and every approver is recorded. A second approval (four eyes) from the
 * same person is denied, which keeps the task open in Tasklist with the reason; the model's gateway
 * "Approved by another person?" enforces the rule as well, for gateways that do not pass a denial on.
 */
@Component
public class ApprovalCheckListener {

  static final String SECOND_APPROVAL = "UserTask_SecondApproval";
  static final String ASSIGNEE_HEADER = "io.camunda.zeebe:assignee";

  private final CamundaClient client;
  private final Clock clock;

  public ApprovalCheckListener(CamundaClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-restore-approval-check", autoComplete = false)
  public void check(ActivatedJob job, @Variable String firstApprover) {
    String assignee = assignee(job);
    if (assignee == null || assignee.isBlank()) {
      deny(job, "Assign this task to yourself before deciding: the restore records who approved it.");
      return;
    }
    boolean second = SECOND_APPROVAL.equals(job.getElementId());
    // Listener jobs cannot carry variables, so the approver is written to the instance directly.
    client.newSetVariablesCommand(job.getProcessInstanceKey())
        .variables(Map.of(second ? "secondApprover" : "firstApprover", assignee, "approvedAt", clock.instant().toString()))
        .send()
        .join();
    if (second && Objects.equals(assignee, firstApprover)) {
      deny(job, "Four-eyes: the second approval must come from someone other than " + firstApprover + ".");
      return;
    }
    client.newCompleteCommand(job).send().join();
  }

  /** The task's assignee: in the job's user-task properties (REST) or its reserved header (gRPC). */
  static String assignee(ActivatedJob job) {
    if (job.getUserTask() != null && job.getUserTask().getAssignee() != null) {
      return job.getUserTask().getAssignee();
    }
    return job.getCustomHeaders().get(ASSIGNEE_HEADER);
  }

  private void deny(ActivatedJob job, String reason) {
    client.newCompleteCommand(job).withResult(r -> r.forUserTask().deny(true, reason)).send().join();
  }
}
