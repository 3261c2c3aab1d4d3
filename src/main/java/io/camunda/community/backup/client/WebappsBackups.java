package io.camunda.community.backup.client;

import java.util.List;
import java.util.Optional;

/**
 * The web-apps part of a set, taken and read under the set's ID: one {@code backupHistory}
 * endpoint (Operate and Tasklist in the Orchestration Cluster, 8.8+: {@link WebappsBackupClient}),
 * or the two standalone apps' legacy endpoints ({@link StandaloneWebappsBackupClient}).
 */
public interface WebappsBackups {

  /** Starts the backup and returns the snapshot names it will create. */
  List<String> takeBackup(long backupId);

  /** The backup of {@code backupId}; empty when there is none. */
  Optional<ComponentBackupInfo> getBackup(long backupId);

  /** Every backup, newest first, in the cheap form (state not reliable, contract 1.3.3). */
  List<ComponentBackupInfo> listBackups();

  /** Every backup, newest first; {@code verbose} for reliable states. */
  List<ComponentBackupInfo> listBackups(boolean verbose);

  /** Deletes the backup; one that is gone counts as deleted. */
  void deleteBackup(long backupId);
}
