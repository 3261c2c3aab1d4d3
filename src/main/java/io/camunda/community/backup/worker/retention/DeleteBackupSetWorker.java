package io.camunda.community.backup.worker.retention;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.retention.BackupSetDeleter;
import org.springframework.stereotype.Component;

/** Deletes one backup set in every component; what is already gone is skipped, so a retry finishes the rest. */
@Component
public class DeleteBackupSetWorker {

  private final BackupSetDeleter deleter;

  public DeleteBackupSetWorker(BackupSetDeleter deleter) {
    this.deleter = deleter;
  }

  @JobWorker(type = "c8backup-backup-set-delete")
  public void delete(@Variable String clusterName, @Variable long deleteBackupId) {
    deleter.delete(clusterName, deleteBackupId);
  }
}
