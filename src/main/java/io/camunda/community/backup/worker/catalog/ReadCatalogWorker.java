package io.camunda.community.backup.worker.catalog;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.SetState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The cluster's backup sets, newest first, as the process variable {@code backupCatalog}, and
 * {@code catalogUnavailable}: each component whose listing could not be read, with the reason
 * (empty when the catalog is complete). Whoever deletes must check the latter.
 */
@Component
public class ReadCatalogWorker {

  private final BackupCatalog catalog;

  public ReadCatalogWorker(BackupCatalog catalog) {
    this.catalog = catalog;
  }

  /**
   * Also offers the complete sets as choices for Tasklist's select field ({@code label}, {@code
   * value}), "latest complete" first, so an operator picks a restore point by what it is.
   */
  @JobWorker(type = "c8backup-catalog-read")
  public Map<String, Object> read(@Variable String clusterName) {
    CatalogRead read = catalog.read(clusterName);
    List<BackupSet> sets = read.sets();
    List<Map<String, String>> choices = new ArrayList<>();
    List<BackupSet> complete = sets.stream().filter(s -> s.state() == SetState.COMPLETE).toList();
    if (!complete.isEmpty()) {
      choices.add(Map.of("label", "Latest complete backup (" + complete.getFirst().backupId() + ")", "value", "latest"));
    }
    complete.forEach(s -> choices.add(Map.of("label",
        "%d, taken %s, Camunda %s, %s partitions".formatted(s.backupId(), s.time(), s.camundaVersion(), s.partitionCount()),
        "value", Long.toString(s.backupId()))));
    return Map.of("backupCatalog", sets, "completeBackupChoices", choices, "catalogUnavailable", read.unavailable());
  }
}
