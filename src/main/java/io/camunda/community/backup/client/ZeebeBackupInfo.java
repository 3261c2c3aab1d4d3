package io.camunda.community.backup.client;

import java.util.List;

/** {@code BackupInfo} of {@code /actuator/backupRuntime} (contract 1.2.2). */
public record ZeebeBackupInfo(long backupId, String state, String failureReason, List<Partition> details) {

  public ZeebeBackupInfo {
    details = details == null ? List.of() : details;
  }

  public record Partition(
      int partitionId,
      String state,
      String failureReason,
      String createdAt,
      String lastUpdatedAt,
      String snapshotId,
      Long checkpointPosition,
      Integer brokerId,
      String brokerVersion) {}
}
