package io.camunda.community.backup.deploy;

import static io.camunda.community.backup.deploy.ChartRender.FULLNAME;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.deploy.ChartRender.Rendered;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The optional monitoring objects of the chart: a ServiceMonitor that scrapes with the credentials
 * the application needs, a PrometheusRule whose thresholds come from the clusters' configuration, and
 * the Grafana dashboard; every query uses only metrics (and labels) the application exports.
 */
public class MonitoringChartTest {

  /** Every metric the application exports (docs/operations.md), with its labels. */
  /** What the alerts and dashboard may use; ExportedMetricsTest holds it to what the application exports. */
  public static final Map<String, Set<String>> METRICS = Map.ofEntries(
      Map.entry("c8backup_backups_total", Set.of("cluster", "outcome", "trigger")),
      Map.entry("c8backup_backup_duration_seconds", Set.of("cluster", "outcome")),
      Map.entry("c8backup_exporting_paused_seconds", Set.of("cluster")),
      Map.entry("c8backup_step_duration_seconds", Set.of("cluster", "step")),
      Map.entry("c8backup_last_complete_backup_timestamp_seconds", Set.of("cluster")),
      Map.entry("c8backup_newest_complete_backup_timestamp_seconds", Set.of("cluster")),
      Map.entry("c8backup_oldest_complete_backup_timestamp_seconds", Set.of("cluster")),
      Map.entry("c8backup_complete_backups", Set.of("cluster")),
      Map.entry("c8backup_catalog_readable", Set.of("cluster")),
      Map.entry("c8backup_catalog_read_timestamp_seconds", Set.of("cluster")),
      Map.entry("c8backup_restores_total", Set.of("cluster", "outcome")),
      Map.entry("c8backup_restore_duration_seconds", Set.of("cluster", "outcome")),
      Map.entry("c8backup_retention_deletions_total", Set.of("cluster", "outcome")),
      Map.entry("c8backup_lock_held", Set.of("cluster", "kind")),
      Map.entry("c8backup_lock_acquired_timestamp_seconds", Set.of("cluster")),
      Map.entry("c8backup_exporting_paused_since_timestamp_seconds", Set.of("cluster")),
      Map.entry("c8backup_exporting_found_paused_total", Set.of("cluster")),
      Map.entry("c8backup_dump_size_bytes", Set.of("cluster")),
      Map.entry("c8backup_drills_total", Set.of("cluster", "outcome")),
      Map.entry("c8backup_drill_last_passed_timestamp_seconds", Set.of("cluster")),
      Map.entry("c8backup_drill_rto_seconds", Set.of("cluster")));
  /** Histograms: Micrometer exports _bucket, _count, _sum and _max series for them. */
  public static final Set<String> HISTOGRAMS = Set.of("c8backup_backup_duration_seconds", "c8backup_exporting_paused_seconds",
      "c8backup_step_duration_seconds", "c8backup_restore_duration_seconds");

  private static final Pattern METRIC = Pattern.compile("\\bc8backup_[a-z0-9_]*");
  private static final Pattern SELECTOR = Pattern.compile("\\b(c8backup_[a-z0-9_]+)\\{([^}]*)}");
  private static final Pattern GROUPING = Pattern.compile("\\b(?:by|without)\\s*\\(([^)]*)\\)");
  private static final Path DASHBOARD = ChartRender.CHART.resolve("files/grafana-dashboard.json");

  @Test
  void theServiceMonitorScrapesThePrometheusEndpointWithOAuth2ClientCredentials() {
    Rendered rendered = ChartRender.render("monitoring.yaml");

    GenericKubernetesResource monitor = kind(rendered, "ServiceMonitor");
    assertThat(monitor.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
    assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
    Map<String, Object> selector = map(map(monitor.getAdditionalProperties().get("spec")).get("selector"));
    Service service = rendered.one(Service.class, FULLNAME);
    assertThat(service.getMetadata().getLabels()).containsAllEntriesOf(stringMap(selector.get("matchLabels")));
    Map<String, Object> endpoint = map(list(map(monitor.getAdditionalProperties().get("spec")).get("endpoints")).get(0));
    assertThat(endpoint).containsEntry("port", "http").containsEntry("path", "/actuator/prometheus");
    assertThat(service.getSpec().getPorts()).anyMatch(port -> port.getName().equals("http"));
    Map<String, Object> oauth2 = map(endpoint.get("oauth2"));
    assertThat(oauth2.get("clientSecret")).isEqualTo(Map.of("name", "cbo-scrape", "key", "client-secret"));
    assertThat(oauth2.get("clientId")).isEqualTo(Map.of("configMap", Map.of("name", FULLNAME + "-scrape-client", "key", "client-id")));
    assertThat(oauth2.get("tokenUrl")).isEqualTo("https://keycloak.example.com/realms/camunda-platform/protocol/openid-connect/token");
    assertThat(oauth2.get("endpointParams")).isEqualTo(Map.of("audience", "backup-orchestrator"));
    assertThat(rendered.one(ConfigMap.class, FULLNAME + "-scrape-client").getData()).containsEntry("client-id", "prometheus-scraper");
  }

  @Test
  void theServiceMonitorSendsABearerTokenFromASecretOrNothingWhenSecurityIsOff() {
    Rendered bearer = new Rendered(ChartRender.parse(ChartRender.template(List.of(), Map.of("monitoring.serviceMonitor.enabled", true,
        "monitoring.serviceMonitor.auth.bearerTokenSecret.name", "scrape-token", "monitoring.serviceMonitor.auth.bearerTokenSecret.key", "token",
        "management.port", 9090))));
    Map<String, Object> endpoint = map(list(map(kind(bearer, "ServiceMonitor").getAdditionalProperties().get("spec")).get("endpoints")).get(0));
    assertThat(endpoint.get("port")).isEqualTo("management");
    assertThat(endpoint.get("authorization")).isEqualTo(Map.of("type", "Bearer", "credentials", Map.of("name", "scrape-token", "key", "token")));
    assertThat(endpoint).doesNotContainKey("oauth2");

    Rendered open = new Rendered(ChartRender.parse(ChartRender.template(List.of(), Map.of("monitoring.serviceMonitor.enabled", true,
        "security.mode", "none"))));
    Map<String, Object> openEndpoint = map(list(map(kind(open, "ServiceMonitor").getAdditionalProperties().get("spec")).get("endpoints")).get(0));
    assertThat(openEndpoint).doesNotContainKeys("authorization", "oauth2");
  }

  @Test
  void thePrometheusRuleAlertsOnEachClustersOwnLimits() {
    Rendered rendered = ChartRender.render("monitoring.yaml");
    Map<String, List<Map<String, Object>>> alerts = alerts(kind(rendered, "PrometheusRule"));

    assertThat(alerts).containsOnlyKeys("CamundaBackupNoRecentCompleteBackup", "CamundaBackupExportingPausedTooLong", "CamundaBackupFailed",
        "CamundaBackupExportingFoundPaused", "CamundaBackupLockHeldTooLong", "CamundaBackupCatalogUnreadable",
        "CamundaBackupRestoreDrillFailed");
    // prod: maxBackupAge PT12H, maxExportingPause PT20M; dr: the application defaults P1D and PT30M
    assertThat(exprByCluster(alerts.get("CamundaBackupNoRecentCompleteBackup"))).containsExactly(
        Map.entry("prod", "time() - max by (cluster) (c8backup_newest_complete_backup_timestamp_seconds{cluster=\"prod\"}) > 43200"),
        Map.entry("dr", "time() - max by (cluster) (c8backup_newest_complete_backup_timestamp_seconds{cluster=\"dr\"}) > 86400"));
    assertThat(exprByCluster(alerts.get("CamundaBackupExportingPausedTooLong"))).containsExactly(
        Map.entry("prod", "time() - max by (cluster) (c8backup_exporting_paused_since_timestamp_seconds{cluster=\"prod\"} > 0) > 1200"),
        Map.entry("dr", "time() - max by (cluster) (c8backup_exporting_paused_since_timestamp_seconds{cluster=\"dr\"} > 0) > 1800"));
    assertThat(expr(alerts, "CamundaBackupLockHeldTooLong")).isEqualTo(
        "time() - max by (cluster) (c8backup_lock_acquired_timestamp_seconds > 0) > 21600");
    assertThat(expr(alerts, "CamundaBackupFailed")).contains("increase(c8backup_backups_total{outcome=\"FAILED\"}[1h])")
        .contains("unless sum by (cluster) (c8backup_backups_total{outcome=\"FAILED\"} offset 1h)");
    assertThat(expr(alerts, "CamundaBackupRestoreDrillFailed")).contains("increase(c8backup_drills_total{outcome!=\"PASSED\"}[1d])");
    for (List<Map<String, Object>> rules : alerts.values()) {
      for (Map<String, Object> rule : rules) {
        assertThat(map(rule.get("labels"))).containsKey("severity");
        assertThat(map(rule.get("annotations"))).containsKeys("summary", "description");
      }
    }
  }

  @Test
  void theAlertThresholdsDefaultToTheApplicationsDefaults() {
    Rendered rendered = new Rendered(ChartRender.parse(ChartRender.template(List.of(), Map.of("monitoring.prometheusRule.enabled", true))));
    Map<String, List<Map<String, Object>>> alerts = alerts(kind(rendered, "PrometheusRule"));

    assertThat(expr(alerts, "CamundaBackupNoRecentCompleteBackup")).endsWith("> 86400"); // max-backup-age P1D
    assertThat(expr(alerts, "CamundaBackupExportingPausedTooLong")).endsWith("> 1800"); // max-exporting-pause PT30M
    assertThat(expr(alerts, "CamundaBackupLockHeldTooLong")).endsWith("> 18000"); // PT5H
  }

  @Test
  void everyAlertExpressionUsesOnlyMetricsAndLabelsTheApplicationExports() {
    Rendered rendered = ChartRender.render("monitoring.yaml");
    List<String> expressions = new ArrayList<>();
    alerts(kind(rendered, "PrometheusRule")).values().forEach(rules -> rules.forEach(rule -> expressions.add((String) rule.get("expr"))));

    assertThat(expressions).hasSizeGreaterThanOrEqualTo(6);
    expressions.forEach(MonitoringChartTest::assertUsesKnownMetrics);
  }

  @Test
  void theDashboardIsValidJsonWhoseQueriesUseOnlyExportedMetricsAndCoverThemAll() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));

    assertThat(dashboard.path("uid").asText()).isEqualTo("camunda-backup-orchestrator");
    assertThat(dashboard.path("title").asText()).isNotBlank();
    Set<String> variables = new HashSet<>();
    dashboard.path("templating").path("list").forEach(variable -> variables.add(variable.path("name").asText()));
    assertThat(variables).contains("datasource", "cluster");
    Set<String> used = new TreeSet<>();
    int panels = 0;
    for (JsonNode panel : dashboard.path("panels")) {
      if (panel.path("type").asText().equals("row")) {
        continue;
      }
      panels++;
      assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
      for (JsonNode target : panel.path("targets")) {
        String expr = target.path("expr").asText();
        assertUsesKnownMetrics(expr);
        used.addAll(baseMetrics(expr));
      }
    }
    assertThat(panels).isGreaterThanOrEqualTo(15);
    assertThat(used).containsExactlyInAnyOrderElementsOf(METRICS.keySet());
  }

  @Test
  void theDashboardConfigMapCarriesTheDashboardFileForGrafanasSidecar() throws IOException {
    Rendered rendered = ChartRender.render("monitoring.yaml");
    ConfigMap dashboard = rendered.one(ConfigMap.class, FULLNAME + "-dashboard");

    assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
    assertThat(new ObjectMapper().readTree(dashboard.getData().get("camunda-backup-orchestrator.json")))
        .isEqualTo(new ObjectMapper().readTree(Files.readString(DASHBOARD)));
  }

  @Test
  void nothingOfMonitoringIsRenderedUnlessEnabled() {
    for (String values : List.of("es-os.yaml", "rdbms.yaml", "kubernetes-restore.yaml", "security-api-keys.yaml")) {
      Rendered rendered = ChartRender.render(values);
      assertThat(rendered.ofKind("ServiceMonitor")).as(values).isEmpty();
      assertThat(rendered.ofKind("PrometheusRule")).as(values).isEmpty();
      assertThat(rendered.find(ConfigMap.class, FULLNAME + "-dashboard")).as(values).isEmpty();
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** Each c8backup_ name is an exported metric (or a histogram's series), selectors and groupings use its labels. */
  static void assertUsesKnownMetrics(String expr) {
    Set<String> metrics = baseMetrics(expr);
    assertThat(metrics).as("metrics of %s", expr).isNotEmpty();
    Set<String> labels = new HashSet<>(Set.of("le"));
    metrics.forEach(metric -> labels.addAll(METRICS.get(metric)));
    Matcher selector = SELECTOR.matcher(expr);
    while (selector.find()) {
      Set<String> allowed = METRICS.get(base(selector.group(1)));
      for (String matcher : selector.group(2).split(",")) {
        if (!matcher.isBlank()) {
          assertThat(allowed).as("label of %s in %s", selector.group(1), expr).contains(matcher.split("[=!~]")[0].trim());
        }
      }
    }
    Matcher grouping = GROUPING.matcher(expr);
    while (grouping.find()) {
      for (String label : grouping.group(1).split(",")) {
        assertThat(labels).as("grouping label in %s", expr).contains(label.trim());
      }
    }
    assertThat(expr.chars().filter(c -> c == '(').count()).as("parentheses of %s", expr).isEqualTo(expr.chars().filter(c -> c == ')').count());
    assertThat(expr.chars().filter(c -> c == '{').count()).as("braces of %s", expr).isEqualTo(expr.chars().filter(c -> c == '}').count());
  }

  private static Set<String> baseMetrics(String expr) {
    Set<String> found = new TreeSet<>();
    Matcher m = METRIC.matcher(expr);
    while (m.find()) {
      String base = base(m.group());
      assertThat(base).as("metric %s in %s", m.group(), expr).isNotNull();
      found.add(base);
    }
    return found;
  }

  /** The exported metric a series name belongs to; null when there is none. */
  private static String base(String name) {
    if (METRICS.containsKey(name)) {
      return name;
    }
    for (String suffix : List.of("_bucket", "_count", "_sum", "_max")) {
      if (name.endsWith(suffix) && HISTOGRAMS.contains(name.substring(0, name.length() - suffix.length()))) {
        return name.substring(0, name.length() - suffix.length());
      }
    }
    return null;
  }

  private static GenericKubernetesResource kind(Rendered rendered, String kind) {
    List<?> found = rendered.ofKind(kind);
    assertThat(found).as(kind).hasSize(1);
    return (GenericKubernetesResource) found.get(0);
  }

  /** The rules of the PrometheusRule by alert name. */
  private static Map<String, List<Map<String, Object>>> alerts(GenericKubernetesResource rule) {
    Map<String, List<Map<String, Object>>> alerts = new LinkedHashMap<>();
    for (Object group : list(map(rule.getAdditionalProperties().get("spec")).get("groups"))) {
      for (Object entry : list(map(group).get("rules"))) {
        alerts.computeIfAbsent((String) map(entry).get("alert"), name -> new ArrayList<>()).add(map(entry));
      }
    }
    return alerts;
  }

  private static String expr(Map<String, List<Map<String, Object>>> alerts, String alert) {
    assertThat(alerts.get(alert)).as(alert).isNotEmpty();
    return (String) alerts.get(alert).get(0).get("expr");
  }

  private static List<Map.Entry<String, String>> exprByCluster(List<Map<String, Object>> rules) {
    return rules.stream().map(rule -> Map.entry((String) map(rule.get("labels")).get("cluster"), (String) rule.get("expr"))).toList();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> stringMap(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, String>) value;
  }

  private static List<?> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return (List<?>) value;
  }
}
