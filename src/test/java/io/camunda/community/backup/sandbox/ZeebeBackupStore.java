package io.camunda.community.backup.sandbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The brokers' backup store on the local disk, laid out {@code <root>/<partitionId>/<backupId>/}
 * with {@value #MANIFEST} (what GET reports) and {@value #PARTITION_STATE} (the partition's
 * state at the checkpoint). The files are the truth: a partition whose directory was removed
 * reports DOES_NOT_EXIST.
 */
final class ZeebeBackupStore {

  static final String MANIFEST = "manifest.json";
  static final String PARTITION_STATE = "partition-state.json";

  /** The manifest of one partition backup. */
  record Manifest(
      long backupId,
      int partitionId,
      String state,
      String failureReason,
      String createdAt,
      String lastUpdatedAt,
      String snapshotId,
      long checkpointPosition,
      int brokerId,
      String brokerVersion) {

    Manifest ended(String endState, String reason, String at) {
      return new Manifest(backupId, partitionId, endState, reason, createdAt, at, snapshotId,
          checkpointPosition, brokerId, brokerVersion);
    }
  }

  private final Path root;

  ZeebeBackupStore(Path root) {
    this.root = root;
  }

  Path root() {
    return root;
  }

  synchronized void create(Manifest manifest, Map<String, Object> partitionState) {
    var directory = directory(manifest.partitionId(), manifest.backupId());
    try {
      Files.createDirectories(directory);
      OpenSearchHttp.JSON.writerWithDefaultPrettyPrinter()
          .writeValue(directory.resolve(PARTITION_STATE).toFile(), partitionState);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    write(manifest);
  }

  /** Replaces a manifest, unless its backup was deleted meanwhile. */
  synchronized void update(Manifest manifest) {
    if (Files.isDirectory(directory(manifest.partitionId(), manifest.backupId()))) {
      write(manifest);
    }
  }

  synchronized Optional<Manifest> read(int partitionId, long backupId) {
    var file = directory(partitionId, backupId).resolve(MANIFEST);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      return Optional.of(OpenSearchHttp.JSON.readValue(file.toFile(), Manifest.class));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The partition's state at the backup's checkpoint, as the restore application reads it, or
   * empty when the file is missing or unreadable.
   */
  synchronized Optional<PartitionState> readPartitionState(int partitionId, long backupId) {
    var file = directory(partitionId, backupId).resolve(PARTITION_STATE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      var json = OpenSearchHttp.JSON.readTree(file.toFile());
      if (!json.path("processedPosition").canConvertToLong() || !json.path("exportedPosition").canConvertToLong()) {
        return Optional.empty();
      }
      long processed = json.path("processedPosition").asLong();
      return Optional.of(
          new PartitionState(
              partitionId,
              processed,
              json.path("exportedPosition").asLong(),
              json.path("recordCount").asLong(processed)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Ids that at least one partition holds a backup for. */
  synchronized SortedSet<Long> backupIds() {
    var ids = new TreeSet<Long>();
    if (!Files.isDirectory(root)) {
      return ids;
    }
    try (Stream<Path> partitions = Files.list(root)) {
      for (var partition : partitions.filter(Files::isDirectory).toList()) {
        try (Stream<Path> backups = Files.list(partition)) {
          backups
              .map(path -> path.getFileName().toString())
              .filter(name -> name.matches("\\d+"))
              .forEach(name -> ids.add(Long.parseLong(name)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ids;
  }

  synchronized void delete(long backupId, int partitionCount) {
    for (int partitionId = 1; partitionId <= partitionCount; partitionId++) {
      var directory = directory(partitionId, backupId);
      if (!Files.exists(directory)) {
        continue;
      }
      try (Stream<Path> files = Files.walk(directory)) {
        for (var path : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private void write(Manifest manifest) {
    var file = directory(manifest.partitionId(), manifest.backupId()).resolve(MANIFEST);
    try {
      OpenSearchHttp.JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), manifest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path directory(int partitionId, long backupId) {
    return root.resolve(String.valueOf(partitionId)).resolve(String.valueOf(backupId));
  }
}
