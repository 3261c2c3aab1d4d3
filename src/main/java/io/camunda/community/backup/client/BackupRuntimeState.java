package io.camunda.community.backup.client;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /actuator/backupRuntime/state} of a cluster with continuous backups (contract 1.2.5):
 * per partition the newest checkpoint and backup, and the ranges of log the backups hold without
 * interruption. A partition with several ranges has a gap: no point between two ranges can be
 * restored.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BackupRuntimeState(List<PartitionCheckpoint> checkpointStates, List<PartitionCheckpoint> backupStates,
    List<Range> ranges) {

  public BackupRuntimeState {
    checkpointStates = checkpointStates == null ? List.of() : List.copyOf(checkpointStates);
    backupStates = backupStates == null ? List.of() : List.copyOf(backupStates);
    ranges = ranges == null ? List.of() : List.copyOf(ranges);
  }

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Checkpoint(long checkpointId, String checkpointType, long checkpointPosition, Long firstLogPosition,
      Instant checkpointTimestamp) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PartitionCheckpoint(int partitionId, long checkpointId, String checkpointType, long checkpointPosition,
      Instant checkpointTimestamp) {}

  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Range(int partitionId, Checkpoint start, Checkpoint end) {

    /**
     * Whether a database dump completed at {@code dumpAt} can be joined to this range's log: the
     * range had started by then, or it holds the log from its very first position (its first
     * backup took everything before it). The exact test, the dump's exported position against the
     * range, is only possible once the dump is restored.
     */
    public boolean covers(Instant dumpAt) {
      return (start.firstLogPosition() != null && start.firstLogPosition() <= 1) || !start.checkpointTimestamp().isAfter(dumpAt);
    }
  }

  /** The ranges of each partition that reported any, oldest first. */
  public Map<Integer, List<Range>> rangesByPartition() {
    Map<Integer, List<Range>> byPartition = new TreeMap<>();
    for (Range range : ranges) {
      byPartition.computeIfAbsent(range.partitionId(), id -> new java.util.ArrayList<>()).add(range);
    }
    byPartition.replaceAll((id, list) -> list.stream()
        .sorted(java.util.Comparator.comparing((Range range) -> range.start().checkpointPosition())).toList());
    return byPartition;
  }
}
