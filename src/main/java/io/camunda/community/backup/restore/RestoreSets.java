package io.camunda.community.backup.restore;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.replication.SecondLocationSets;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * The set a restore works on, read where the restore takes it from: the catalog for the primary
 * location, and for the second location of an Elasticsearch/OpenSearch cluster the second
 * repository (whose manifest says what the set holds). A database set was copied back from the
 * second location by the restore's first step, so the catalog reads it there.
 */
@Service
public class RestoreSets {

  private final BackupCatalog catalog;
  private final SecondLocationSets secondLocation;
  private final StorageRestores storages;

  RestoreSets(BackupCatalog catalog, SecondLocationSets secondLocation, StorageRestores storages) {
    this.catalog = catalog;
    this.secondLocation = secondLocation;
    this.storages = storages;
  }

  public Optional<BackupSet> find(String clusterName, long backupId, RestoreSource source) {
    if (source == RestoreSource.SECOND_LOCATION && storages.searchEngine(clusterName)) {
      return secondLocation.find(clusterName, backupId);
    }
    return catalog.find(clusterName, backupId);
  }
}
