package io.camunda.community.backup.worker.retention;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.metrics.RetentionMetrics;
import io.camunda.community.backup.retention.BackupSetDeleter;
import org.springframework.stereotype.Component;

/** Deletes one backup set in every component; what is already gone is skipped, so a retry finishes the rest. */
@Component
public class DeleteBackupSetWorker {

  private final BackupSetDeleter deleter;
  private final RetentionMetrics metrics;

  public DeleteBackupSetWorker(BackupSetDeleter deleter, RetentionMetrics metrics) {
    this.deleter = deleter;
    this.metrics = metrics;
  }

  @JobWorker(type = "c8backup-backup-set-delete")
  public void delete(ActivatedJob job, @Variable String clusterName, @Variable long deleteBackupId) {
    try {
      deleter.deleteForRetention(clusterName, deleteBackupId);
    } catch (RuntimeException failed) {
      metrics.deletionFailed(clusterName);
      throw failed;
    }
    metrics.setDeleted(clusterName, job.getKey());
  }
}
