package io.camunda.community.backup.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.control.ClusterLocks;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.TestApiKey;
import io.camunda.community.backup.testsupport.WorkerApplication;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12: after a real backup (own control engine, own sandbox cluster, the worker application
 * with its HTTP API), {@code /actuator/prometheus} serves the run's outcome, durations and
 * timestamp per cluster, under Prometheus names, without backup IDs, and only to a caller that may
 * read.
 */
class BackupMetricsTest {

  private static final SandboxTargets TARGET = SandboxTargets.shared("metrics");
  private static final InMemoryControlCluster CONTROL = InMemoryControlCluster.start();

  @AfterAll
  static void stopEngine() {
    CONTROL.close();
  }

  @Test
  void aCompletedBackupIsScrapedFromActuatorPrometheus() throws Exception {
    Map<String, String> properties = new LinkedHashMap<>(TARGET.clusterProperties(0, "metrics", Tuning.standard()));
    properties.put("backup-orchestrator.clusters[0].retention.enabled", "false");
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    properties.put("camunda.client.request-timeout", "PT60S");
    properties.put(CatalogReadAtStart.PROPERTY, "true"); // the product's default; off in other tests
    properties.putAll(TestApiKey.properties());
    try (ConfigurableApplicationContext app = WorkerApplication.startWithApi(CONTROL, properties)) {
      String url = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port") + "/actuator/prometheus";
      // Read at start: the restorable window's series exist before any backup, catalog request or
      // housekeeping run, so an alert on the newest backup's age has something to look at.
      await().atMost(Duration.ofSeconds(30)).until(() -> get(url, TestApiKey.VALUE).body()
          .contains("c8backup_newest_complete_backup_timestamp_seconds{cluster=\"metrics\""));
      assertThat(value(get(url, TestApiKey.VALUE).body(), "c8backup_catalog_readable", "cluster=\"metrics\"")).isEqualTo(1.0);
      // The web apps' backup is held in progress, so the pause lasts until the scrape below saw it.
      TARGET.cluster().faults().webappsStuckInProgress(true);
      long key = app.getBean(BackupRequests.class).start("metrics", null, "metrics test", "api");
      ProcessInstanceView instance = CONTROL.instance(key);
      await().atMost(Duration.ofMinutes(1)).until(() -> instance.variable("exportingPausedAt").isPresent());
      Instant pausedAt = Instant.parse(instance.variable("exportingPausedAt").orElseThrow().asText());
      assertThat(value(get(url, TestApiKey.VALUE).body(), "c8backup_exporting_paused_since_timestamp_seconds", "cluster=\"metrics\""))
          .as("during the pause").isCloseTo(pausedAt.toEpochMilli() / 1000.0, within(0.001));
      // The lock keeper confirms its holder (here asked at once, else every holder-check-interval).
      app.getBean(ClusterLocks.class).requestHolderCheck("metrics");
      await().atMost(Duration.ofSeconds(30)).until(() -> value(get(url, TestApiKey.VALUE).body(), "c8backup_lock_held",
          "cluster=\"metrics\",kind=\"backup\"") == 1.0);
      String held = get(url, TestApiKey.VALUE).body();
      assertThat(value(held, "c8backup_lock_held", "cluster=\"metrics\",kind=\"restore\"")).isZero();
      assertThat(value(held, "c8backup_lock_acquired_timestamp_seconds", "cluster=\"metrics\""))
          .as("asked for before the pause").isGreaterThan(0).isLessThanOrEqualTo(pausedAt.toEpochMilli() / 1000.0);
      TARGET.cluster().faults().webappsStuckInProgress(false);
      await().atMost(Duration.ofMinutes(2)).until(instance::isEnded);
      JsonNode result = instance.variable("backupResult").orElseThrow();
      assertThat(result.get("state").asText()).isEqualTo("COMPLETED");

      assertThat(get(url, null).statusCode()).as("without a key").isEqualTo(401);
      HttpResponse<String> scrape = get(url, TestApiKey.VALUE);
      assertThat(scrape.statusCode()).isEqualTo(200);
      String metrics = scrape.body();

      assertThat(value(metrics, "c8backup_backups_total", "cluster=\"metrics\",outcome=\"COMPLETED\",trigger=\"api\"")).isEqualTo(1.0);
      assertThat(value(metrics, "c8backup_exporting_paused_seconds_count", "cluster=\"metrics\"")).isEqualTo(1.0);
      assertThat(value(metrics, "c8backup_exporting_paused_seconds_sum", "cluster=\"metrics\""))
          .isCloseTo(seconds(result.at("/durations/exportingPaused")), within(0.001));
      assertThat(value(metrics, "c8backup_backup_duration_seconds_sum", "cluster=\"metrics\",outcome=\"COMPLETED\""))
          .isCloseTo(seconds(result.at("/durations/total")), within(0.001));
      assertThat(value(metrics, "c8backup_step_duration_seconds_sum", "cluster=\"metrics\",step=\"zeebeBackup\""))
          .isCloseTo(seconds(result.at("/durations/zeebeBackup")), within(0.001));
      assertThat(value(metrics, "c8backup_step_duration_seconds_count", "cluster=\"metrics\",step=\"webappsBackup\"")).isEqualTo(1.0);
      assertThat(value(metrics, "c8backup_last_complete_backup_timestamp_seconds", "cluster=\"metrics\""))
          .isCloseTo(Instant.parse(result.get("finishedAt").asText()).toEpochMilli() / 1000.0, within(0.001));
      assertThat(value(metrics, "c8backup_exporting_paused_since_timestamp_seconds", "cluster=\"metrics\"")).as("resumed").isZero();
      assertThat(value(metrics, "c8backup_lock_held", "cluster=\"metrics\",kind=\"backup\"")).as("released").isZero();
      assertThat(value(metrics, "c8backup_lock_acquired_timestamp_seconds", "cluster=\"metrics\"")).isZero();
      // A histogram a dashboard can take quantiles from: the pause lies in every bucket at or above it
      // (how long it took depends on the machine's load, so the expectation follows the measure).
      double paused = seconds(result.at("/durations/exportingPaused"));
      for (String le : List.of("2.0", "10.0", "60.0", "600.0")) {
        assertThat(value(metrics, "c8backup_exporting_paused_seconds_bucket", "cluster=\"metrics\",le=\"" + le + "\""))
            .as("bucket le=%s for a pause of %s s", le, paused).isEqualTo(paused <= Double.parseDouble(le) ? 1.0 : 0.0);
      }
      // The restorable window, from the catalog as read completely (housekeeping, API, retention).
      CatalogRead catalog = app.getBean(BackupCatalog.class).read("metrics");
      BackupSet set = catalog.sets().stream().filter(s -> s.backupId() == result.get("backupId").asLong()).findFirst().orElseThrow();
      assertThat(set.state()).isEqualTo(SetState.COMPLETE);
      String window = get(url, TestApiKey.VALUE).body();
      assertThat(value(window, "c8backup_newest_complete_backup_timestamp_seconds", "cluster=\"metrics\""))
          .isCloseTo(set.time().toEpochMilli() / 1000.0, within(0.001));
      assertThat(value(window, "c8backup_complete_backups", "cluster=\"metrics\""))
          .isEqualTo((double) catalog.sets().stream().filter(s -> s.state() == SetState.COMPLETE).count());
      assertThat(value(window, "c8backup_catalog_readable", "cluster=\"metrics\"")).isEqualTo(1.0);
      // Backup IDs are Unix seconds, so a timestamp's value may share their digits: labels must not.
      assertThat(metrics).as("no backup ID as a label").doesNotContain("\"" + result.get("backupId").asText() + "\"");
    }
  }

  @Test
  void aRunIsCountedOnceUnderKnownLabelsOnly() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterRegistry clusters = Mockito.mock(ClusterRegistry.class);
    Mockito.when(clusters.names()).thenReturn(Set.of("a"));
    Mockito.when(clusters.get("a")).thenReturn(io.camunda.community.backup.config.TestClusters.withStoragePassword("a", "secret"));
    BackupMetrics metrics = new BackupMetrics(registry, clusters);
    BackupMetrics.BackupRun run = new BackupMetrics.BackupRun(7, "a", "FAILED", "curl-loop-42", Duration.ofSeconds(3), null,
        Map.of(), Instant.now());

    metrics.backupEnded(run);
    metrics.backupEnded(run); // the summary job delivered again
    metrics.backupEnded(new BackupMetrics.BackupRun(8, "typo-cluster", "REFUSED", "api", null, null, Map.of(), Instant.now()));

    assertThat(registry.get("c8backup.backups").tags("cluster", "a", "outcome", "FAILED", "trigger", "other").counter().count())
        .isEqualTo(1.0);
    assertThat(registry.find("c8backup.backups").tag("cluster", "typo-cluster").counters()).isEmpty();
    assertThat(registry.find("c8backup.last.complete.backup.timestamp").gauges()).as("no COMPLETED run yet").isEmpty();
  }

  @Test
  void aPauseIsShownSinceItsFirstRequestUntilItsResume() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterRegistry clusters = Mockito.mock(ClusterRegistry.class);
    Mockito.when(clusters.names()).thenReturn(Set.of("a"));
    Mockito.when(clusters.get("a")).thenReturn(io.camunda.community.backup.config.TestClusters.withStoragePassword("a", "secret"));
    ExportingMetrics metrics = new ExportingMetrics(registry, clusters);
    assertThat(gauge(registry, "c8backup.exporting.paused.since.timestamp")).as("shown from the start").isZero();

    metrics.paused("a", Instant.ofEpochSecond(1_000));
    metrics.paused("a", Instant.ofEpochSecond(1_005)); // the pause job delivered again
    assertThat(gauge(registry, "c8backup.exporting.paused.since.timestamp")).isEqualTo(1_000);
    metrics.resumed("a");
    assertThat(gauge(registry, "c8backup.exporting.paused.since.timestamp")).isZero();

    metrics.foundPaused("a", 42);
    metrics.foundPaused("a", 42); // the health check's job delivered again
    metrics.foundPaused("typo-cluster", 43);
    assertThat(registry.get("c8backup.exporting.found.paused").tag("cluster", "a").counter().count()).isEqualTo(1.0);
    assertThat(registry.find("c8backup.exporting.found.paused").tag("cluster", "typo-cluster").counters()).isEmpty();
  }

  @Test
  void aLockIsShownHeldByItsHolderUntilThatHolderReleasesIt() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterRegistry clusters = Mockito.mock(ClusterRegistry.class);
    Mockito.when(clusters.names()).thenReturn(Set.of("a"));
    Mockito.when(clusters.get("a")).thenReturn(io.camunda.community.backup.config.TestClusters.withStoragePassword("a", "secret"));
    LockMetrics metrics = new LockMetrics(registry, clusters);
    Instant asked = Instant.ofEpochSecond(2_000);
    assertThat(registry.get("c8backup.lock.acquired.timestamp").tag("cluster", "a").gauge().value()).isZero();

    metrics.held("a", 11, "retention", asked, asked.plusSeconds(60));
    metrics.held("a", 11, "retention", asked, asked.plusSeconds(120)); // the next check
    assertThat(registry.get("c8backup.lock.held").tags("cluster", "a", "kind", "retention").gauge().value()).isEqualTo(1);
    assertThat(registry.get("c8backup.lock.held").tags("cluster", "a", "kind", "backup").gauge().value()).isZero();
    assertThat(registry.get("c8backup.lock.acquired.timestamp").tag("cluster", "a").gauge().value()).isEqualTo(2_000);

    metrics.released("a", 12); // a stale release by another run frees nothing
    assertThat(registry.get("c8backup.lock.held").tags("cluster", "a", "kind", "retention").gauge().value()).isEqualTo(1);
    metrics.released("a", 11);
    assertThat(registry.get("c8backup.lock.held").tags("cluster", "a", "kind", "retention").gauge().value()).isZero();
    assertThat(registry.get("c8backup.lock.acquired.timestamp").tag("cluster", "a").gauge().value()).isZero();

    metrics.held("a", 13, "some-new-process", null, asked);
    assertThat(registry.get("c8backup.lock.held").tags("cluster", "a", "kind", "other").gauge().value()).isEqualTo(1);
  }

  @Test
  void restoresAndRetentionDeletionsAreCountedOnce() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterRegistry clusters = Mockito.mock(ClusterRegistry.class);
    Mockito.when(clusters.names()).thenReturn(Set.of("a"));
    Mockito.when(clusters.get("a")).thenReturn(io.camunda.community.backup.config.TestClusters.withStoragePassword("a", "secret"));
    RestoreMetrics restores = new RestoreMetrics(registry, clusters);
    RestoreMetrics.RestoreRun restored = new RestoreMetrics.RestoreRun(5, "a", "RESTORED", Duration.ofMinutes(3));
    restores.restoreEnded(restored);
    restores.restoreEnded(restored);
    restores.restoreEnded(new RestoreMetrics.RestoreRun(6, "a", "NOT_RESTORED", null));
    assertThat(registry.get("c8backup.restores").tags("cluster", "a", "outcome", "RESTORED").counter().count()).isEqualTo(1.0);
    assertThat(registry.get("c8backup.restore.duration").tags("cluster", "a", "outcome", "RESTORED").timer().totalTime(
        java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(180.0);
    assertThat(registry.find("c8backup.restore.duration").tag("outcome", "NOT_RESTORED").timers()).as("nothing restored").isEmpty();

    RetentionMetrics retention = new RetentionMetrics(registry, clusters);
    retention.setDeleted("a", 100);
    retention.setDeleted("a", 100);
    retention.setDeleted("a", 101);
    retention.deletionFailed("a");
    assertThat(registry.get("c8backup.retention.deletions").tags("cluster", "a", "outcome", "deleted").counter().count()).isEqualTo(2.0);
    assertThat(registry.get("c8backup.retention.deletions").tags("cluster", "a", "outcome", "failed").counter().count()).isEqualTo(1.0);
  }

  @Test
  void aPartialCatalogReadNeverMovesTheRestorableWindow() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    ClusterRegistry clusters = Mockito.mock(ClusterRegistry.class);
    Mockito.when(clusters.names()).thenReturn(Set.of("a"));
    Mockito.when(clusters.get("a")).thenReturn(io.camunda.community.backup.config.TestClusters.withStoragePassword("a", "secret"));
    CatalogMetrics metrics = new CatalogMetrics(registry, clusters, Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
    Instant older = Instant.parse("2026-12-01T02:00:00Z");
    Instant newer = Instant.parse("2026-12-05T02:00:00Z");

    metrics.catalogRead(new CatalogRead("a", List.of(set(3, Instant.parse("2026-12-06T02:00:00Z"), SetState.FAILED),
        set(2, newer, SetState.COMPLETE), set(1, older, SetState.COMPLETE)), Map.of()));
    assertThat(gauge(registry, "c8backup.newest.complete.backup.timestamp")).isEqualTo(newer.getEpochSecond());
    assertThat(gauge(registry, "c8backup.oldest.complete.backup.timestamp")).isEqualTo(older.getEpochSecond());
    assertThat(gauge(registry, "c8backup.complete.backups")).isEqualTo(2);
    assertThat(gauge(registry, "c8backup.catalog.readable")).isEqualTo(1);

    // The web apps' listing cannot be read: no set shows, and nothing may be concluded from that.
    metrics.catalogRead(new CatalogRead("a", List.of(), Map.of(BackupSet.WEBAPPS, "503 Service Unavailable")));
    assertThat(gauge(registry, "c8backup.newest.complete.backup.timestamp")).isEqualTo(newer.getEpochSecond());
    assertThat(gauge(registry, "c8backup.complete.backups")).isEqualTo(2);
    assertThat(gauge(registry, "c8backup.catalog.readable")).isEqualTo(0);

    // Read completely with no COMPLETE set left: 0, so an alert on the newest one's age fires.
    metrics.catalogRead(new CatalogRead("a", List.of(set(3, newer, SetState.FAILED)), Map.of()));
    assertThat(gauge(registry, "c8backup.newest.complete.backup.timestamp")).isZero();
    assertThat(gauge(registry, "c8backup.complete.backups")).isZero();
  }

  private static BackupSet set(long id, Instant time, SetState state) {
    return new BackupSet(id, time, "8.8.0", 1, state, Map.of(), Map.of());
  }

  private static double gauge(SimpleMeterRegistry registry, String name) {
    return registry.get(name).tag("cluster", "a").gauge().value();
  }

  private static HttpResponse<String> get(String url, String apiKey) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET();
    if (apiKey != null) {
      request.header(TestApiKey.HEADER, apiKey);
    }
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The sample {@code name{labels} value} of the exposition text, with the labels as Prometheus orders them. */
  private static double value(String metrics, String name, String labels) {
    Matcher sample = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels + "}") + " (\\S+)").matcher(metrics);
    assertThat(sample.find()).as("%s{%s} in%n%s", name, labels, metrics.lines().filter(l -> l.startsWith("c8backup")).toList())
        .isTrue();
    return Double.parseDouble(sample.group(1));
  }

  private static double seconds(JsonNode isoDuration) {
    return Duration.parse(isoDuration.asText()).toNanos() / 1e9;
  }
}
