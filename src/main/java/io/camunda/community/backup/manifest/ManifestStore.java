package io.camunda.community.backup.manifest;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where a cluster's backup manifests are kept: in the backup location of its sets, so that they
 * outlive the control cluster. One implementation per storage flavour ({@link ManifestStores}).
 */
public interface ManifestStore {

  /** Stores the manifest, replacing one already stored for its backup ID. */
  void write(BackupManifest manifest);

  /**
   * Describes the set of {@code backupId} and stores its manifest; a store may prepare the
   * manifest's place while the set is being described.
   */
  default BackupManifest write(long backupId, Supplier<BackupManifest> description) {
    BackupManifest manifest = description.get();
    write(manifest);
    return manifest;
  }

  /** The manifest of {@code backupId}; empty when none is stored. Faults are thrown, never read as "none". */
  Optional<BackupManifest> read(long backupId);

  /**
   * The backup IDs that have a manifest, each with its trigger ({@code manual}, {@code scheduled},
   * or {@code unknown} when the manifest does not say). Faults are thrown, never read as "none".
   */
  Map<Long, String> list();

  /** Deletes the manifest of {@code backupId}; nothing when there is none. */
  void delete(long backupId);

  /** Where the manifest of {@code backupId} is, for messages and the catalog. */
  String location(long backupId);
}
