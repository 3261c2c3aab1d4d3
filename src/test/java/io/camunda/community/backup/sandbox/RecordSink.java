package io.camunda.community.backup.sandbox;

import java.util.List;
import java.util.Map;

/**
 * The secondary storage the {@link ZeebeExporter} writes to: OpenSearch, or from Camunda 8.9 on a
 * relational database. Called from the exporter's thread only.
 */
interface RecordSink {

  /**
   * Writes {@code records}, overwriting any with the same partition and position (a re-export
   * after a restore), and records {@code acknowledged} (partition id to position) as the
   * exporter's exported positions, where the storage keeps them. Either may be empty.
   *
   * @throws RuntimeException when the batch did not land completely; the exporter writes the same
   *     records again next time
   */
  void write(List<ExportedRecord> records, Map<Integer, Long> acknowledged);

  /**
   * Each partition's exported position as the storage recorded it (Camunda's EXPORTER_POSITION),
   * what the restore application reads before a point-in-time restore; empty where the storage
   * keeps none (OpenSearch).
   */
  default java.util.Optional<Map<Integer, Long>> exportedPositions() {
    return java.util.Optional.empty();
  }
}
