package io.camunda.community.backup.sandbox;

/**
 * The data of one Zeebe partition that a backup captures and a restore rolls back: what a
 * partition backup records in its {@code partition-state.json}.
 *
 * @param processedPosition position of the last record the partition processed
 * @param exportedPosition position the exporter acknowledged (the exporter resumes after it)
 * @param recordCount records the partition holds (every processed record counts once)
 */
public record PartitionState(int partitionId, long processedPosition, long exportedPosition, long recordCount) {}
