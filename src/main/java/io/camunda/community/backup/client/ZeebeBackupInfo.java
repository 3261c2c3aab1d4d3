package io.camunda.community.backup.client;

import java.util.List;

/** {@code BackupInfo} of {@code /actuator/backupRuntime} (contract 1.2.2). */
public record ZeebeBackupInfo(long backupId, String state, String failureReason, List<Partition> details) {

  public ZeebeBackupInfo {
    details = details == null ? List.of() : details;
  }

  /** When the backup was taken: the latest of its partitions' creation times; null when none reports one. */
  public java.time.Instant takenAt() {
    return details.stream().map(Partition::createdAt).filter(java.util.Objects::nonNull).map(java.time.Instant::parse)
        .max(java.util.Comparator.naturalOrder()).orElse(null);
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
