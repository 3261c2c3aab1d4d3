package io.camunda.community.backup.flavour;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a backup set of one kind of target is made of: which components hold its parts, how they
 * are listed and found, and which parts a deletion removes. Chosen once per cluster from its
 * configuration ({@link SetFlavours}); the catalog, the ID allocation and retention ask it instead
 * of branching on the storage type.
 *
 * <ul>
 *   <li>{@link SearchEngineSets}: Camunda 8.8+ on Elasticsearch/OpenSearch; Zeebe, the web apps,
 *       Optimize (where deployed) and the Zeebe-records snapshot under one ID;
 *   <li>{@link DatabaseDumpSets}: Camunda 8.9+ on a relational database; Zeebe and the database
 *       dump under one ID;
 *   <li>{@link ContinuousSets}: Camunda 8.9+ on a relational database with continuous backups;
 *       no shared ID: each dump is a starting point, complete once a Zeebe backup range joins it.
 * </ul>
 *
 * A cluster's additional databases are parts of every flavour's sets (the catalog adds them).
 */
public interface SetFlavour {

  /** The kinds of set; what each restores is chosen by it (restore.StorageRestores). */
  enum Kind {
    SEARCH_ENGINE,
    DATABASE_DUMP,
    CONTINUOUS
  }

  Kind kind();

  /**
   * How to read the newest backup ID of each component besides Zeebe (whose listing every flavour
   * has), by component name, for choosing the next ID: each reads one listing and may fail, which
   * fails the allocation.
   */
  Map<String, Supplier<Optional<Long>>> newestIds(String clusterName);

  /**
   * Every set the components list, newest first, joined by ID and classified; a listing that
   * cannot be read is in {@link CatalogRead#unavailable()} and its component UNAVAILABLE in every
   * set, never an empty listing.
   */
  CatalogRead readSets(String clusterName);

  /** The set of {@code backupId}, asked of each component directly; empty when none has it. */
  Optional<BackupSet> findSet(String clusterName, long backupId);

  /** A set of {@code backupId} of which no component has anything (what only additional databases hold). */
  BackupSet emptySet(String clusterName, long backupId);

  /**
   * Deletes the set's parts other than Zeebe's (which the caller deletes first, so that a set
   * half deleted never looks complete) and other than the additional databases' dumps;
   * idempotent: what is gone counts as deleted.
   *
   * @return what was deleted, for the log ("web apps, Optimize and records snapshot")
   */
  String deleteParts(String clusterName, long backupId);

  /**
   * Deletes the set's Zeebe backup, the first part a deletion removes (without it the set is no
   * restore point); idempotent.
   *
   * @return what was deleted, for the log ("Zeebe backup"), or null when the flavour leaves Zeebe's backups alone
   */
  String deleteZeebePart(String clusterName, long backupId);

  /** Whether a manifest is written beside each set when it completes (the catalog shows whether it is there). */
  default boolean writesManifests() {
    return true;
  }

  /** Why a set of this cluster may not be deleted by ID (only by retention), or empty when it may. */
  default Optional<String> deletionByIdRefused(String clusterName) {
    return Optional.empty();
  }
}
