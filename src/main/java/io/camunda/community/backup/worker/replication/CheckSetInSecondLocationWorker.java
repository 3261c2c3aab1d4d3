package io.camunda.community.backup.worker.replication;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.metrics.SecondCopyMetrics;
import io.camunda.community.backup.replication.SecondCopy;
import io.camunda.community.backup.replication.SecondCopyFailedException;
import io.camunda.community.backup.replication.SecondLocationInspector;
import io.camunda.community.backup.worker.BackupStepFailedException;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.JobHeartbeat;
import io.camunda.community.backup.worker.LastRetry;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Verify mode ({@code second-location.mode: verify}, the storage replicates itself): checks once
 * whether the set has arrived whole in the second location, by size and SHA-256, and answers
 * {@code secondCopyWhole}; the model waits its drawn interval and asks again until the deadline.
 * Nothing is written there. Faults are retried; the last retry is the BPMN error {@value
 * CopySetToSecondLocationWorker#ERROR_CODE}.
 */
@Component
public class CheckSetInSecondLocationWorker {

  private final CompleteSets sets;
  private final SecondLocationInspector inspector;
  private final JobHeartbeat heartbeat;
  private final SecondCopyMetrics metrics;

  public CheckSetInSecondLocationWorker(CompleteSets sets, SecondLocationInspector inspector, JobHeartbeat heartbeat,
      SecondCopyMetrics metrics) {
    this.sets = sets;
    this.inspector = inspector;
    this.heartbeat = heartbeat;
    this.metrics = metrics;
  }

  @JobWorker(type = "c8backup-second-location-check", timeout = CopySetToSecondLocationWorker.LEASE_MILLIS)
  public Map<String, Object> check(ActivatedJob job, @Variable String clusterName, @Variable long backupId) {
    SecondCopy found;
    try {
      // reading every file of the set twice can take long: held under a lease as the copy is
      found = LastRetry.orBpmnError(job, CopySetToSecondLocationWorker.ERROR_CODE, "", () -> heartbeat.whileActive(job,
          CopySetToSecondLocationWorker.LEASE, cancelled -> inspector.check(clusterName, sets.get(clusterName, backupId))));
    } catch (SecondCopyFailedException e) {
      throw new BackupStepFailedException(CopySetToSecondLocationWorker.ERROR_CODE, e.getMessage());
    }
    if (found.whole()) {
      metrics.recordOutcome(job.getProcessInstanceKey(), clusterName, SecondCopyMetrics.COMPLETE);
    }
    return Map.of(BackupVariables.SECOND_COPY, found, BackupVariables.SECOND_COPY_WHOLE, found.whole());
  }
}
