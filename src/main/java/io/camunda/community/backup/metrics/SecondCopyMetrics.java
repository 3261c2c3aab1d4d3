package io.camunda.community.backup.metrics;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.support.RecordedOnce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code c8backup_second_copies_total{cluster, outcome}}: sets made whole in their second location
 * ({@code COMPLETE}) and replications reported failed ({@code FAILED}), once per backup run. An
 * alert on {@code FAILED} (or on no {@code COMPLETE} for a day) tells that the restore points would
 * not survive losing the primary storage.
 */
@Component
public class SecondCopyMetrics {

  public static final String COMPLETE = "COMPLETE";
  public static final String FAILED = "FAILED";

  private final MeterRegistry registry;
  private final ClusterRegistry clusters;
  private final RecordedOnce recorded = new RecordedOnce();

  public SecondCopyMetrics(MeterRegistry registry, ClusterRegistry clusters) {
    this.registry = registry;
    this.clusters = clusters;
  }

  /** Counts the outcome of one run's replication step; a repeated report of the same run counts once. */
  public void recordOutcome(long processInstanceKey, String cluster, String outcome) {
    if (!clusters.names().contains(cluster) || !recorded.first(processInstanceKey)) {
      return;
    }
    Counter.builder("c8backup.second.copies").description("Backup sets copied or verified in their second location, by outcome")
        .tags("cluster", cluster, "outcome", outcome).register(registry).increment();
  }
}
