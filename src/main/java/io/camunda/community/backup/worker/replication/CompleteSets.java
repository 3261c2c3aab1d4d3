package io.camunda.community.backup.worker.replication;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.replication.SecondCopyFailedException;
import org.springframework.stereotype.Component;

/** The set a replication step works on: it must be complete, or there is nothing worth a second copy. */
@Component
class CompleteSets {

  private final BackupCatalog catalog;

  CompleteSets(BackupCatalog catalog) {
    this.catalog = catalog;
  }

  BackupSet get(String clusterName, long backupId) {
    BackupSet set = catalog.find(clusterName, backupId).orElseThrow(() -> new SecondCopyFailedException(
        "Backup " + backupId + " of cluster '" + clusterName + "' no longer exists (deleted meanwhile?): nothing to copy"));
    if (set.state() != SetState.COMPLETE) {
      throw new SecondCopyFailedException("Backup " + backupId + " of cluster '" + clusterName + "' is " + set.state()
          + ", not COMPLETE (" + set.reasons() + "): only complete sets are kept a second time");
    }
    return set;
  }
}
