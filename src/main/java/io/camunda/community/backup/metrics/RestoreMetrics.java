package io.camunda.community.backup.metrics;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.support.RecordedOnce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The metrics of restore runs, per cluster (issue 12):
 *
 * <ul>
 *   <li>{@code c8backup_restores_total{cluster, outcome}}: ended restores; RESTORED,
 *       RESTORED_WITH_PROBLEMS (restored, but the verification found differences), or the ends
 *       that changed nothing: REFUSED (e.g. an incomplete backup) and NOT_RESTORED (rejected, a
 *       wrong confirmation, a failed pre-flight, no decision in time);
 *   <li>{@code c8backup_restore_duration_seconds{cluster, outcome}}: the measured RTO, from the
 *       approval to the verified end, of restores that changed the cluster.
 * </ul>
 */
@Component
public class RestoreMetrics {

  static final Set<String> OUTCOMES = Set.of("RESTORED", "RESTORED_WITH_PROBLEMS", "REFUSED", "NOT_RESTORED");
  private static final Duration[] RTO_BUCKETS = BackupMetrics.seconds(10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400);

  /** One ended restore run; {@code duration} is null when nothing was restored. */
  public record RestoreRun(long processInstanceKey, String cluster, String outcome, Duration duration) {}

  private final MeterRegistry registry;
  private final ClusterRegistry clusters;
  private final RecordedOnce recorded = new RecordedOnce();

  public RestoreMetrics(MeterRegistry registry, ClusterRegistry clusters) {
    this.registry = registry;
    this.clusters = clusters;
  }

  public void restoreEnded(RestoreRun run) {
    if (!clusters.names().contains(run.cluster()) || !recorded.first(run.processInstanceKey())) {
      return;
    }
    String outcome = OUTCOMES.contains(run.outcome()) ? run.outcome() : "OTHER";
    Counter.builder("c8backup.restores").description("Restore runs that ended, by outcome")
        .tags("cluster", run.cluster(), "outcome", outcome).register(registry).increment();
    if (run.duration() != null) {
      Timer.builder("c8backup.restore.duration").description("Restores from the approval to the verified end (RTO)")
          .tags("cluster", run.cluster(), "outcome", outcome).serviceLevelObjectives(RTO_BUCKETS)
          .register(registry).record(run.duration());
    }
  }
}
