package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.BackupRejectedException;
import io.camunda.community.backup.retention.BackupSetDeleter;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * On the failure path of a backup that got as far as requesting its Zeebe backup: deletes every
 * part of the ID, Zeebe first, so a run reported FAILED or CANCELLED never shows up later as a
 * COMPLETE restore point (a start request still in flight when the watchdog or a cancellation
 * fired would otherwise complete the set behind the operator's back). The model runs it only once
 * such a request can no longer land. Idempotent: what is already gone counts as deleted.
 */
@Component
public class VoidBackupWorker {

  private static final Logger LOG = LoggerFactory.getLogger(VoidBackupWorker.class);

  private final BackupSetDeleter deleter;
  private final Clock clock;

  public VoidBackupWorker(BackupSetDeleter deleter, Clock clock) {
    this.deleter = deleter;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-backup-void")
  public Map<String, Object> voidBackup(@Variable String clusterName, @Variable long backupId) {
    try {
      deleter.delete(clusterName, backupId);
    } catch (BackupRejectedException e) {
      // Not an outcome the model could route around: the parts may still exist, so retry and then
      // leave an incident that says so, rather than end the run as if the ID were void.
      throw new IllegalStateException("Backup " + backupId + " of cluster '" + clusterName + "' could not be voided: " + e.getMessage(), e);
    }
    LOG.info("Voided backup {} of cluster '{}': every part deleted after the run did not complete", backupId, clusterName);
    return Map.of(BackupVariables.BACKUP_VOIDED_AT, clock.instant().toString());
  }
}
