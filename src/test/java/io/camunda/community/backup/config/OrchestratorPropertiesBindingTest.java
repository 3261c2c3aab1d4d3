package io.camunda.community.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Binding of {@code backup-orchestrator.*} as the application does it: defaults, and a bad
 * configuration failing at startup with a message that names the property and the fix.
 */
class OrchestratorPropertiesBindingTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(OrchestratorProperties.class)
  @Import(ClusterRegistry.class)
  static class Config {}

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class);

  private static final String C0 = "backup-orchestrator.clusters[0].";
  private static final String C1 = "backup-orchestrator.clusters[1].";

  /** A minimal valid cluster at index {@code i}. */
  private static List<String> cluster(int i, String name) {
    String p = "backup-orchestrator.clusters[" + i + "].";
    return List.of(
        p + "name=" + name,
        p + "management-url=http://" + name + "-zeebe-gateway:9600",
        p + "secondary-storage.type=elasticsearch",
        p + "secondary-storage.url=http://" + name + "-elasticsearch:9200");
  }

  /** The minimal valid cluster 0 with some properties replaced, added or (value {@code <unset>}) removed. */
  private static String[] cluster0With(String... overrides) {
    return overridden(cluster(0, "prod"), overrides);
  }

  /** {@code properties} ({@code key=value}) with some replaced, added or (value {@code <unset>}) removed. */
  private static String[] overridden(List<String> base, String... overrides) {
    List<String> properties = new ArrayList<>(base);
    for (String override : overrides) {
      String key = override.substring(0, override.indexOf('='));
      properties.removeIf(p -> p.startsWith(key + "="));
      if (!override.endsWith("=<unset>")) {
        properties.add(override);
      }
    }
    return properties.toArray(String[]::new);
  }

  /** Every message of the startup failure's cause chain, joined. */
  private static String failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    StringBuilder text = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  // --- valid configurations and defaults -----------------------------------------------------------

  @Test
  void minimalClusterBindsWithDocumentedDefaults() {
    runner.withPropertyValues(cluster0With()).run(context -> {
      assertThat(context).hasNotFailed();
      OrchestratorProperties properties = context.getBean(OrchestratorProperties.class);

      assertThat(properties.schedule().enabled()).isTrue();
      assertThat(properties.schedule().cron()).isEqualTo("0 0 2 * * *");
      assertThat(properties.jobRetryBackoff()).isEqualTo(Duration.ofSeconds(10));

      ClusterProperties cluster = properties.clusters().get(0);
      assertThat(cluster.name()).isEqualTo("prod");
      assertThat(cluster.managementUrl()).isEqualTo(URI.create("http://prod-zeebe-gateway:9600"));
      assertThat(cluster.scheduled()).isTrue();
      assertThat(cluster.maxExportingPause()).isEqualTo(Duration.parse("PT30M"));
      assertThat(cluster.pollInterval()).isEqualTo(Duration.parse("PT5S"));

      assertThat(cluster.timeouts().request()).isEqualTo(Duration.parse("PT30S"));
      assertThat(cluster.timeouts().webappsBackup()).isEqualTo(Duration.parse("PT30M"));
      assertThat(cluster.timeouts().optimizeBackup()).isEqualTo(Duration.parse("PT30M"));
      assertThat(cluster.timeouts().recordsSnapshot()).isEqualTo(Duration.parse("PT30M"));
      assertThat(cluster.timeouts().zeebeBackup()).isEqualTo(Duration.parse("PT30M"));
      assertThat(cluster.timeouts().incompleteGrace()).isEqualTo(Duration.parse("PT5M"));

      SecondaryStorageProperties storage = cluster.secondaryStorage();
      assertThat(storage.type()).isEqualTo(SecondaryStorageType.ELASTICSEARCH);
      assertThat(storage.url()).isEqualTo(URI.create("http://prod-elasticsearch:9200"));
      assertThat(storage.snapshotRepository()).isEqualTo("camunda");
      assertThat(storage.zeebeRecordsIndexPrefix()).isEqualTo("zeebe-record");
      assertThat(storage.hasBasicAuth()).isFalse();
      assertThat(storage.hasApiKey()).isFalse();

      assertThat(cluster.optimizeUrl()).isNull();
      assertThat(cluster.optimizeEnabled()).isFalse();

      assertThat(context.getBean(ClusterRegistry.class).names()).containsExactly("prod");
    });
  }

  @Test
  void everyPropertyCanBeSet() {
    runner.withPropertyValues(cluster0With(
            "backup-orchestrator.schedule.enabled=false",
            "backup-orchestrator.schedule.cron=0 30 1 * * *",
            "backup-orchestrator.job-retry-backoff=PT1M",
            C0 + "optimize-url=http://prod-optimize:8092",
            C0 + "scheduled=false",
            C0 + "max-exporting-pause=PT10M",
            C0 + "poll-interval=2s",
            C0 + "timeouts.request=PT5S",
            C0 + "timeouts.incomplete-grace=PT1M",
            C0 + "secondary-storage.type=OpenSearch",
            C0 + "secondary-storage.url=https://prod-opensearch:9200",
            C0 + "secondary-storage.username=backup",
            C0 + "secondary-storage.password=secret",
            C0 + "secondary-storage.snapshot-repository=backups",
            C0 + "secondary-storage.zeebe-records-index-prefix=custom-record"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          OrchestratorProperties properties = context.getBean(OrchestratorProperties.class);
          assertThat(properties.schedule().enabled()).isFalse();
          assertThat(properties.schedule().cron()).isEqualTo("0 30 1 * * *");
          assertThat(properties.jobRetryBackoff()).isEqualTo(Duration.ofMinutes(1));
          ClusterProperties cluster = properties.clusters().get(0);
          assertThat(cluster.optimizeEnabled()).isTrue();
          assertThat(cluster.optimizeUrl()).isEqualTo(URI.create("http://prod-optimize:8092"));
          assertThat(cluster.scheduled()).isFalse();
          assertThat(cluster.maxExportingPause()).isEqualTo(Duration.ofMinutes(10));
          assertThat(cluster.pollInterval()).isEqualTo(Duration.ofSeconds(2));
          assertThat(cluster.timeouts().request()).isEqualTo(Duration.ofSeconds(5));
          assertThat(cluster.timeouts().zeebeBackup()).isEqualTo(Duration.ofMinutes(30));
          assertThat(cluster.timeouts().incompleteGrace()).isEqualTo(Duration.ofMinutes(1));
          SecondaryStorageProperties storage = cluster.secondaryStorage();
          assertThat(storage.type()).isEqualTo(SecondaryStorageType.OPENSEARCH);
          assertThat(storage.hasBasicAuth()).isTrue();
          assertThat(storage.snapshotRepository()).isEqualTo("backups");
          assertThat(storage.zeebeRecordsIndexPrefix()).isEqualTo("custom-record");
        });
  }

  @Test
  void emptyOptimizeUrlMeansOptimizeDisabled() {
    runner.withPropertyValues(cluster0With(C0 + "optimize-url=")).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ClusterRegistry.class).get("prod").optimizeEnabled()).isFalse();
    });
  }

  @Test
  void severalClustersKeepTheirOrder() {
    List<String> properties = new ArrayList<>(cluster(0, "prod"));
    properties.addAll(cluster(1, "staging"));
    properties.addAll(cluster(2, "dr-site-2"));

    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
      assertThat(context).hasNotFailed();
      ClusterRegistry registry = context.getBean(ClusterRegistry.class);
      assertThat(registry.names()).containsExactly("prod", "staging", "dr-site-2");
      assertThat(registry.all()).extracting(ClusterProperties::name).containsExactly("prod", "staging", "dr-site-2");
      assertThat(registry.get("staging").managementUrl()).isEqualTo(URI.create("http://staging-zeebe-gateway:9600"));
    });
  }

  @Test
  void apiKeyAloneIsFine() {
    runner.withPropertyValues(cluster0With(C0 + "secondary-storage.api-key=abc", C0 + "secondary-storage.url=https://prod-es:9200")).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ClusterRegistry.class).get("prod").secondaryStorage().hasApiKey()).isTrue();
    });
  }

  // --- bad configurations fail at startup ------------------------------------------------------------

  @Test
  void noClustersAtAll() {
    runner.run(context -> assertThat(failure(context))
        .contains("clusters")
        .contains("list at least one target cluster (backup-orchestrator.clusters[0].name, .management-url, ...)"));
  }

  @Test
  void emptyClusterListFailsTheSameWay() {
    runner.withPropertyValues("backup-orchestrator.clusters=").run(context -> assertThat(failure(context))
        .contains("list at least one target cluster"));
  }

  static Stream<Arguments> missingRequiredProperties() {
    return Stream.of(
        Arguments.of(C0 + "name", "clusters[0].name"),
        Arguments.of(C0 + "management-url", "clusters[0].managementUrl"),
        Arguments.of(C0 + "secondary-storage.type", "clusters[0].secondaryStorage.type"),
        Arguments.of(C0 + "secondary-storage.url", "clusters[0].secondary-storage.url"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("missingRequiredProperties")
  void missingRequiredProperty(String property, String field) {
    runner.withPropertyValues(cluster0With(property + "=<unset>")).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator")
        .contains(field)
        .contains("must not be null"));
  }

  @Test
  void missingSecondaryStorageSection() {
    runner.withPropertyValues(cluster0With(C0 + "secondary-storage.type=<unset>", C0 + "secondary-storage.url=<unset>"))
        .run(context -> assertThat(failure(context))
            .contains("clusters[0].secondaryStorage")
            .contains("must not be null"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"Prod", "PROD", "prod_1", "prod.eu", "-prod", "prod-", "pröd"})
  void clusterNameMustBeLowerCaseDns(String name) {
    runner.withPropertyValues(cluster0With(C0 + "name=" + name)).run(context -> assertThat(failure(context))
        .contains("clusters[0].name")
        .contains(name)
        .contains("must be lower-case letters, digits and '-'"));
  }

  @Test
  void duplicateNames() {
    List<String> properties = new ArrayList<>(cluster(0, "prod"));
    properties.addAll(cluster(1, "staging"));
    properties.addAll(cluster(2, "prod"));

    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[2].name: 'prod' is used twice; give every cluster a unique name"));
  }

  // --- restore drills ------------------------------------------------------------------------------------------

  /** prod (backed up) and a scratch cluster at index 1 with the given drill settings. */
  private static String[] withScratch(String... scratch) {
    List<String> properties = new ArrayList<>(cluster(0, "prod"));
    properties.addAll(cluster(1, "scratch"));
    properties.addAll(List.of(scratch));
    return properties.toArray(String[]::new);
  }

  @Test
  void aDrillTargetBindsAndIsNotBackedUp() {
    runner.withPropertyValues(withScratch(C1 + "scheduled=false", C1 + "drill.source-cluster=prod", C1 + "drill.cron=0 0 4 * * SUN"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          ClusterProperties scratch = context.getBean(ClusterRegistry.class).get("scratch");
          assertThat(scratch.drillTarget()).isTrue();
          assertThat(scratch.drill()).isEqualTo(new ClusterProperties.Drill("prod", "0 0 4 * * SUN"));
          assertThat(context.getBean(ClusterRegistry.class).get("prod").drillTarget()).isFalse();
        });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      backed up on schedule too  | scheduled=true          | prod    | backup-orchestrator.clusters[1].scheduled: 'scratch' is a drill target (restored over by drills of 'prod') and would also be backed up on schedule: set backup-orchestrator.clusters[1].scheduled=false
      scheduled by default       | <default>               | prod    | backup-orchestrator.clusters[1].scheduled: 'scratch' is a drill target
      its own source             | scheduled=false         | scratch | backup-orchestrator.clusters[1].drill.source-cluster: 'scratch' is this cluster itself
      an unknown source          | scheduled=false         | prd     | backup-orchestrator.clusters[1].drill.source-cluster: no cluster is named 'prd'; configured: [prod, scratch]
      """)
  void aDrillTargetThatIsAlsoABackupSourceFailsStartup(String name, String scheduled, String source, String message) {
    List<String> scratch = new ArrayList<>(List.of(C1 + "drill.source-cluster=" + source));
    if (!scheduled.equals("<default>")) {
      scratch.add(C1 + scheduled);
    }
    runner.withPropertyValues(withScratch(scratch.toArray(String[]::new))).run(context -> assertThat(failure(context)).contains(message));
  }

  @Test
  void aDrillWhoseSourceIsItselfADrillTargetFailsStartup() {
    List<String> properties = new ArrayList<>(List.of(withScratch(C1 + "scheduled=false", C1 + "drill.source-cluster=prod")));
    properties.addAll(cluster(2, "scratch2"));
    properties.addAll(List.of("backup-orchestrator.clusters[2].scheduled=false", "backup-orchestrator.clusters[2].drill.source-cluster=scratch"));
    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[2].drill.source-cluster: 'scratch' is itself a drill target"));
  }

  @Test
  void aDrillTargetOfAnotherStorageKindFailsStartup() {
    List<String> properties = new ArrayList<>(List.of(rdbmsWith()));
    properties.addAll(cluster(1, "scratch"));
    properties.addAll(List.of(C1 + "scheduled=false", C1 + "drill.source-cluster=prod"));
    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[1].secondary-storage.type: 'scratch' stores ELASTICSEARCH but its drill source 'prod'"
            + " stores RDBMS"));
  }

  /**
   * A MariaDB dump recreates the database it was taken from ({@code DROP DATABASE `camunda`}),
   * whatever database the restoring connection names: a drill target on the source's server would
   * drop the source's database; one with another database name would restore beside itself.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      same server, other database name  | camunda-mariadb | camunda_drill | backup-orchestrator.clusters[1].secondary-storage.database.host: 'scratch' is on the server of its drill source 'prod' (camunda-mariadb:3306). A MARIADB dump restores into the database it was taken from ('camunda'), so this drill would drop the source's database
      other server, other database name | drill-mariadb   | camunda_drill | backup-orchestrator.clusters[1].secondary-storage.database.name: 'camunda_drill' differs from the database of its drill source 'prod' ('camunda'). A MARIADB dump restores into the database it was taken from: set backup-orchestrator.clusters[1].secondary-storage.database.name=camunda
      """)
  void aMariaDbDrillTargetMustBeAnotherServerWithTheSourcesDatabaseName(String name, String host, String database, String message) {
    runner.withPropertyValues(mariaDbSourceAndScratch(host, database)).run(context -> assertThat(failure(context)).contains(message));
  }

  @Test
  void aMariaDbDrillTargetOnAnotherServerWithTheSourcesDatabaseNameStarts() {
    runner.withPropertyValues(mariaDbSourceAndScratch("drill-mariadb", "camunda")).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ClusterRegistry.class).get("scratch").drillTarget()).isTrue();
    });
  }

  private static String[] mariaDbSourceAndScratch(String scratchHost, String scratchDatabase) {
    List<String> properties = new ArrayList<>(List.of(rdbmsWith(C0 + "secondary-storage.database.vendor=mariadb",
        C0 + "secondary-storage.database.host=camunda-mariadb")));
    for (String source : rdbmsWith(C0 + "secondary-storage.database.vendor=mariadb", C0 + "name=scratch",
        C0 + "management-url=http://scratch-zeebe-gateway:9600", C0 + "secondary-storage.database.host=" + scratchHost,
        C0 + "secondary-storage.database.name=" + scratchDatabase, C0 + "secondary-storage.database.dump-directory=/var/backups/scratch")) {
      properties.add(source.replace(C0, C1));
    }
    properties.addAll(List.of(C1 + "scheduled=false", C1 + "drill.source-cluster=prod"));
    return properties.toArray(String[]::new);
  }

  @Test
  void usernameWithoutPassword() {
    runner.withPropertyValues(cluster0With(C0 + "secondary-storage.username=elastic")).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[0].secondary-storage.password: required when username is set (e.g. password: ${ES_PASSWORD})"));
  }

  @Test
  void usernameWithEmptyPassword() {
    runner.withPropertyValues(cluster0With(C0 + "secondary-storage.username=elastic", C0 + "secondary-storage.password="))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].secondary-storage.password: required when username is set"));
  }

  @Test
  void basicAuthAndApiKeyTogether() {
    runner.withPropertyValues(cluster0With(
            C0 + "secondary-storage.username=elastic",
            C0 + "secondary-storage.password=secret",
            C0 + "secondary-storage.api-key=abc"))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].secondary-storage: set either username/password or api-key, not both"));
  }

  static Stream<Arguments> urlsWithoutHttpScheme() {
    return Stream.of(
        Arguments.of("management-url", "camunda-zeebe-gateway:9600"),
        Arguments.of("management-url", "localhost:9600"),
        Arguments.of("management-url", "ftp://camunda-zeebe-gateway:9600"),
        Arguments.of("management-url", "/actuator"),
        Arguments.of("optimize-url", "camunda-optimize:8092"),
        Arguments.of("secondary-storage.url", "camunda-elasticsearch:9200"),
        Arguments.of("secondary-storage.url", "//camunda-elasticsearch:9200"));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("urlsWithoutHttpScheme")
  void urlWithoutHttpScheme(String property, String url) {
    runner.withPropertyValues(cluster0With(C0 + property + "=" + url)).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[0]." + property + ": '" + url + "' must be an absolute http:// or https:// URL"));
  }

  @Test
  void httpsUrlsAreAccepted() {
    runner.withPropertyValues(cluster0With(
            C0 + "management-url=https://zeebe.example.com/example",
            C0 + "optimize-url=https://optimize.example.com",
            C0 + "secondary-storage.url=https://es.example.com:9243"))
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void allProblemsAreReportedTogether() {
    List<String> properties = new ArrayList<>(cluster(0, "prod"));
    properties.addAll(Arrays.asList(cluster0With(C0 + "name=prod")).stream().map(p -> p.replace("clusters[0]", "clusters[1]")).toList());
    properties.add(C1 + "secondary-storage.username=elastic");
    properties.add(C0 + "optimize-url=optimize:8092");

    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> assertThat(failure(context))
        .contains("Invalid cluster configuration")
        .contains("backup-orchestrator.clusters[1].name: 'prod' is used twice")
        .contains("backup-orchestrator.clusters[1].secondary-storage.password: required")
        .contains("backup-orchestrator.clusters[0].optimize-url: 'optimize:8092'"));
  }

  // --- RDBMS secondary storage ---------------------------------------------------------------------

  /** A valid PostgreSQL cluster 0 with some properties replaced, added or removed. */
  private static String[] rdbmsWith(String... overrides) {
    List<String> properties = new ArrayList<>(List.of(
        C0 + "name=prod",
        C0 + "management-url=http://prod-zeebe-gateway:9600",
        C0 + "secondary-storage.type=rdbms",
        C0 + "secondary-storage.database.vendor=postgresql",
        C0 + "secondary-storage.database.host=camunda-postgresql",
        C0 + "secondary-storage.database.name=camunda",
        C0 + "secondary-storage.database.username=camunda",
        C0 + "secondary-storage.database.password=from-the-environment",
        C0 + "secondary-storage.database.dump-directory=/var/backups/camunda"));
    return overridden(properties, overrides);
  }

  @Test
  void rdbmsClusterBindsWithDefaultsAndMaskedPassword() {
    runner.withPropertyValues(rdbmsWith()).run(context -> {
      assertThat(context).hasNotFailed();
      ClusterProperties cluster = context.getBean(ClusterRegistry.class).get("prod");
      assertThat(cluster.secondaryStorage().isRdbms()).isTrue();
      DatabaseProperties database = cluster.secondaryStorage().database();
      assertThat(database.effectivePort()).isEqualTo(5432);
      assertThat(database.toolTimeout()).isEqualTo(Duration.ofHours(2));
      assertThat(cluster.toString()).doesNotContain("from-the-environment").contains("password=******");
    });
  }

  @Test
  void mariadbDefaultsToItsPort() {
    runner.withPropertyValues(rdbmsWith(C0 + "secondary-storage.database.vendor=mariadb")).run(context ->
        assertThat(context.getBean(ClusterRegistry.class).get("prod").secondaryStorage().database().effectivePort()).isEqualTo(3306));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"host", "name", "username", "password", "dump-directory"})
  void rdbmsWithoutARequiredSetting(String property) {
    runner.withPropertyValues(rdbmsWith(C0 + "secondary-storage.database." + property + "=<unset>")).run(context ->
        assertThat(failure(context)).contains("backup-orchestrator.clusters[0].secondary-storage.database." + property + ": required"));
  }

  @Test
  void rdbmsWithoutDatabaseSection() {
    runner.withPropertyValues(C0 + "name=prod", C0 + "management-url=http://zeebe:9600", C0 + "secondary-storage.type=rdbms")
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].secondary-storage.database: required for type rdbms"));
  }

  @Test
  void rdbmsRejectsWhatBelongsToTheSearchEngineAndOptimize() {
    runner.withPropertyValues(rdbmsWith(C0 + "secondary-storage.url=http://es:9200", C0 + "optimize-url=http://optimize:8092",
            C0 + "secondary-storage.database.dump-directory=backups"))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].secondary-storage: url, username and api-key belong to Elasticsearch/OpenSearch")
            .contains("backup-orchestrator.clusters[0].optimize-url: Optimize is not part of an RDBMS backup")
            .contains("backup-orchestrator.clusters[0].secondary-storage.database.dump-directory: 'backups' must be an absolute path"));
  }

  @Test
  void commandVendorNeedsBothCommands() {
    runner.withPropertyValues(rdbmsWith(C0 + "secondary-storage.database.vendor=command",
            C0 + "secondary-storage.database.command.dump[0]=/opt/rman/backup.sh"))
        .run(context -> assertThat(failure(context))
            .contains("secondary-storage.database.command.restore: required for vendor command")
            .doesNotContain("command.dump: required"));
  }

  // --- additional databases (issue 14 item 0) ----------------------------------------------------------

  private static final String A0 = C0 + "additional-databases[0].";
  private static final String A1 = C0 + "additional-databases[1].";

  /** Web Modeler's PostgreSQL database as additional database 0 of an Elasticsearch cluster, with overrides. */
  private static String[] withWebModeler(String... overrides) {
    List<String> extra = new ArrayList<>(List.of(cluster0With()));
    extra.addAll(List.of(A0 + "part=web-modeler", A0 + "database.vendor=postgresql", A0 + "database.host=web-modeler-postgresql",
        A0 + "database.name=web-modeler", A0 + "database.username=modeler", A0 + "database.password=from-the-environment",
        A0 + "database.dump-directory=/var/backups/web-modeler"));
    return overridden(extra, overrides);
  }

  @Test
  void anAdditionalDatabaseBindsBesideElasticsearch() {
    runner.withPropertyValues(withWebModeler()).run(context -> {
      assertThat(context).hasNotFailed();
      ClusterProperties cluster = context.getBean(ClusterRegistry.class).get("prod");
      assertThat(cluster.additionalDatabaseParts()).containsExactly("web-modeler");
      DatabaseProperties database = cluster.additionalDatabase("web-modeler").orElseThrow().database();
      assertThat(database.effectivePort()).isEqualTo(5432);
      assertThat(database.toolTimeout()).isEqualTo(Duration.ofHours(2));
      assertThat(cluster.toString()).doesNotContain("from-the-environment");
    });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"host", "name", "username", "password", "dump-directory"})
  void anAdditionalDatabaseWithoutARequiredSettingFailsStartupNamingIt(String property) {
    runner.withPropertyValues(withWebModeler(A0 + "database." + property + "=<unset>")).run(context ->
        assertThat(failure(context)).contains("backup-orchestrator.clusters[0].additional-databases[0].database." + property + ": required"));
  }

  @Test
  void twoAdditionalDatabasesWithOnePartNameFailStartup() {
    runner.withPropertyValues(withWebModeler(A1 + "part=web-modeler", A1 + "database.vendor=mariadb", A1 + "database.host=identity-db",
            A1 + "database.name=keycloak", A1 + "database.username=keycloak", A1 + "database.password=x",
            A1 + "database.dump-directory=/var/backups/identity"))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].additional-databases[1].part: 'web-modeler' is used twice"));
  }

  @Test
  void anAdditionalDatabaseThatIsTheCamundaDatabaseFailsStartup() {
    List<String> properties = new ArrayList<>(List.of(rdbmsWith()));
    properties.addAll(List.of(A0 + "part=camunda-again", A0 + "database.vendor=postgresql", A0 + "database.host=camunda-postgresql",
        A0 + "database.name=camunda", A0 + "database.username=camunda", A0 + "database.password=x",
        A0 + "database.dump-directory=/var/backups/other"));
    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[0].additional-databases[0].database: is the Camunda database of secondary-storage.database"));
  }

  @Test
  void aPartNameThatIsNoDirectoryNameFailsStartup() {
    runner.withPropertyValues(withWebModeler(A0 + "part=../web-modeler")).run(context -> assertThat(failure(context))
        .contains("clusters[0].additionalDatabases[0].part").contains("must be lower-case letters, digits and '-'"));
  }

  // --- second location (issue 14) ---------------------------------------------------------------------

  private static final String S0 = C0 + "second-location.";

  /** An Elasticsearch cluster copying its sets to a second location, with overrides. */
  private static String[] withSecondLocation(String... overrides) {
    List<String> extra = new ArrayList<>(List.of(cluster0With()));
    extra.addAll(List.of(S0 + "mode=copy", S0 + "zeebe-store.primary=/mnt/zeebe-backups", S0 + "zeebe-store.second=/mnt/dr/zeebe-backups",
        S0 + "snapshot-repository.primary=/mnt/es-snapshots", S0 + "snapshot-repository.second=/mnt/dr/es-snapshots",
        S0 + "snapshot-repository.second-repository=camunda-dr"));
    return overridden(extra, overrides);
  }

  @Test
  void aSecondLocationBindsWithDefaults() {
    runner.withPropertyValues(withSecondLocation()).run(context -> {
      assertThat(context).hasNotFailed();
      SecondLocationProperties second = context.getBean(ClusterRegistry.class).get("prod").secondLocation();
      assertThat(second.mode()).isEqualTo(SecondLocationProperties.Mode.COPY);
      assertThat(second.deadline()).isEqualTo(Duration.ofHours(6));
      assertThat(second.checkInterval()).isEqualTo(Duration.ofMinutes(1));
      assertThat(second.snapshotRepository().secondRepository()).isEqualTo("camunda-dr");
    });
    runner.withPropertyValues(cluster0With()).run(context ->
        assertThat(context.getBean(ClusterRegistry.class).get("prod").hasSecondLocation()).isFalse());
  }

  @Test
  void aSecondLocationWithoutWhatTheSetHasFailsStartupNamingIt() {
    runner.withPropertyValues(withSecondLocation(S0 + "zeebe-store.primary=<unset>", S0 + "zeebe-store.second=<unset>",
            S0 + "snapshot-repository.primary=<unset>", S0 + "snapshot-repository.second=<unset>",
            S0 + "snapshot-repository.second-repository=<unset>"))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].second-location.zeebe-store: required")
            .contains("backup-orchestrator.clusters[0].second-location.snapshot-repository: required with Elasticsearch/OpenSearch storage"));
    runner.withPropertyValues(withSecondLocation(S0 + "snapshot-repository.second-repository=<unset>"))
        .run(context -> assertThat(failure(context))
            .contains("second-location.snapshot-repository.second-repository: required"));
    List<String> rdbms = new ArrayList<>(List.of(rdbmsWith()));
    rdbms.addAll(List.of(S0 + "mode=verify", S0 + "zeebe-store.primary=/mnt/zeebe-backups", S0 + "zeebe-store.second=/mnt/dr/zeebe-backups"));
    runner.withPropertyValues(rdbms.toArray(String[]::new)).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[0].second-location.dump-directory: required"));
  }

  @Test
  void aSecondPlaceInsideTheFirstFailsStartup() {
    runner.withPropertyValues(withSecondLocation(S0 + "zeebe-store.second=/mnt/zeebe-backups/copy",
            S0 + "snapshot-repository.second-repository=camunda", S0 + "check-interval=PT7H"))
        .run(context -> assertThat(failure(context))
            .contains("second-location.zeebe-store: the second place /mnt/zeebe-backups/copy is, or lies inside or above, the primary")
            .contains("second-location.snapshot-repository.second-repository: 'camunda' is the repository the backups are written to")
            .contains("second-location.check-interval: PT7H is not shorter than deadline PT6H"));
  }

  @Test
  void aKeepCountOfItsOwnIsRefusedWhereTheSecondLocationCannotKeepSetsApart() {
    runner.withPropertyValues(withSecondLocation(S0 + "keep-complete=5")).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[0].second-location.keep-complete: the second snapshot repository follows"));
    List<String> rdbms = new ArrayList<>(List.of(rdbmsWith()));
    rdbms.addAll(List.of(S0 + "mode=copy", S0 + "zeebe-store.primary=/mnt/zeebe-backups", S0 + "zeebe-store.second=/mnt/dr/zeebe-backups",
        S0 + "dump-directory=/mnt/dr/dumps", S0 + "keep-complete=5"));
    runner.withPropertyValues(rdbms.toArray(String[]::new)).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ClusterRegistry.class).get("prod").secondLocation().keepComplete()).isEqualTo(5);
    });
  }

  /** An RDBMS cluster copying its sets into an S3-compatible bucket, with overrides. */
  private static String[] withBucket(String... overrides) {
    List<String> extra = new ArrayList<>(List.of(rdbmsWith()));
    extra.addAll(List.of(S0 + "mode=copy", S0 + "zeebe-store.primary=/mnt/zeebe-backups", S0 + "zeebe-store.second=zeebe",
        S0 + "dump-directory=dumps", S0 + "s3.endpoint=https://s3.eu-central-1.amazonaws.com", S0 + "s3.region=eu-central-1",
        S0 + "s3.bucket=camunda-dr", S0 + "s3.access-key=AKIDEXAMPLE", S0 + "s3.secret-key=very-secret"));
    return overridden(extra, overrides);
  }

  @Test
  void aSecondLocationInABucketBindsAndMasksItsSecret() {
    runner.withPropertyValues(withBucket()).run(context -> {
      assertThat(context).hasNotFailed();
      SecondLocationProperties second = context.getBean(ClusterRegistry.class).get("prod").secondLocation();
      assertThat(second.inBucket()).isTrue();
      assertThat(second.s3().bucket()).isEqualTo("camunda-dr");
      assertThat(second.s3().pathStyleAccess()).isFalse();
      assertThat(second.s3().requestTimeout()).isEqualTo(Duration.ofMinutes(30));
      assertThat(second.toString()).doesNotContain("very-secret").contains("secretKey=******");
    });
  }

  @Test
  void aBucketWithoutWhatItNeedsOrWithAbsoluteKeysFailsStartupNamingIt() {
    runner.withPropertyValues(withBucket(S0 + "s3.secret-key=<unset>", S0 + "s3.region= "))
        .run(context -> assertThat(failure(context)).contains("clusters[0].secondLocation.s3.secretKey")
            .contains("clusters[0].secondLocation.s3.region"));
    runner.withPropertyValues(withBucket(S0 + "zeebe-store.second=/zeebe")).run(context -> assertThat(failure(context))
        .contains("second-location.zeebe-store: '/zeebe' is a key prefix in the bucket camunda-dr (second-location.s3): write it"
            + " without a leading '/' and without '..', e.g. zeebe"));
  }

  // --- continuous backups (issue 15) ----------------------------------------------------------------

  @Test
  void continuousBackupsBindWithRdbmsStorageAndAreOffByDefault() {
    runner.withPropertyValues(rdbmsWith(C0 + "continuous-backups.enabled=true")).run(context -> {
      assertThat(context).hasNotFailed();
      ClusterProperties cluster = context.getBean(ClusterRegistry.class).get("prod");
      assertThat(cluster.continuous()).isTrue();
      assertThat(cluster.continuousBackups().zeebeBackups()).isEqualTo(ContinuousBackupsProperties.ZeebeBackups.BROKER);
    });
    runner.withPropertyValues(rdbmsWith(C0 + "continuous-backups.enabled=true", C0 + "continuous-backups.zeebe-backups=orchestrator"))
        .run(context -> assertThat(context.getBean(ClusterRegistry.class).get("prod").continuousBackups().zeebeBackups())
            .isEqualTo(ContinuousBackupsProperties.ZeebeBackups.ORCHESTRATOR));
    runner.withPropertyValues(cluster0With()).run(context ->
        assertThat(context.getBean(ClusterRegistry.class).get("prod").continuous()).isFalse());
  }

  @Test
  void continuousBackupsWithElasticsearchOrASecondLocationFailStartupNamingTheProperty() {
    runner.withPropertyValues(cluster0With(C0 + "continuous-backups.enabled=true")).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.clusters[0].continuous-backups.enabled: continuous backups are Camunda 8.9's setup for RDBMS"));
    runner.withPropertyValues(withBucket(C0 + "continuous-backups.enabled=true")).run(context -> assertThat(failure(context))
        .contains("clusters[0].continuous-backups.enabled: a second location for a cluster with continuous backups is not supported yet"));
  }

  // --- standalone Operate and Tasklist (issue 15) ----------------------------------------------------

  @Test
  void standaloneWebAppsBindAndZeebesLegacyEndpointIsChosenByName() {
    runner.withPropertyValues(cluster0With(C0 + "standalone.operate-management-url=http://camunda-operate:9600",
        C0 + "standalone.tasklist-management-url=http://camunda-tasklist:9600", C0 + "standalone.zeebe-backup-endpoint=backups"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          ClusterProperties cluster = context.getBean(ClusterRegistry.class).get("prod");
          assertThat(cluster.standalone().operateManagementUrl()).hasToString("http://camunda-operate:9600");
          assertThat(cluster.zeebeBackupPath()).isEqualTo("/actuator/backups");
        });
    runner.withPropertyValues(cluster0With(C0 + "standalone.operate-management-url=http://camunda-operate:9600",
        C0 + "standalone.tasklist-management-url=http://camunda-tasklist:9600"))
        .run(context -> assertThat(context.getBean(ClusterRegistry.class).get("prod").zeebeBackupPath()).isEqualTo("/actuator/backupRuntime"));
    runner.withPropertyValues(cluster0With()).run(context -> {
      assertThat(context.getBean(ClusterRegistry.class).get("prod").standalone()).isNull();
      assertThat(context.getBean(ClusterRegistry.class).get("prod").zeebeBackupPath()).isEqualTo("/actuator/backupRuntime");
    });
  }

  @Test
  void standaloneWebAppsWithoutTasklistOrWithRdbmsFailStartupNamingTheProperty() {
    runner.withPropertyValues(cluster0With(C0 + "standalone.operate-management-url=http://camunda-operate:9600"))
        .run(context -> assertThat(failure(context)).contains("clusters[0].standalone.tasklistManagementUrl"));
    runner.withPropertyValues(rdbmsWith(C0 + "standalone.operate-management-url=http://camunda-operate:9600",
        C0 + "standalone.tasklist-management-url=http://camunda-tasklist:9600"))
        .run(context -> assertThat(failure(context)).contains("backup-orchestrator.clusters[0].standalone: standalone Operate and Tasklist"));
    runner.withPropertyValues(cluster0With(C0 + "standalone.operate-management-url=http://camunda-operate:9600",
        C0 + "standalone.tasklist-management-url=http://tl:secret@camunda-tasklist:9600"))
        .run(context -> assertThat(failure(context)).contains("clusters[0].standalone.tasklist-management-url").doesNotContain("secret@"));
  }

  @Test
  void aSecondLocationWithoutModeFailsStartupNamingIt() {
    runner.withPropertyValues(withSecondLocation(S0 + "mode=<unset>"))
        .run(context -> assertThat(failure(context)).contains("clusters[0].secondLocation.mode"));
  }

  // --- restore approvers ---------------------------------------------------------------------------

  @Test
  void restoreApproversDefaultToAnyoneAndBindAsLists() {
    runner.withPropertyValues(cluster0With()).run(context ->
        assertThat(context.getBean(ClusterRegistry.class).get("prod").restore().approvers()).isEqualTo(ApproversProperties.anyone()));
    runner.withPropertyValues(cluster0With(C0 + "restore.approvers.groups=ops-leads,dba", C0 + "restore.approvers.users[0]=carol"))
        .run(context -> {
          ApproversProperties approvers = context.getBean(ClusterRegistry.class).get("prod").restore().approvers();
          assertThat(approvers.groups()).containsExactly("ops-leads", "dba");
          assertThat(approvers.users()).containsExactly("carol");
        });
  }

  @Test
  void aBlankRestoreApproverFailsAtStartupNamingIt() {
    runner.withPropertyValues(cluster0With(C0 + "restore.approvers.users[0]=carol", C0 + "restore.approvers.users[1]= "))
        .run(context -> assertThat(failure(context)).contains("clusters[0].restore.approvers.users[1]").contains("must not be blank"));
  }

  // --- Kubernetes restore image ---------------------------------------------------------------------

  @Test
  void restoreImageFollowsTheTargetVersionWhenUnset() {
    runner.withPropertyValues(cluster0With(C0 + "restore.mode=kubernetes", C0 + "restore.camunda-version=8.9.1")).run(context -> {
      RestoreProperties restore = context.getBean(ClusterRegistry.class).get("prod").restore();
      assertThat(restore.kubernetes().restoreImage()).isNull();
      assertThat(restore.restoreImage()).isEqualTo("camunda/camunda:8.9.1");
    });
  }

  @Test
  void restoreImageOfAnotherVersionThanTheTargetFailsAtStartup() {
    runner.withPropertyValues(cluster0With(C0 + "restore.mode=kubernetes", C0 + "restore.camunda-version=8.9.0",
            C0 + "restore.kubernetes.restore-image=camunda/camunda:8.8.0"))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].restore.kubernetes.restore-image: 'camunda/camunda:8.8.0' runs Camunda 8.8.0"
                + " but backup-orchestrator.clusters[0].restore.camunda-version is 8.9.0")
            .contains("remove restore-image (it then follows camunda-version) or tag it 8.9.0"));
  }

  @Test
  void restoreImageFromAPrivateRegistryWithTheTargetVersionOrWithoutAVersionTagIsAccepted() {
    for (String image : List.of("registry.example.com:5000/camunda/camunda:8.9.0", "mirror/camunda:latest",
        "camunda/camunda:8.9.0@sha256:0123abcd")) {
      runner.withPropertyValues(cluster0With(C0 + "restore.mode=kubernetes", C0 + "restore.camunda-version=8.9.0",
              C0 + "restore.kubernetes.restore-image=" + image))
          .run(context -> assertThat(context.getBean(ClusterRegistry.class).get("prod").restore().restoreImage()).isEqualTo(image));
    }
  }
}
