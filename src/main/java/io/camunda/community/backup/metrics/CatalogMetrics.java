package io.camunda.community.backup.metrics;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.CatalogReadListener;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.continuous.BackupRanges;
import io.camunda.community.backup.continuous.BackupRangesListener;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;
import org.springframework.stereotype.Component;

/**
 * The restorable window of each cluster, from its catalog as last read completely (housekeeping
 * reads every cluster's catalog; so do the catalog API and command, retention and restore):
 *
 * <ul>
 *   <li>{@code c8backup_newest_complete_backup_timestamp_seconds{cluster}} and {@code
 *       c8backup_oldest_complete_backup_timestamp_seconds{cluster}}: 0 when the catalog holds no
 *       COMPLETE set, so an alert on the newest one's age fires;
 *   <li>{@code c8backup_complete_backups{cluster}}: how many COMPLETE sets there are;
 *   <li>{@code c8backup_catalog_readable{cluster}}: 1 when the last read was complete, 0 when a
 *       listing could not be read;
 *   <li>{@code c8backup_catalog_read_timestamp_seconds{cluster}}: when it was last read completely.
 * </ul>
 *
 * <p>Clusters with continuous backups (Camunda 8.9) have no sets of one id: their window comes from
 * each check of their backup ranges ({@link #rangesChecked}).
 *
 * <p>Fail closed: a partial read never moves the window (a listing that cannot be read is not an
 * empty one); it only sets {@code c8backup_catalog_readable} to 0.
 */
@Component
public class CatalogMetrics implements CatalogReadListener, BackupRangesListener {

  /** What the last complete read showed. */
  record Window(Instant newest, Instant oldest, int complete, Instant readAt) {}

  private final MeterRegistry registry;
  private final ClusterRegistry clusters;
  private final Clock clock;
  private final Map<String, AtomicReference<Window>> windows = new ConcurrentHashMap<>();
  private final Map<String, AtomicReference<Boolean>> readable = new ConcurrentHashMap<>();

  public CatalogMetrics(MeterRegistry registry, ClusterRegistry clusters, Clock clock) {
    this.registry = registry;
    this.clusters = clusters;
    this.clock = clock;
  }

  @Override
  public void catalogRead(CatalogRead read) {
    String cluster = read.clusterName();
    if (!clusters.names().contains(cluster) || clusters.get(cluster).continuous()) {
      return; // continuous backups have no sets of one id: their window comes from the ranges
    }
    readable.computeIfAbsent(cluster, this::readableGauge).set(read.complete());
    if (!read.complete()) {
      return;
    }
    List<Instant> completeTimes = read.sets().stream().filter(set -> set.state() == SetState.COMPLETE)
        .map(BackupSet::time).filter(Objects::nonNull).sorted().toList();
    Window window = new Window(completeTimes.isEmpty() ? Instant.EPOCH : completeTimes.getLast(),
        completeTimes.isEmpty() ? Instant.EPOCH : completeTimes.getFirst(), completeTimes.size(), clock.instant());
    windows.computeIfAbsent(cluster, this::windowGauges).set(window);
  }

  /**
   * Continuous backups: the window every partition and a dump cover ({@code restorableFrom} ..
   * {@code restorableTo}) stands in for the oldest and newest complete set, and counts as one
   * complete "set"; a state that could not be read leaves the window and sets readable to 0.
   */
  @Override
  public void rangesChecked(BackupRanges.Findings found) {
    String cluster = found.clusterName();
    if (!clusters.names().contains(cluster)) {
      return;
    }
    readable.computeIfAbsent(cluster, this::readableGauge).set(found.problem() == null);
    if (found.problem() != null) {
      return;
    }
    Instant to = found.restorableTo();
    Instant from = found.restorableFrom();
    Window window = to == null || from == null ? new Window(Instant.EPOCH, Instant.EPOCH, 0, clock.instant())
        : new Window(to, from, 1, clock.instant());
    windows.computeIfAbsent(cluster, this::windowGauges).set(window);
  }

  private AtomicReference<Boolean> readableGauge(String cluster) {
    AtomicReference<Boolean> last = new AtomicReference<>();
    Gauge.builder("c8backup.catalog.readable", last, l -> Boolean.TRUE.equals(l.get()) ? 1 : 0)
        .description("1 when the cluster's last catalog read was complete, 0 when a listing could not be read")
        .tags("cluster", cluster).strongReference(true).register(registry);
    return last;
  }

  private AtomicReference<Window> windowGauges(String cluster) {
    AtomicReference<Window> last = new AtomicReference<>();
    gauge("c8backup.newest.complete.backup.timestamp", "seconds", "Time of the newest COMPLETE backup set (0: none)", cluster, last,
        w -> seconds(w.newest()));
    gauge("c8backup.oldest.complete.backup.timestamp", "seconds", "Time of the oldest COMPLETE backup set (0: none)", cluster, last,
        w -> seconds(w.oldest()));
    gauge("c8backup.complete.backups", null, "COMPLETE backup sets in the catalog", cluster, last, Window::complete);
    gauge("c8backup.catalog.read.timestamp", "seconds", "When the catalog was last read completely", cluster, last,
        w -> seconds(w.readAt()));
    return last;
  }

  private void gauge(String name, String unit, String description, String cluster, AtomicReference<Window> window,
      ToDoubleFunction<Window> value) {
    Gauge.builder(name, window, w -> w.get() == null ? Double.NaN : value.applyAsDouble(w.get())).description(description)
        .baseUnit(unit).tags("cluster", cluster).strongReference(true).register(registry);
  }

  private static double seconds(Instant at) {
    return at.toEpochMilli() / 1000.0;
  }
}
