package io.camunda.community.backup.client;

import java.util.List;

/**
 * A web-apps ({@code /actuator/backupHistory}) or Optimize ({@code /actuator/backups}) backup
 * (contract 1.3.2 and 1.5.2): an overall state and the snapshots it consists of.
 */
public record ComponentBackupInfo(long backupId, String state, String failureReason, List<Snapshot> details) {

  public ComponentBackupInfo {
    details = details == null ? List.of() : details;
    // Optimize's docs spell it COMPLETE while the API returns COMPLETED; accept both.
    state = "COMPLETE".equals(state) ? "COMPLETED" : state;
  }

  public List<String> snapshotNames() {
    return details.stream().map(Snapshot::snapshotName).toList();
  }

  public record Snapshot(String snapshotName, String state, String startTime, List<Object> failures) {}
}
