package io.camunda.community.backup.worker.replication;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.metrics.SecondCopyMetrics;
import io.camunda.community.backup.replication.SecondCopy;
import io.camunda.community.backup.replication.SecondCopyFailedException;
import io.camunda.community.backup.replication.SecondLocationCopier;
import io.camunda.community.backup.worker.BackupStepFailedException;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.JobHeartbeat;
import io.camunda.community.backup.worker.LastRetry;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Copies the complete set to its second location ({@code second-location.mode: copy}), under a
 * {@link JobHeartbeat} lease: however long the copy takes, the job is never handed to a second
 * worker while this one copies, and a worker that dies loses the job within {@link #LEASE}. A
 * fault (a volume not mounted, a full disk) is retried with back-off; the last retry, or a copy
 * that cannot become whole (a file there differs), is the BPMN error {@value #ERROR_CODE}, which the
 * model reports without failing the backup.
 */
@Component
public class CopySetToSecondLocationWorker {

  static final String ERROR_CODE = "SECOND_COPY_FAILED";
  static final long LEASE_MILLIS = 2 * 60 * 1000L;
  static final Duration LEASE = Duration.ofMillis(LEASE_MILLIS);

  private final CompleteSets sets;
  private final SecondLocationCopier copier;
  private final JobHeartbeat heartbeat;
  private final SecondCopyMetrics metrics;

  public CopySetToSecondLocationWorker(CompleteSets sets, SecondLocationCopier copier, JobHeartbeat heartbeat, SecondCopyMetrics metrics) {
    this.sets = sets;
    this.copier = copier;
    this.heartbeat = heartbeat;
    this.metrics = metrics;
  }

  @JobWorker(type = "c8backup-second-location-copy", timeout = LEASE_MILLIS)
  public Map<String, Object> copy(ActivatedJob job, @Variable String clusterName, @Variable long backupId) {
    SecondCopy copy;
    try {
      copy = LastRetry.orBpmnError(job, ERROR_CODE, "", () ->
          heartbeat.whileActive(job, LEASE, cancelled -> copier.copy(clusterName, sets.get(clusterName, backupId), cancelled)));
    } catch (SecondCopyFailedException e) {
      throw new BackupStepFailedException(ERROR_CODE, e.getMessage());
    }
    metrics.recordOutcome(job.getProcessInstanceKey(), clusterName, SecondCopyMetrics.COMPLETE);
    return Map.of(BackupVariables.SECOND_COPY, copy);
  }
}
