package io.camunda.community.backup.metrics;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.support.RecordedOnce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Zeebe exporting as this worker last left it, per cluster:
 *
 * <ul>
 *   <li>{@code c8backup_exporting_paused_since_timestamp_seconds{cluster}}: when a run of ours
 *       paused exporting (Unix time), 0 once it was resumed; an alert on its age catches a pause
 *       that outlives the watchdog. Per worker instance: the resume must be handled by the worker
 *       that paused (one replica, as the chart runs it), or the value stays until the next resume;
 *   <li>{@code c8backup_exporting_found_paused_total{cluster}}: health checks that found exporting
 *       paused while no run held the cluster (and resumed it).
 * </ul>
 */
@Component
public class ExportingMetrics {

  private final MeterRegistry registry;
  private final ClusterRegistry clusters;
  private final Map<String, AtomicReference<Instant>> pausedSince = new ConcurrentHashMap<>();
  private final RecordedOnce found = new RecordedOnce();

  public ExportingMetrics(MeterRegistry registry, ClusterRegistry clusters) {
    this.registry = registry;
    this.clusters = clusters;
    clusters.names().forEach(cluster -> pausedSince.computeIfAbsent(cluster, this::pausedSinceGauge));
  }

  public void paused(String cluster, Instant at) {
    AtomicReference<Instant> since = pausedSince.get(cluster);
    if (since != null) {
      since.compareAndSet(null, at); // paused again by a re-delivered job: still since the first
    }
  }

  public void resumed(String cluster) {
    AtomicReference<Instant> since = pausedSince.get(cluster);
    if (since != null) {
      since.set(null);
    }
  }

  /** @param jobKey the health check's job: a job delivered again is counted once */
  public void foundPaused(String cluster, long jobKey) {
    if (clusters.names().contains(cluster) && found.first(jobKey)) {
      Counter.builder("c8backup.exporting.found.paused")
          .description("Health checks that found exporting paused while no run held the cluster")
          .tags("cluster", cluster).register(registry).increment();
    }
  }

  private AtomicReference<Instant> pausedSinceGauge(String cluster) {
    AtomicReference<Instant> since = new AtomicReference<>();
    Gauge.builder("c8backup.exporting.paused.since.timestamp", since, s -> s.get() == null ? 0 : s.get().toEpochMilli() / 1000.0)
        .description("When a run of this worker paused exporting (Unix time), 0 when it is not paused by one")
        .baseUnit("seconds").tags("cluster", cluster).strongReference(true).register(registry);
    return since;
  }
}
