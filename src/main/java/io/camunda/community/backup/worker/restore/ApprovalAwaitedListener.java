package io.camunda.community.backup.worker.restore;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.notify.Notification;
import io.camunda.community.backup.notify.NotificationEvent;
import io.camunda.community.backup.notify.Notifier;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Task listener ({@code creating}) of the approval user tasks: notifies {@code
 * restore-awaiting-approval} (in the background) and lets the task be created. Once per task of an
 * instance: an approval sent back (refused) and created again is not notified again.
 */
@Component
public class ApprovalAwaitedListener {

  /** The engine's reserved header with the user task's key (zeebe-protocol's {@code Protocol}). */
  static final String USER_TASK_KEY_HEADER = "io.camunda.zeebe:userTaskKey";

  private final CamundaClient client;
  private final Notifier notifier;
  private final Clock clock;

  public ApprovalAwaitedListener(CamundaClient client, Notifier notifier, Clock clock) {
    this.client = client;
    this.notifier = notifier;
    this.clock = clock;
  }

  /** Listener jobs cannot carry variables: completed without any, which accepts the creation. */
  @JobWorker(type = "c8backup-restore-approval-awaited", autoComplete = false)
  public void awaited(ActivatedJob job, @Variable String clusterName, @Variable Long backupId,
      @Variable(name = BackupVariables.REQUESTED_BY) String requestedBy, @Variable String approvalTimeout,
      @Variable(name = RestoreVariables.FIRST_APPROVER) String firstApprover) {
    notifier.notify(() -> notification(job, clusterName, backupId, requestedBy, approvalTimeout, firstApprover));
    client.newCompleteCommand(job).send().join();
  }

  private Notification notification(ActivatedJob job, String clusterName, Long backupId, String requestedBy, String approvalTimeout,
      String firstApprover) {
    ApprovalTask task = ApprovalTask.of(job);
    String which = task.isSecondApproval() ? "second" : "first";
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("backupId", backupId);
    details.put("approval", which);
    details.put(BackupVariables.REQUESTED_BY, requestedBy);
    if (task.isSecondApproval()) {
      details.put(RestoreVariables.FIRST_APPROVER, firstApprover);
    }
    details.put("candidateGroups", task.candidateGroups().isEmpty() ? null : task.candidateGroups());
    details.put("candidateUsers", task.candidateUsers().isEmpty() ? null : task.candidateUsers());
    details.put("approvalTimeout", approvalTimeout);
    details.put("userTaskKey", job.getCustomHeaders().get(USER_TASK_KEY_HEADER));
    details.put("processInstanceKey", job.getProcessInstanceKey());
    String summary = "A restore of cluster '" + clusterName + "' from backup " + backupId
        + (requestedBy == null ? "" : ", requested by " + requestedBy) + ", awaits its " + which + " approval in Tasklist ("
        + job.getElementId() + ")" + (approvalTimeout == null ? "." : "; it is called off unless approved within " + approvalTimeout + ".");
    return new Notification(NotificationEvent.RESTORE_AWAITING_APPROVAL, clusterName, summary, details, clock.instant(),
        NotificationEvent.RESTORE_AWAITING_APPROVAL.id() + "/" + job.getProcessInstanceKey() + "/" + job.getElementId());
  }
}
