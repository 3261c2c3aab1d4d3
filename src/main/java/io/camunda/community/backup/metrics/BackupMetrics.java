package io.camunda.community.backup.metrics;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.support.RecordedOnce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The metrics of backup runs, per cluster, as {@code /actuator/prometheus} shows them (issue 12):
 *
 * <ul>
 *   <li>{@code c8backup_backups_total{cluster, outcome, trigger}}: ended runs by outcome
 *       (COMPLETED, FAILED, CANCELLED, REFUSED) and by what started them;
 *   <li>{@code c8backup_backup_duration_seconds{cluster, outcome}}: request to end, a histogram;
 *   <li>{@code c8backup_exporting_paused_seconds{cluster}}: how long each run kept exporting paused;
 *   <li>{@code c8backup_step_duration_seconds{cluster, step}}: each component's backup (web apps,
 *       Optimize, records snapshot, database dump, Zeebe backup);
 *   <li>{@code c8backup_last_complete_backup_timestamp_seconds{cluster}}: when this worker last saw a
 *       backup of the cluster complete;
 *   <li>{@code c8backup_dump_size_bytes{cluster}}: the size of the last database dump (RDBMS).
 * </ul>
 *
 * <p>Labels stay few: configured cluster names only (a run for an unknown name records nothing),
 * outcomes and triggers from fixed sets, never a backup ID. A run is recorded once, even when the
 * job that reports it is delivered again.
 */
@Component
public class BackupMetrics {

  /** What started a run, as a label; anything else is {@code other}. */
  static final Set<String> TRIGGERS = Set.of("manual", "api", "command", "scheduled");
  static final Set<String> OUTCOMES = Set.of("COMPLETED", "FAILED", "CANCELLED", "REFUSED");
  private static final Duration[] BACKUP_BUCKETS = seconds(1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200);
  private static final Duration[] PAUSE_BUCKETS = seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600);

  /** One ended backup run, as its result records it. */
  public record BackupRun(long processInstanceKey, String cluster, String outcome, String trigger, Duration total,
      Duration exportingPaused, Map<String, Duration> steps, Instant finishedAt, Long dumpSizeBytes) {

    public BackupRun(long processInstanceKey, String cluster, String outcome, String trigger, Duration total,
        Duration exportingPaused, Map<String, Duration> steps, Instant finishedAt) {
      this(processInstanceKey, cluster, outcome, trigger, total, exportingPaused, steps, finishedAt, null);
    }
  }

  private final MeterRegistry registry;
  private final ClusterRegistry clusters;
  private final Map<String, AtomicReference<Instant>> lastComplete = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Long>> lastDumpSize = new ConcurrentHashMap<>();
  private final RecordedOnce recorded = new RecordedOnce();

  public BackupMetrics(MeterRegistry registry, ClusterRegistry clusters) {
    this.registry = registry;
    this.clusters = clusters;
  }

  public void backupEnded(BackupRun run) {
    if (!clusters.names().contains(run.cluster()) || !recorded.first(run.processInstanceKey())) {
      return;
    }
    String outcome = OUTCOMES.contains(run.outcome()) ? run.outcome() : "OTHER";
    String trigger = TRIGGERS.contains(run.trigger()) ? run.trigger() : "other";
    Counter.builder("c8backup.backups").description("Backup runs that ended, by outcome and trigger")
        .tags("cluster", run.cluster(), "outcome", outcome, "trigger", trigger).register(registry).increment();
    if (run.total() != null) {
      Timer.builder("c8backup.backup.duration").description("Backup runs from request to end")
          .tags("cluster", run.cluster(), "outcome", outcome).serviceLevelObjectives(BACKUP_BUCKETS)
          .register(registry).record(run.total());
    }
    if (run.exportingPaused() != null) {
      Timer.builder("c8backup.exporting.paused").description("How long a backup run kept Zeebe exporting paused")
          .tags("cluster", run.cluster()).serviceLevelObjectives(PAUSE_BUCKETS).register(registry).record(run.exportingPaused());
    }
    run.steps().forEach((step, took) -> Timer.builder("c8backup.step.duration")
        .description("How long each component's backup took").tags("cluster", run.cluster(), "step", step)
        .serviceLevelObjectives(BACKUP_BUCKETS).register(registry).record(took));
    if (run.dumpSizeBytes() != null) {
      lastDumpSize.computeIfAbsent(run.cluster(), this::dumpSizeGauge).set(run.dumpSizeBytes());
    }
    if ("COMPLETED".equals(outcome) && run.finishedAt() != null) {
      lastComplete.computeIfAbsent(run.cluster(), this::lastCompleteGauge).accumulateAndGet(run.finishedAt(),
          (known, seen) -> known == null || seen.isAfter(known) ? seen : known);
    }
  }

  private AtomicReference<Instant> lastCompleteGauge(String cluster) {
    AtomicReference<Instant> last = new AtomicReference<>();
    Gauge.builder("c8backup.last.complete.backup.timestamp", last, at -> at.get() == null ? Double.NaN : at.get().toEpochMilli() / 1000.0)
        .description("When this worker last saw a backup of the cluster complete (Unix time)").baseUnit("seconds")
        .tags("cluster", cluster).strongReference(true).register(registry);
    return last;
  }

  private AtomicReference<Long> dumpSizeGauge(String cluster) {
    AtomicReference<Long> size = new AtomicReference<>();
    Gauge.builder("c8backup.dump.size", size, s -> s.get() == null ? Double.NaN : s.get())
        .description("Size of the cluster's last database dump (RDBMS)").baseUnit("bytes")
        .tags("cluster", cluster).strongReference(true).register(registry);
    return size;
  }

  static Duration[] seconds(double... values) {
    Duration[] durations = new Duration[values.length];
    for (int i = 0; i < values.length; i++) {
      durations[i] = Duration.ofMillis((long) (values[i] * 1000));
    }
    return durations;
  }
}
