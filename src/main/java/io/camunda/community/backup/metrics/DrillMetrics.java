package io.camunda.community.backup.metrics;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.restore.DrillHistory;
import io.camunda.community.backup.restore.DrillResult;
import io.camunda.community.backup.support.RecordedOnce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The metrics of restore drills (issue 13), per <em>source</em> cluster, the one whose backups
 * were rehearsed:
 *
 * <ul>
 *   <li>{@code c8backup_drills_total{cluster, outcome}}: PASSED, FAILED or REFUSED;
 *   <li>{@code c8backup_drill_last_passed_timestamp_seconds{cluster}}: when the latest drill that
 *       passed ended (absent until one has, since the worker started);
 *   <li>{@code c8backup_drill_rto_seconds{cluster}}: that drill's restore duration, from the
 *       unattended approval to the verified end: what a restore of this cluster is expected to take.
 * </ul>
 */
@Component
public class DrillMetrics {

  private final MeterRegistry registry;
  private final ClusterRegistry clusters;
  private final DrillHistory history;
  private final RecordedOnce recorded = new RecordedOnce();
  private final Set<String> gauged = ConcurrentHashMap.newKeySet();

  public DrillMetrics(MeterRegistry registry, ClusterRegistry clusters, DrillHistory history) {
    this.registry = registry;
    this.clusters = clusters;
    this.history = history;
  }

  /** After {@link DrillHistory#record(DrillResult)}. */
  public void drillEnded(long processInstanceKey, DrillResult result) {
    String cluster = result.sourceCluster();
    if (cluster == null || !clusters.names().contains(cluster) || !recorded.first(processInstanceKey)) {
      return;
    }
    Counter.builder("c8backup.drills").description("Restore drills that ended, by outcome")
        .tags("cluster", cluster, "outcome", result.state()).register(registry).increment();
    if (history.lastPassed(cluster).isPresent() && gauged.add(cluster)) {
      Gauge.builder("c8backup.drill.last.passed.timestamp", history,
              h -> h.lastPassed(cluster).map(r -> r.finishedAt().toEpochMilli() / 1000.0).orElse(Double.NaN))
          .description("When the latest restore drill that passed ended").baseUnit("seconds").tags("cluster", cluster).register(registry);
      Gauge.builder("c8backup.drill.rto", history, h -> h.lastPassed(cluster).map(r -> r.rto().toMillis() / 1000.0).orElse(Double.NaN))
          .description("Restore duration (approval to verified end) of the latest drill that passed").baseUnit("seconds")
          .tags("cluster", cluster).register(registry);
    }
  }
}
