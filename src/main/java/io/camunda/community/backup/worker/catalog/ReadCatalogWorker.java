package io.camunda.community.backup.worker.catalog;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.catalog.BackupCatalog;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The cluster's backup sets, newest first, as the process variable {@code backupCatalog}. */
@Component
public class ReadCatalogWorker {

  private final BackupCatalog catalog;

  public ReadCatalogWorker(BackupCatalog catalog) {
    this.catalog = catalog;
  }

  @JobWorker(type = "c8backup-catalog-read")
  public Map<String, Object> read(@Variable String clusterName) {
    return Map.of("backupCatalog", catalog.list(clusterName));
  }
}
