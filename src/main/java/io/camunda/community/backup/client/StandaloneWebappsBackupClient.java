package io.camunda.community.backup.client;

import io.camunda.community.backup.client.BackupRejectedException.Reason;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The web-apps part of a set when Operate and Tasklist run in processes of their own (Camunda 8.8
 * standalone, 8.7 and earlier; contract 1.4): two backups under the set's ID, one per app, read as
 * one. Its state is COMPLETED only when both are; an app without the backup makes it INCOMPLETE
 * (naming the app); a failure of either fails it. Taking it is idempotent per app: an app that
 * already holds the ID (an earlier attempt whose answer was lost) is not asked again.
 */
public class StandaloneWebappsBackupClient implements WebappsBackups {

  private final Map<String, WebappsBackupClient> apps = new LinkedHashMap<>();

  public StandaloneWebappsBackupClient(WebappsBackupClient operate, WebappsBackupClient tasklist) {
    apps.put("Operate", operate);
    apps.put("Tasklist", tasklist);
  }

  @Override
  public List<String> takeBackup(long backupId) {
    List<String> snapshots = new ArrayList<>();
    for (WebappsBackupClient app : apps.values()) {
      try {
        snapshots.addAll(app.takeBackup(backupId));
      } catch (BackupRejectedException e) {
        if (e.reason() != Reason.ALREADY_EXISTS) {
          throw e;
        }
        snapshots.addAll(app.getBackup(backupId).map(ComponentBackupInfo::snapshotNames).orElse(List.of()));
      }
    }
    return snapshots;
  }

  @Override
  public Optional<ComponentBackupInfo> getBackup(long backupId) {
    Map<String, ComponentBackupInfo> found = new LinkedHashMap<>();
    apps.forEach((name, app) -> app.getBackup(backupId).ifPresent(backup -> found.put(name, backup)));
    return found.isEmpty() ? Optional.empty() : Optional.of(merge(backupId, found));
  }

  @Override
  public List<ComponentBackupInfo> listBackups() {
    return merged(false, true);
  }

  @Override
  public List<ComponentBackupInfo> listBackups(boolean verbose) {
    return merged(verbose, false);
  }

  @Override
  public void deleteBackup(long backupId) {
    apps.values().forEach(app -> app.deleteBackup(backupId));
  }

  /** Both apps' listings joined by ID, newest first; a listing that fails fails the whole. */
  private List<ComponentBackupInfo> merged(boolean verbose, boolean cheap) {
    Map<Long, Map<String, ComponentBackupInfo>> byId = new TreeMap<>(Comparator.reverseOrder());
    apps.forEach((name, app) -> (cheap ? app.listBackups() : app.listBackups(verbose))
        .forEach(backup -> byId.computeIfAbsent(backup.backupId(), id -> new LinkedHashMap<>()).put(name, backup)));
    return byId.entrySet().stream().map(entry -> merge(entry.getKey(), entry.getValue())).toList();
  }

  /** One state for both apps' backups of one ID. */
  private ComponentBackupInfo merge(long backupId, Map<String, ComponentBackupInfo> found) {
    List<ComponentBackupInfo.Snapshot> details = new ArrayList<>();
    found.values().forEach(backup -> details.addAll(backup.details()));
    List<String> missing = apps.keySet().stream().filter(name -> !found.containsKey(name)).toList();
    List<String> reasons = new ArrayList<>();
    found.forEach((name, backup) -> {
      if (backup.failureReason() != null && !backup.failureReason().isBlank()) {
        reasons.add(name + ": " + backup.failureReason());
      }
    });
    missing.forEach(name -> reasons.add(name + " has no backup with ID " + backupId));
    String state = stateOf(found.values().stream().map(ComponentBackupInfo::state).toList(), !missing.isEmpty());
    return new ComponentBackupInfo(backupId, state, reasons.isEmpty() ? null : String.join("; ", reasons), details);
  }

  private static String stateOf(List<String> states, boolean anyMissing) {
    for (String worst : List.of("FAILED", "INCOMPATIBLE", "INCOMPLETE")) {
      if (states.contains(worst)) {
        return worst;
      }
    }
    if (anyMissing) {
      return "INCOMPLETE";
    }
    if (states.stream().allMatch("COMPLETED"::equals)) {
      return "COMPLETED";
    }
    return states.contains("IN_PROGRESS") ? "IN_PROGRESS" : states.stream().filter(s -> !"COMPLETED".equals(s)).findFirst().orElse("COMPLETED");
  }
}
