package io.camunda.community.backup.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's processing and its OpenSearch exporter. Every interval each partition processes
 * one record. Unless exporting is PAUSED, records not yet exported are written to the real
 * OpenSearch (id {@code partitionId-position}, as the real exporter does, so a re-export
 * overwrites). Only while EXPORTING is the written position acknowledged as exported position:
 * under a soft pause the records still arrive, but the acknowledged position stands still.
 */
final class ZeebeExporter implements AutoCloseable {

  /** What one partition reports and what a partition backup records. */
  record PartitionPosition(int partitionId, long processedPosition, long exportedPosition, ExportingState phase) {

    /** Zeebe's snapshot id format: index-term-processedPosition-exportedPosition. */
    String snapshotId() {
      return "%d-1-%d-%d".formatted(processedPosition, processedPosition, exportedPosition);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(ZeebeExporter.class);

  private final OpenSearchHttp openSearch;
  private final String version;
  private final Duration interval;
  private final long[] processed;
  private final long[] written;
  private final long[] exported;
  private final List<ExportingTransition> history = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(runnable -> SandboxCamundaCluster.daemon(runnable, "sandbox-exporter"));
  private ExportingState state = ExportingState.EXPORTING;

  ZeebeExporter(OpenSearchHttp openSearch, String version, int partitionCount, Duration interval) {
    this.openSearch = openSearch;
    this.version = version;
    this.interval = interval;
    this.processed = new long[partitionCount];
    this.written = new long[partitionCount];
    this.exported = new long[partitionCount];
  }

  void start() {
    thread.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Hard pause supersedes soft pause: a soft pause request leaves PAUSED as it is. */
  synchronized void pause(boolean soft) {
    if (soft && state == ExportingState.PAUSED) {
      return;
    }
    changeTo(soft ? ExportingState.SOFT_PAUSED : ExportingState.PAUSED);
  }

  synchronized void resume() {
    changeTo(ExportingState.EXPORTING);
  }

  synchronized ExportingState state() {
    return state;
  }

  List<ExportingTransition> history() {
    return List.copyOf(history);
  }

  /** The lowest acknowledged exported position over all partitions. */
  synchronized long exportedPosition() {
    long lowest = Long.MAX_VALUE;
    for (long position : exported) {
      lowest = Math.min(lowest, position);
    }
    return lowest;
  }

  synchronized PartitionPosition partition(int partitionId) {
    int i = partitionId - 1;
    return new PartitionPosition(partitionId, processed[i], exported[i], state);
  }

  int partitionCount() {
    return processed.length;
  }

  @Override
  public void close() {
    thread.shutdownNow();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void changeTo(ExportingState next) {
    if (next != state) {
      history.add(new ExportingTransition(Instant.now(), state, next));
      state = next;
    }
  }

  private void tick() {
    long[] target;
    var bulk = new StringBuilder();
    synchronized (this) {
      for (int i = 0; i < processed.length; i++) {
        processed[i]++;
      }
      if (state == ExportingState.PAUSED) {
        return;
      }
      target = processed.clone();
      var index = SampleData.zeebeRecordIndex("process", version);
      for (int i = 0; i < processed.length; i++) {
        for (long position = written[i] + 1; position <= target[i]; position++) {
          appendRecord(bulk, index, i + 1, position);
        }
      }
    }
    try {
      var result = openSearch.post("/_bulk", bulk.toString()).requireOk();
      if (result.path("errors").asBoolean()) {
        LOG.warn("Exporter could not write all records: {}", result);
        return;
      }
    } catch (RuntimeException e) {
      // OpenSearch away: like the real exporter, retry the same records next time
      LOG.debug("Exporter could not reach OpenSearch", e);
      return;
    }
    synchronized (this) {
      for (int i = 0; i < target.length; i++) {
        written[i] = Math.max(written[i], target[i]);
        if (state == ExportingState.EXPORTING) {
          exported[i] = written[i];
        }
      }
    }
  }

  private void appendRecord(StringBuilder bulk, String index, int partitionId, long position) {
    var intent = position % 2 == 0 ? "ELEMENT_COMPLETED" : "ELEMENT_ACTIVATED";
    var record = SampleData.zeebeRecord(version, partitionId, position, "PROCESS_INSTANCE", intent, Instant.now());
    bulk.append("{\"index\":{\"_index\":\"%s\",\"_id\":\"%d-%d\"}}\n".formatted(index, partitionId, position));
    bulk.append(OpenSearchHttp.JSON.valueToTree(record).toString()).append('\n');
  }
}
