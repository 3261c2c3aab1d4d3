package io.camunda.community.backup.sandbox;

import io.camunda.community.backup.sandbox.ZeebeBackupStore.Manifest;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Zeebe's restore application, {@code bin/restore --backupId=X}, run on one broker node: it reads
 * the partition backups of the partitions that node hosts from the backup store and puts them in
 * place of the (absent) partition data. It either restores every partition of the node or
 * changes nothing.
 *
 * <p>Partition ownership: node {@code n} of {@code brokerCount} hosts the partitions {@code p}
 * with {@code (p - 1) % brokerCount == n} (with the default single broker: all of them).
 */
final class ZeebeRestoreApp {

  static final String DATA_DIRECTORY = "/usr/local/camunda/data";
  static final String DATA_DIRECTORY_NOT_EMPTY =
      "Broker's data directory " + DATA_DIRECTORY + " is not empty. Aborting restore to avoid overwriting data."
          + " Please restart with a clean directory";

  private final ZeebeBackupStore store;
  private final ZeebeExporter broker;
  private final ZeebeBackupApi backupApi;
  private final SandboxFaults faults;
  private final SandboxOptions options;

  ZeebeRestoreApp(
      ZeebeBackupStore store,
      ZeebeExporter broker,
      ZeebeBackupApi backupApi,
      SandboxFaults faults,
      SandboxOptions options) {
    this.store = store;
    this.broker = broker;
    this.backupApi = backupApi;
    this.faults = faults;
    this.options = options;
  }

  /** Partitions node {@code nodeId} hosts. */
  List<Integer> partitionsOf(int nodeId) {
    return IntStream.rangeClosed(1, options.partitionCount())
        .filter(partitionId -> (partitionId - 1) % options.brokerCount() == nodeId)
        .boxed()
        .toList();
  }

  /** Runs the app; the caller holds the cluster's lifecycle lock. */
  RestoreResult run(int nodeId, long backupId, boolean componentsRunning) {
    var log = new ArrayList<String>();
    log.add("Starting to restore from backup %d on broker %d".formatted(backupId, nodeId));
    var injected = faults.consumeRestoreFailure();
    if (injected != null) {
      return failed(log, backupId, injected);
    }
    if (nodeId < 0 || nodeId >= options.brokerCount()) {
      return failed(log, backupId,
          "Expected a node id between 0 and %d (cluster size %d), but got %d"
              .formatted(options.brokerCount() - 1, options.brokerCount(), nodeId));
    }
    if (componentsRunning) {
      return failed(log, backupId,
          DATA_DIRECTORY_NOT_EMPTY + " (broker %d is still running: stop all components first)".formatted(nodeId));
    }
    if (!options.zeebeBackupStoreConfigured()) {
      return failed(log, backupId, "No backup store is configured (store: NONE): cannot read backup " + backupId);
    }
    var restored = new ArrayList<PartitionState>();
    var descriptions = new ArrayList<String>();
    for (int partitionId : partitionsOf(nodeId)) {
      var identifier =
          "BackupIdentifierImpl[nodeId=%d, partitionId=%d, checkpointId=%d]".formatted(nodeId, partitionId, backupId);
      var manifest = store.read(partitionId, backupId);
      if (manifest.isEmpty()) {
        return failed(log, backupId,
            "There is no valid backup with id %d: Expected to restore from backup with id '%s', but does not exist."
                .formatted(backupId, identifier));
      }
      if (!manifest.get().state().equals("COMPLETED")) {
        return failed(log, backupId,
            "There is no valid backup with id %d: Expected to restore from completed backup with id '%s', but was in state '%s'"
                .formatted(backupId, identifier, manifest.get().state()));
      }
      var state = store.readPartitionState(partitionId, backupId);
      if (state.isEmpty()) {
        return failed(log, backupId,
            "There is no valid backup with id %d: the backup of partition %d has no readable %s"
                .formatted(backupId, partitionId, ZeebeBackupStore.PARTITION_STATE));
      }
      restored.add(state.get());
      descriptions.add(description(manifest.get()));
    }
    // every partition checked: only now is anything replaced
    for (int i = 0; i < restored.size(); i++) {
      broker.restore(restored.get(i));
      log.add("Successfully restored partition %d from backup %d. Backup description: %s"
          .formatted(restored.get(i).partitionId(), backupId, descriptions.get(i)));
    }
    backupApi.restored(backupId);
    log.add(RestoreResult.SUCCESS_LOG + " " + backupId);
    return new RestoreResult(true, String.join("\n", log));
  }

  private String description(Manifest manifest) {
    return "BackupDescriptorImpl[snapshotId=Optional[%s], checkpointPosition=%d, numberOfPartitions=%d, brokerVersion=%s]"
        .formatted(manifest.snapshotId(), manifest.checkpointPosition(), options.partitionCount(),
            manifest.brokerVersion());
  }

  private static RestoreResult failed(List<String> log, long backupId, String reason) {
    log.add("Failed to restore broker from backup %d: %s".formatted(backupId, reason));
    return new RestoreResult(false, String.join("\n", log));
  }
}
