package io.camunda.community.backup.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.restore.DrillHistory;
import io.camunda.community.backup.restore.DrillResult;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.deploy.MonitoringChartTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;

/**
 * The metrics the application exports, as Prometheus scrapes them, are exactly those the chart's
 * alerts and dashboard are checked against ({@link MonitoringChartTest#METRICS}): every recording
 * method of every metrics class is called once, and the exposition's families and labels compared.
 * A metric renamed in the code, or a label added, fails here rather than silently emptying an alert.
 */
class ExportedMetricsTest {

  private static final Pattern SAMPLE = Pattern.compile("(?m)^(c8backup_[a-z0-9_]+)\\{([^}]*)}");

  @Test
  void theExportedMetricsAndLabelsAreThoseTheAlertsAndDashboardUse() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    ClusterRegistry clusters = Mockito.mock(ClusterRegistry.class);
    Mockito.when(clusters.names()).thenReturn(Set.of("a"));
    Mockito.when(clusters.get("a")).thenReturn(io.camunda.community.backup.config.TestClusters.withStoragePassword("a", "secret"));
    Instant now = Instant.parse("2026-12-06T12:00:00Z");

    new BackupMetrics(registry, clusters).backupEnded(new BackupMetrics.BackupRun(1, "a", "COMPLETED", "api",
        Duration.ofSeconds(9), Duration.ofSeconds(4), Map.of("zeebeBackup", Duration.ofSeconds(1)), now, 1024L));
    new CatalogMetrics(registry, clusters, Clock.systemUTC()).catalogRead(new CatalogRead("a",
        List.of(new BackupSet(1, now, "8.8.0", 1, SetState.COMPLETE, Map.of(), Map.of())), Map.of()));
    new RestoreMetrics(registry, clusters).restoreEnded(new RestoreMetrics.RestoreRun(2, "a", "RESTORED", Duration.ofMinutes(5)));
    DrillHistory drills = new DrillHistory((io.camunda.community.backup.restore.DrillRecords) null);
    DrillResult drill = new DrillResult("a", "a-scratch", DrillResult.PASSED, 1L, "RESTORED", null, Duration.ofMinutes(4), Map.of(), now, now);
    drills.record(drill);
    new DrillMetrics(registry, clusters, drills).drillEnded(3, drill);
    RetentionMetrics retention = new RetentionMetrics(registry, clusters);
    retention.setDeleted("a", 3);
    retention.deletionFailed("a");
    new LockMetrics(registry, clusters).held("a", 4, "backup", now, now);
    ExportingMetrics exporting = new ExportingMetrics(registry, clusters);
    exporting.paused("a", now);
    exporting.foundPaused("a", 5);

    Map<String, Set<String>> exported = new TreeMap<>();
    Matcher sample = SAMPLE.matcher(registry.scrape());
    while (sample.find()) {
      Set<String> labels = exported.computeIfAbsent(family(sample.group(1)), f -> new TreeSet<>());
      for (String pair : sample.group(2).split(",")) {
        String label = pair.substring(0, pair.indexOf('='));
        if (!label.equals("le")) {
          labels.add(label);
        }
      }
    }

    Map<String, Set<String>> used = new TreeMap<>();
    MonitoringChartTest.METRICS.forEach((name, labels) -> used.put(name, new TreeSet<>(labels)));
    assertThat(exported).isEqualTo(used);
    Set<String> histograms = new TreeSet<>();
    exported.keySet().stream().filter(f -> registry.scrape().contains(f + "_bucket{")).forEach(histograms::add);
    assertThat(histograms).isEqualTo(new TreeSet<>(MonitoringChartTest.HISTOGRAMS));
  }

  /** The family a histogram's series belongs to (its buckets, count, sum and max are one metric). */
  private static String family(String series) {
    for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
      if (series.endsWith("_seconds" + suffix)) {
        return series.substring(0, series.length() - suffix.length());
      }
    }
    return series;
  }
}
