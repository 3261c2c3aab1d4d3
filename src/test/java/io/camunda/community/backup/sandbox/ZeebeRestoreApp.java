package io.camunda.community.backup.sandbox;

import io.camunda.community.backup.sandbox.ZeebeBackupStore.Manifest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.TreeMap;
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
  private final RecordSink database;

  ZeebeRestoreApp(
      ZeebeBackupStore store,
      ZeebeExporter broker,
      ZeebeBackupApi backupApi,
      SandboxFaults faults,
      SandboxOptions options,
      RecordSink database) {
    this.store = store;
    this.broker = broker;
    this.backupApi = backupApi;
    this.faults = faults;
    this.options = options;
    this.database = database;
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

  /** {@code bin/restore --to=<to>}: see {@link SandboxCamundaCluster#runZeebeRestoreTo}. */
  RestoreResult runTo(int nodeId, Instant to, boolean componentsRunning) {
    var log = new ArrayList<String>();
    log.add("Starting to restore broker %d to the checkpoint closest to %s".formatted(nodeId, to));
    var injected = faults.consumeRestoreFailure();
    if (injected != null) {
      return failedTo(log, injected);
    }
    if (nodeId < 0 || nodeId >= options.brokerCount()) {
      return failedTo(log, "Expected a node id between 0 and %d (cluster size %d), but got %d"
          .formatted(options.brokerCount() - 1, options.brokerCount(), nodeId));
    }
    if (componentsRunning) {
      return failedTo(log, DATA_DIRECTORY_NOT_EMPTY + " (broker %d is still running: stop all components first)".formatted(nodeId));
    }
    var positions = database.exportedPositions().orElse(null);
    if (positions == null) {
      return failedTo(log, "--to needs the RDBMS secondary storage's settings: this cluster exports to Elasticsearch/OpenSearch");
    }
    var ranges = backupApi.completedRanges();
    // per partition, the checkpoints of the range that holds its exported position
    var usable = new TreeMap<Integer, List<ZeebeBackupApi.Checkpoint>>();
    for (int partitionId = 1; partitionId <= options.partitionCount(); partitionId++) {
      Long exported = positions.get(partitionId);
      var own = ranges.getOrDefault(partitionId, List.of());
      var range = exported == null || exported < 0 ? null : own.stream()
          .filter(checkpoints -> checkpoints.getFirst().firstLogPosition() <= exported
              && checkpoints.getLast().checkpointPosition() >= exported)
          .findFirst().orElse(null);
      if (range == null) {
        return failedTo(log, "java.lang.IllegalStateException: No usable range found for partition %d with from=null, exportedPosition=%s. Available ranges: %s"
            .formatted(partitionId, exported, own.stream()
                .map(c -> "Range[start=%d, end=%d]".formatted(c.getFirst().checkpointId(), c.getLast().checkpointId())).toList()));
      }
      usable.put(partitionId, range);
    }
    var candidates = new ArrayList<>(usable.firstEntry().getValue());
    candidates.sort(Comparator.comparing(checkpoint -> Duration.between(to, checkpoint.timestamp()).abs()));
    ZeebeBackupApi.Checkpoint common = candidates.stream().filter(candidate -> usable.entrySet().stream().allMatch(entry ->
        entry.getValue().stream().anyMatch(c -> c.checkpointId() == candidate.checkpointId()
            && c.checkpointPosition() >= positions.get(entry.getKey())))).findFirst().orElse(null);
    if (common == null) {
      return failedTo(log, "java.lang.IllegalStateException: Could not find common checkpoint across partitions.");
    }
    var restored = new ArrayList<PartitionState>();
    for (int partitionId : partitionsOf(nodeId)) {
      var state = store.readPartitionState(partitionId, common.checkpointId());
      if (state.isEmpty()) {
        return failedTo(log, "the backup %d of partition %d has no readable %s".formatted(common.checkpointId(), partitionId,
            ZeebeBackupStore.PARTITION_STATE));
      }
      // the partition resumes exporting after what the database holds: the records up to the checkpoint are exported again
      restored.add(new PartitionState(partitionId, state.get().processedPosition(), positions.get(partitionId), state.get().recordCount()));
    }
    for (var partition : restored) {
      broker.restore(partition);
      log.add("Successfully restored partition %d from backup %d (checkpoint of %s), exporting from position %d"
          .formatted(partition.partitionId(), common.checkpointId(), common.timestamp(), partition.exportedPosition()));
    }
    backupApi.restored(common.checkpointId());
    log.add(RestoreResult.SUCCESS_LOG + " " + common.checkpointId());
    return new RestoreResult(true, String.join("\n", log));
  }

  private static RestoreResult failedTo(List<String> log, String reason) {
    log.add("Failed to restore broker: " + reason);
    return new RestoreResult(false, String.join("\n", log));
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
