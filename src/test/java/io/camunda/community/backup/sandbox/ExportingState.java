package io.camunda.community.backup.sandbox;

/** Exporter phase as {@code GET /actuator/partitions} reports it ({@code exporterPhase}). */
public enum ExportingState {
  /** Records are exported and the exported position is acknowledged. */
  EXPORTING,
  /** Records are still exported, but the acknowledged position stands still (blocks compaction). */
  SOFT_PAUSED,
  /** Nothing is exported. */
  PAUSED
}
