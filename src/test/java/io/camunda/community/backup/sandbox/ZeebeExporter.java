package io.camunda.community.backup.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's processing and its exporter. Every interval each partition processes {@link
 * SandboxOptions#recordsPerTick()} records; {@link #process(int)} processes more on demand. Unless
 * exporting is PAUSED, records not yet exported are written to the secondary storage (a {@link
 * RecordSink}: OpenSearch or a relational database; a re-export overwrites). Only while EXPORTING
 * is the written position acknowledged as exported position: under a soft pause the records still
 * arrive, but the acknowledged position stands still.
 *
 * <p>The broker can be stopped and started again. While stopped nothing is processed or
 * written, and the partitions' data can be replaced ({@link #restore(PartitionState)}). A start
 * comes back EXPORTING and, like Zeebe's exporter director, writes again everything after each
 * partition's acknowledged exported position.
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

  private final RecordSink sink;
  private final Duration interval;
  private final int recordsPerTick;
  private final long[] processed;
  private final long[] written;
  private final long[] exported;
  private final long[] records;
  private final List<ExportingTransition> history = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(runnable -> SandboxCamundaCluster.daemon(runnable, "sandbox-exporter"));
  private ExportingState state = ExportingState.EXPORTING;
  private boolean running;
  private boolean scheduled;

  ZeebeExporter(RecordSink sink, int partitionCount, Duration interval, int recordsPerTick) {
    this.sink = sink;
    this.interval = interval;
    this.recordsPerTick = recordsPerTick;
    this.processed = new long[partitionCount];
    this.written = new long[partitionCount];
    this.exported = new long[partitionCount];
    this.records = new long[partitionCount];
  }

  /**
   * Starts processing and exporting. After a stop the state is EXPORTING again and every record
   * after a partition's acknowledged exported position is written again.
   */
  void start() {
    synchronized (this) {
      if (running) {
        return;
      }
      System.arraycopy(exported, 0, written, 0, exported.length);
      changeTo(ExportingState.EXPORTING);
      running = true;
      if (scheduled) {
        return;
      }
      scheduled = true;
    }
    thread.scheduleWithFixedDelay(this::tick, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops processing and exporting; returns once a write in flight has ended. */
  void stop() {
    synchronized (this) {
      running = false;
    }
    onExporterThread(() -> {});
  }

  synchronized boolean isRunning() {
    return running;
  }

  /**
   * Every partition processes {@code count} more records, which are exported (unless exporting
   * is PAUSED) before this returns. A failed write is retried by the next tick, as the real
   * exporter retries.
   *
   * @throws IllegalStateException when the broker is stopped
   */
  void process(int count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be >= 0");
    }
    onExporterThread(
        () -> {
          synchronized (this) {
            if (!running) {
              throw new IllegalStateException("The broker is stopped: it processes nothing");
            }
            advance(count);
          }
          export();
        });
  }

  /**
   * Replaces one partition's data, as the restore application does on an empty data directory:
   * the exporter will resume after the restored exported position.
   *
   * @throws IllegalStateException when the broker is running
   */
  synchronized void restore(PartitionState partition) {
    if (running) {
      throw new IllegalStateException("The broker is running: its data cannot be replaced");
    }
    int i = partition.partitionId() - 1;
    processed[i] = partition.processedPosition();
    exported[i] = partition.exportedPosition();
    written[i] = partition.exportedPosition();
    records[i] = partition.recordCount();
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

  synchronized PartitionState partitionState(int partitionId) {
    int i = partitionId - 1;
    return new PartitionState(partitionId, processed[i], exported[i], records[i]);
  }

  /** All partitions' data by partition id, in one consistent view. */
  synchronized Map<Integer, PartitionState> partitionStates() {
    var states = new LinkedHashMap<Integer, PartitionState>();
    for (int id = 1; id <= processed.length; id++) {
      states.put(id, partitionState(id));
    }
    return states;
  }

  int partitionCount() {
    return processed.length;
  }

  @Override
  public void close() {
    synchronized (this) {
      running = false;
    }
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

  private void advance(int count) {
    for (int i = 0; i < processed.length; i++) {
      processed[i] += count;
      records[i] += count;
    }
  }

  private void tick() {
    synchronized (this) {
      if (!running) {
        return;
      }
      advance(recordsPerTick);
    }
    export();
  }

  /**
   * Writes what is processed but not yet written, then acknowledges it while EXPORTING. Whether a
   * batch is acknowledged is decided before it is written, so the sink records the same exported
   * positions the broker keeps; a pause arriving during the write still keeps the broker's
   * position where it is (a sink's table may then be one batch ahead, as a flush in flight would
   * leave it).
   */
  private void export() {
    long[] target;
    boolean acknowledging;
    var records = new ArrayList<ExportedRecord>();
    var acknowledged = new LinkedHashMap<Integer, Long>();
    synchronized (this) {
      if (!running || state == ExportingState.PAUSED) {
        return;
      }
      target = processed.clone();
      acknowledging = state == ExportingState.EXPORTING;
      var now = Instant.now();
      for (int i = 0; i < processed.length; i++) {
        for (long position = written[i] + 1; position <= target[i]; position++) {
          records.add(record(i + 1, position, now));
        }
        if (acknowledging && target[i] > exported[i]) {
          acknowledged.put(i + 1, target[i]);
        }
      }
    }
    if (!records.isEmpty() || !acknowledged.isEmpty()) {
      try {
        sink.write(records, acknowledged);
      } catch (RuntimeException e) {
        // storage away or broken: like the real exporter, retry the same records next time
        LOG.debug("Exporter could not write {} records", records.size(), e);
        return;
      }
    }
    synchronized (this) {
      for (int i = 0; i < target.length; i++) {
        written[i] = Math.max(written[i], target[i]);
        if (acknowledging && state == ExportingState.EXPORTING) {
          exported[i] = Math.max(exported[i], written[i]);
        }
      }
    }
  }

  /** Runs a step on the exporter's own thread, after any tick in flight, and waits for it. */
  private void onExporterThread(Runnable step) {
    try {
      thread.submit(step).get();
    } catch (RejectedExecutionException e) {
      // closed: nothing runs any more
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private static ExportedRecord record(int partitionId, long position, Instant timestamp) {
    var intent = position % 2 == 0 ? "ELEMENT_COMPLETED" : "ELEMENT_ACTIVATED";
    return new ExportedRecord(partitionId, position, "PROCESS_INSTANCE", intent, timestamp);
  }
}
