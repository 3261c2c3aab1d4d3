package io.camunda.community.backup.restore;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.flavour.SetFlavour;
import io.camunda.community.backup.manifest.BackupManifest;
import java.util.List;
import java.util.Map;

/**
 * What a restore does to the secondary storage of one kind of set ({@link SetFlavour.Kind}): what
 * the pre-flight checks there, what the plan says, and what the manual steps tell the operator.
 * The rest of a restore (Zeebe, the additional databases, approvals) is the same for every kind.
 */
interface StorageRestore {

  SetFlavour.Kind kind();

  /** Whether a backup taken with {@code backupVersion} restores into {@code targetVersion}; null when it does, else why not. */
  String versionProblem(long backupId, String backupVersion, String targetVersion);

  /** What keeps the set's secondary-storage part from being restored now (nothing is changed). */
  List<String> storageProblems(String clusterName, ClusterProperties cluster, BackupSet set);

  /**
   * The set's secondary-storage part against its manifest ({@code source} names the manifest in
   * messages): problems go to {@code problems}.
   */
  ManifestFigures checkAgainstManifest(String clusterName, BackupSet set, BackupManifest manifest, String source, List<String> problems);

  /** The secondary-storage part of the plan. */
  StoragePlan plan(String clusterName, ClusterProperties cluster, BackupSet set);

  /** What the operator keeps running while everything else is stopped ("the database"). */
  String keptRunning();

  /** What the step after stopping does to the secondary storage ("deletes the indices"). */
  String destructiveStep();

  /** Said after the manual Zeebe restore commands; empty when nothing. */
  String zeebeRestoreNote();

  /**
   * What a restore must find right after it, from the manifest.
   *
   * @param indexBytes index → bytes its snapshot held (search engine)
   * @param tableRows table → rows the dump held (database)
   */
  record ManifestFigures(Map<String, Long> indexBytes, Map<String, Long> tableRows) {
    static final ManifestFigures NONE = new ManifestFigures(Map.of(), Map.of());
  }

  /**
   * @param entries the plan's entries for the secondary storage, in plan order
   * @param snapshotsToRestore the snapshots the restore process restores (none for a database)
   * @param ageNote added to the summary's age ("; 21 Zeebe records were exported since"), or empty
   * @param summaryLines the summary's lines about the secondary storage
   */
  record StoragePlan(Map<String, Object> entries, List<String> snapshotsToRestore, String ageNote, String summaryLines) {}
}
