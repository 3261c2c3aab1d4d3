package io.camunda.community.backup.metrics;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.support.RecordedOnce;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * {@code c8backup_retention_deletions_total{cluster, outcome}}: backup sets retention deleted
 * ({@code deleted}, once per set even when its job is delivered again) and deletion attempts that
 * failed ({@code failed}, each attempt: they are retried, then become an incident).
 */
@Component
public class RetentionMetrics {

  private final MeterRegistry registry;
  private final ClusterRegistry clusters;
  private final RecordedOnce recorded = new RecordedOnce();

  public RetentionMetrics(MeterRegistry registry, ClusterRegistry clusters) {
    this.registry = registry;
    this.clusters = clusters;
  }

  /** @param jobKey the deletion's job: a job delivered again is counted once */
  public void setDeleted(String cluster, long jobKey) {
    if (clusters.names().contains(cluster) && recorded.first(jobKey)) {
      counter(cluster, "deleted").increment();
    }
  }

  public void deletionFailed(String cluster) {
    if (clusters.names().contains(cluster)) {
      counter(cluster, "failed").increment();
    }
  }

  private Counter counter(String cluster, String outcome) {
    return Counter.builder("c8backup.retention.deletions").description("Backup sets deleted by retention, and failed attempts")
        .tags("cluster", cluster, "outcome", outcome).register(registry);
  }
}
