package io.camunda.community.backup.deploy;

import static io.camunda.community.backup.deploy.ChartRender.FULLNAME;
import static io.camunda.community.backup.deploy.ChartRender.NAMESPACE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.marcnuri.helm.LintResult;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.DatabaseVendor;
import io.camunda.community.backup.config.RestoreMode;
import io.camunda.community.backup.config.SecondaryStorageType;
import io.camunda.community.backup.deploy.ChartRender.Rendered;
import io.camunda.community.backup.security.Permission;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.camunda.community.backup.config.ExportingResumeProperties;
import io.camunda.community.backup.config.LockProperties;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.security.SecurityProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Helm chart linted and rendered by Helm (helm-java) with the values files of
 * src/test/resources/helm, the rendered objects parsed with fabric8, and the rendered application.yaml
 * bound strictly to the application's properties classes.
 */
class HelmChartTest {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9_]+)}");

  @ParameterizedTest
  @ValueSource(strings = {"", "es-os.yaml", "rdbms.yaml", "kubernetes-restore.yaml", "security-api-keys.yaml", "monitoring.yaml",
      "all-settings.yaml"})
  void lintPassesStrictAndTheConfigurationBindsToTheApplicationsClasses(String valuesFile) throws IOException {
    LintResult lint = ChartRender.lint(valuesFile.isEmpty() ? null : valuesFile);
    assertThat(lint.isFailed()).as("helm lint --strict: %s", lint.getMessages()).isFalse();
    assertThat(lint.getMessages()).noneMatch(message -> message.contains("[ERROR]") || message.contains("[WARNING]"));

    Rendered rendered = valuesFile.isEmpty() ? ChartRender.render() : ChartRender.render(valuesFile);
    Map<String, EnvVar> env = env(rendered);
    // every ${...} of the configuration is an env var fed from a Secret, and every such env var is used
    Set<String> placeholders = placeholders(rendered.applicationYaml());
    assertThat(placeholders).isNotEmpty();
    for (String variable : placeholders) {
      assertThat(env).as("env of the Deployment").containsKey(variable);
      assertThat(env.get(variable).getValueFrom().getSecretKeyRef()).as(variable).isNotNull();
    }
    assertThat(env.values().stream().filter(e -> e.getValueFrom() != null).map(EnvVar::getName)).containsExactlyInAnyOrderElementsOf(placeholders);
    // binds strictly (NoUnboundElementsBindHandler + the classes' constraints) and passes the startup checks
    RenderedConfig config = RenderedConfig.bind(rendered.applicationYaml(), env.keySet());
    assertThat(config.registry().names()).isNotEmpty();
  }

  /**
   * Every property of the application's properties classes (walked by reflection, so a property added
   * later without a chart value fails here) is rendered by at least one values file.
   */
  @Test
  void everyPropertyOfTheApplicationHasAValue() {
    Set<String> expected = new TreeSet<>();
    properties("backup-orchestrator", OrchestratorProperties.class, expected);
    properties(SecurityProperties.PREFIX, SecurityProperties.class, expected);
    properties("backup-orchestrator.lock", LockProperties.class, expected);
    properties("backup-orchestrator.exporting-resume", ExportingResumeProperties.class, expected);
    properties("backup-orchestrator.notifications", io.camunda.community.backup.config.NotificationProperties.class, expected);
    expected.add("backup-orchestrator.allow-backup-ids-beyond-now"); // @Value in BackupIdAllocator
    expected.add(io.camunda.community.backup.metrics.CatalogReadAtStart.PROPERTY); // @Value in CatalogReadAtStart

    Set<String> rendered = new TreeSet<>();
    List<String> renders = new ArrayList<>();
    for (String values : List.of("es-os.yaml", "rdbms.yaml", "kubernetes-restore.yaml", "security-api-keys.yaml", "monitoring.yaml",
        "all-settings.yaml")) {
      renders.add(ChartRender.template(List.of(values), Map.of()));
    }
    renders.add(ChartRender.template(List.of(), Map.of("security.mode", "none")));
    for (String render : renders) {
      String yaml = new Rendered(ChartRender.parse(render)).applicationYaml();
      for (PropertySource<?> source : loadYaml(yaml)) {
        for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
          rendered.add(name.replaceAll("\\[\\d+]", "[*]"));
        }
      }
    }
    List<String> missing = expected.stream()
        .filter(property -> rendered.stream().noneMatch(key -> key.equals(property) || key.startsWith(property + ".")
            || key.startsWith(property + "[")))
        .toList();
    assertThat(missing).as("properties no values file renders").isEmpty();
  }

  /** The kebab-case property paths of a properties record, nested records and lists of records expanded. */
  private static void properties(String prefix, Class<?> type, Set<String> paths) {
    for (RecordComponent component : type.getRecordComponents()) {
      String path = prefix + "." + component.getName().replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
      Class<?> raw = component.getType();
      if (raw.isRecord() && raw.getName().startsWith("io.camunda.community")) {
        properties(path, raw, paths);
      } else if (Collection.class.isAssignableFrom(raw) && component.getGenericType() instanceof ParameterizedType generic
          && generic.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
        properties(path + "[*]", element, paths);
      } else {
        paths.add(path);
      }
    }
  }

  private static List<PropertySource<?>> loadYaml(String yaml) {
    try {
      return new YamlPropertySourceLoader().load("application.yaml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void defaultsRenderOneElasticsearchClusterWithOidcAndNothingOptional() {
    Rendered rendered = ChartRender.render();

    assertThat(rendered.names()).containsExactlyInAnyOrder("NetworkPolicy/" + FULLNAME, "ServiceAccount/" + FULLNAME,
        "ConfigMap/" + FULLNAME, "Service/" + FULLNAME, "Deployment/" + FULLNAME);
    Deployment deployment = rendered.one(Deployment.class, FULLNAME);
    assertThat(deployment.getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isFalse();
    assertThat(deployment.getSpec().getStrategy()).isNull();
    assertThat(mounts(deployment)).containsOnlyKeys("config", "tmp");
  }

  @Test
  void elasticsearchAndOpenSearchClustersRenderEverySettingUnderTheApplicationsNames() throws IOException {
    Rendered rendered = ChartRender.render("es-os.yaml");
    Map<String, EnvVar> env = env(rendered);
    RenderedConfig config = RenderedConfig.bind(rendered.applicationYaml(), env.keySet());

    ClusterProperties prod = config.registry().get("prod");
    assertThat(prod.secondaryStorage().type()).isEqualTo(SecondaryStorageType.ELASTICSEARCH);
    assertThat(prod.secondaryStorage().password()).isEqualTo("value-of-PROD_SECONDARY_STORAGE_PASSWORD");
    assertThat(prod.maxExportingPause()).isEqualTo(Duration.ofMinutes(20));
    assertThat(prod.maxBackupAge()).isEqualTo(Duration.ofHours(12));
    assertThat(prod.minBackupInterval()).isEqualTo(Duration.ofMinutes(15));
    assertThat(prod.brokerManagementUrls()).hasSize(2);
    assertThat(prod.retention()).isEqualTo(new ClusterProperties.RetentionProperties(true, 7, 0, Duration.ofDays(30), 5, 7, 2));
    assertThat(prod.restore().fourEyes()).isTrue();
    assertThat(prod.restore().camundaVersion()).isEqualTo("8.8.3");
    assertThat(prod.restore().partitionCount()).isEqualTo(3);
    assertThat(prod.restore().approvers().groups()).containsExactly("restore-approvers");
    assertThat(prod.restore().mode()).isEqualTo(RestoreMode.MANUAL);
    ClusterProperties staging = config.registry().get("staging-os");
    assertThat(staging.secondaryStorage().type()).isEqualTo(SecondaryStorageType.OPENSEARCH);
    assertThat(staging.secondaryStorage().apiKey()).isEqualTo("value-of-STAGING_OS_SECONDARY_STORAGE_API_KEY");
    assertThat(staging.scheduled()).isFalse();
    // 8.7's layout: Operate and Tasklist standalone, Zeebe's backups at the gateway's /actuator/backups
    assertThat(staging.standalone().operateManagementUrl()).hasToString("http://camunda-operate.staging:9600");
    assertThat(staging.standalone().tasklistManagementUrl()).hasToString("http://camunda-tasklist.staging:9600");
    assertThat(staging.zeebeBackupPath()).isEqualTo("/actuator/backups");
    assertThat(prod.zeebeBackupPath()).isEqualTo("/actuator/backupRuntime");
    assertThat(staging.retention().enabled()).isFalse();
    assertThat(config.orchestrator().housekeeping().cron()).isEqualTo("0 30 * * * *");
    assertThat(config.orchestrator().jobRetryBackoff()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.exportingResume().alarmAfter()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.exportingResume().maxBackoff()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.lock().holderCheckInterval()).isEqualTo(Duration.ofSeconds(30));

    // notifications: exactly the shape the notifications branch reads, the Slack/Teams URLs from Secrets
    assertThat(config.notificationKeys()).containsExactlyInAnyOrder(
        "backup-orchestrator.notifications.webhooks[0].name", "backup-orchestrator.notifications.webhooks[0].url",
        "backup-orchestrator.notifications.webhooks[0].format", "backup-orchestrator.notifications.webhooks[0].events[0]",
        "backup-orchestrator.notifications.webhooks[0].events[1]", "backup-orchestrator.notifications.webhooks[1].name",
        "backup-orchestrator.notifications.webhooks[1].url", "backup-orchestrator.notifications.webhooks[1].format",
        "backup-orchestrator.clusters[0].notifications.webhooks[0].name", "backup-orchestrator.clusters[0].notifications.webhooks[0].url",
        "backup-orchestrator.clusters[0].notifications.webhooks[0].format");
    assertThat(config.get("backup-orchestrator.notifications.webhooks[0].url")).isEqualTo("${NOTIFICATIONS_WEBHOOK_OPS_SLACK_URL}");
    assertThat(config.get("backup-orchestrator.notifications.webhooks[0].format")).isEqualTo("slack");
    assertThat(config.get("backup-orchestrator.notifications.webhooks[0].events[1]")).isEqualTo("backup-stale");
    assertThat(config.get("backup-orchestrator.notifications.webhooks[1].url")).isEqualTo("https://audit.example.com/hooks/backup");
    assertThat(config.get("backup-orchestrator.clusters[0].notifications.webhooks[0].url")).isEqualTo("${PROD_WEBHOOK_PROD_TEAMS_URL}");
    assertThat(env.get("NOTIFICATIONS_WEBHOOK_OPS_SLACK_URL").getValueFrom().getSecretKeyRef())
        .extracting("name", "key").containsExactly("cbo-notify", "slack-url");
    assertThat(env.get("PROD_WEBHOOK_PROD_TEAMS_URL").getValueFrom().getSecretKeyRef())
        .extracting("name", "key").containsExactly("cbo-notify", "prod-teams-url");

    // no database: no dumps volume, no PVC, rolling updates
    assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
    assertThat(mounts(rendered.one(Deployment.class, FULLNAME))).containsOnlyKeys("config", "tmp");
  }

  @Test
  void rdbmsClustersGetTheDumpsVolumeAndTheirDatabaseSettings() throws IOException {
    Rendered rendered = ChartRender.render("rdbms.yaml");
    Map<String, EnvVar> env = env(rendered);
    RenderedConfig config = RenderedConfig.bind(rendered.applicationYaml(), env.keySet());

    PersistentVolumeClaim pvc = rendered.one(PersistentVolumeClaim.class, FULLNAME + "-dumps");
    assertThat(pvc.getSpec().getResources().getRequests().get("storage").toString()).isEqualTo("200Gi");
    assertThat(pvc.getSpec().getStorageClassName()).isEqualTo("fast-ssd");
    assertThat(pvc.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
    assertThat(pvc.getMetadata().getAnnotations()).containsEntry("helm.sh/resource-policy", "keep");
    Deployment deployment = rendered.one(Deployment.class, FULLNAME);
    assertThat(mounts(deployment).get("dumps").getMountPath()).isEqualTo("/var/backups/camunda");
    assertThat(volumes(deployment).get("dumps").getPersistentVolumeClaim().getClaimName()).isEqualTo(FULLNAME + "-dumps");
    assertThat(deployment.getSpec().getStrategy().getType()).isEqualTo("Recreate");

    var pg = config.registry().get("pg").secondaryStorage();
    assertThat(pg.type()).isEqualTo(SecondaryStorageType.RDBMS);
    assertThat(pg.url()).isNull();
    assertThat(pg.database().vendor()).isEqualTo(DatabaseVendor.POSTGRESQL);
    assertThat(pg.database().password()).isEqualTo("value-of-PG_DB_PASSWORD");
    assertThat(pg.database().dumpDirectory()).isEqualTo(Path.of("/var/backups/camunda"));
    assertThat(pg.database().toolTimeout()).isEqualTo(Duration.ofHours(1));
    var maria = config.registry().get("maria").secondaryStorage().database();
    assertThat(maria.vendor()).isEqualTo(DatabaseVendor.MARIADB);
    assertThat(maria.effectivePort()).isEqualTo(3307);
    assertThat(maria.dumpDirectory()).isEqualTo(Path.of("/var/backups/camunda/maria-dumps"));
    var ora = config.registry().get("ora").secondaryStorage().database();
    assertThat(ora.vendor()).isEqualTo(DatabaseVendor.COMMAND);
    assertThat(ora.command().dump()).containsExactly("/opt/backup/rman-backup.sh", "{backupId}", "{file}");
    assertThat(ora.command().environment()).containsEntry("ORACLE_SID", "CAMUNDA")
        .containsEntry("ORACLE_PASSWORD", "value-of-ORA_DB_ENV_ORACLE_PASSWORD");
    assertThat(env.get("PG_DB_PASSWORD").getValueFrom().getSecretKeyRef()).extracting("name", "key")
        .containsExactly("cbo-secrets", "pg-db-password");
    assertThat(env.get("ORA_DB_ENV_ORACLE_PASSWORD").getValueFrom().getSecretKeyRef()).extracting("name", "key")
        .containsExactly("cbo-secrets", "ora-password");
    // additional databases of the Elasticsearch cluster: on the dumps volume, passwords from their Secrets
    var prod = config.registry().get("prod");
    assertThat(prod.additionalDatabaseParts()).containsExactly("web-modeler", "identity");
    var webModeler = prod.additionalDatabase("web-modeler").orElseThrow().database();
    assertThat(webModeler.vendor()).isEqualTo(DatabaseVendor.POSTGRESQL);
    assertThat(webModeler.password()).isEqualTo("value-of-PROD_WEB_MODELER_DB_PASSWORD");
    assertThat(webModeler.dumpDirectory()).isEqualTo(Path.of("/var/backups/camunda"));
    var identity = prod.additionalDatabase("identity").orElseThrow().database();
    assertThat(identity.vendor()).isEqualTo(DatabaseVendor.MARIADB);
    assertThat(identity.dumpDirectory()).isEqualTo(Path.of("/var/backups/camunda/identity"));
    assertThat(identity.toolTimeout()).isEqualTo(Duration.ofMinutes(30));
    assertThat(env.get("PROD_IDENTITY_DB_PASSWORD").getValueFrom().getSecretKeyRef()).extracting("name", "key")
        .containsExactly("cbo-secrets", "prod-identity-db-password");
    // an RDBMS cluster never gets the search-engine settings
    assertThat(config.flat().keySet()).noneMatch(key -> key.startsWith("backup-orchestrator.clusters[1].secondary-storage.url")
        || key.startsWith("backup-orchestrator.clusters[1].secondary-storage.snapshot-repository"));
  }

  @Test
  void anExistingClaimIsMountedInsteadOfANewOne() {
    Rendered rendered = new Rendered(ChartRender.parse(ChartRender.template(List.of("rdbms.yaml"),
        Map.of("dumps.persistence.existingClaim", "my-dumps", "dumps.persistence.accessModes[0]", "ReadWriteMany", "replicaCount", 2))));

    assertThat(rendered.all(PersistentVolumeClaim.class)).isEmpty();
    Deployment deployment = rendered.one(Deployment.class, FULLNAME);
    assertThat(volumes(deployment).get("dumps").getPersistentVolumeClaim().getClaimName()).isEqualTo("my-dumps");
    assertThat(deployment.getSpec().getStrategy()).isNull();
    assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
  }

  @Test
  void kubernetesRestoreGetsARoleInEachTargetNamespaceWithExactlyTheVerbsTheRestoreUses() throws IOException {
    Rendered rendered = ChartRender.render("kubernetes-restore.yaml");

    List<Role> roles = rendered.all(Role.class);
    assertThat(roles).extracting(r -> r.getMetadata().getNamespace()).containsExactlyInAnyOrder("camunda", "camunda-eu", "camunda-next");
    for (Role role : roles) {
      assertThat(role.getMetadata().getName()).isEqualTo(FULLNAME + "-restore");
      assertThat(role.getRules()).extracting(r -> r.getApiGroups(), r -> r.getResources(), PolicyRule::getVerbs).containsExactlyInAnyOrder(
          tuple(List.of("apps"), List.of("statefulsets", "deployments"), List.of("get", "patch")),
          tuple(List.of("apps"), List.of("statefulsets/scale", "deployments/scale"), List.of("get", "update", "patch")),
          tuple(List.of(""), List.of("pods"), List.of("list")),
          tuple(List.of(""), List.of("pods/log"), List.of("get")),
          tuple(List.of("batch"), List.of("jobs"), List.of("create", "get", "delete")));
    }
    List<RoleBinding> bindings = rendered.all(RoleBinding.class);
    assertThat(bindings).hasSize(3).allSatisfy(binding -> {
      assertThat(binding.getRoleRef().getName()).isEqualTo(FULLNAME + "-restore");
      assertThat(binding.getSubjects()).singleElement().satisfies(subject -> {
        assertThat(subject.getKind()).isEqualTo("ServiceAccount");
        assertThat(subject.getName()).isEqualTo(FULLNAME);
        assertThat(subject.getNamespace()).isEqualTo(NAMESPACE);
      });
    });
    assertThat(rendered.one(ServiceAccount.class, FULLNAME).getAutomountServiceAccountToken()).isTrue();
    assertThat(rendered.one(Deployment.class, FULLNAME).getSpec().getTemplate().getSpec().getAutomountServiceAccountToken()).isTrue();

    RenderedConfig config = RenderedConfig.bind(rendered.applicationYaml(), env(rendered).keySet());
    var prod = config.registry().get("prod").restore();
    assertThat(prod.mode()).isEqualTo(RestoreMode.KUBERNETES);
    assertThat(prod.componentsTimeout()).isEqualTo(Duration.ofMinutes(15));
    assertThat(prod.kubernetes().deployments()).containsExactly("camunda-optimize");
    assertThat(prod.kubernetes().backupStoreSecret()).isEqualTo("camunda-backup-store");
    assertThat(prod.restoreImage()).isEqualTo("camunda/camunda:8.8.3");
    var eu = config.registry().get("eu").restore();
    assertThat(eu.kubernetes().namespace()).isEqualTo("camunda-eu");
    assertThat(eu.kubernetes().statefulSet()).isEqualTo("eu-zeebe");
    assertThat(eu.partitionCount()).isEqualTo(6);
    assertThat(eu.restoreImage()).isEqualTo("registry.example.com/camunda/camunda:8.8.3");
    assertThat(config.registry().get("lab").restore().mode()).isEqualTo(RestoreMode.MANUAL);

    // no kubernetes-mode cluster (or restoreRbac.create false): no Role, no token
    Rendered manual = new Rendered(ChartRender.parse(ChartRender.template(List.of("kubernetes-restore.yaml"),
        Map.of("restoreRbac.create", false, "restoreRbac.namespaces", "null"))));
    assertThat(manual.all(Role.class)).isEmpty();
    assertThat(manual.one(ServiceAccount.class, FULLNAME).getAutomountServiceAccountToken()).isFalse();
  }

  @Test
  void apiKeysReachTheConfigurationAsHashPlaceholdersAndTheActuatorMovesToItsPort() throws IOException {
    Rendered rendered = ChartRender.render("security-api-keys.yaml");
    Map<String, EnvVar> env = env(rendered);
    RenderedConfig config = RenderedConfig.bind(rendered.applicationYaml(), env.keySet());

    assertThat(config.security().apiKeyHeader()).isEqualTo("X-Backup-Key");
    assertThat(config.security().oidc().enabled()).isFalse();
    assertThat(config.security().apiKeys()).extracting(k -> k.name(), k -> k.hash(), k -> k.permissions(), k -> k.clusters())
        .containsExactly(tuple("ci", "value-of-API_KEY_CI_HASH", Set.of(Permission.BACKUP), Set.of("prod")),
            tuple("grafana-reader", "value-of-API_KEY_GRAFANA_READER_HASH", Set.of(Permission.READ), Set.of()));
    assertThat(env.get("API_KEY_GRAFANA_READER_HASH").getValueFrom().getSecretKeyRef()).extracting("name", "key")
        .containsExactly("cbo-api-keys", "grafana-reader");
    assertThat(config.get("management.server.port")).isEqualTo(9090);

    Container container = container(rendered.one(Deployment.class, FULLNAME));
    assertThat(container.getPorts()).extracting(p -> p.getName(), p -> p.getContainerPort())
        .containsExactly(tuple("http", 8080), tuple("management", 9090));
    for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("management");
    }
    NetworkPolicy policy = rendered.one(NetworkPolicy.class, FULLNAME);
    assertThat(ingress(policy)).containsExactly(
        Map.entry("http", List.of("ci")), Map.entry("management", List.of("monitoring")));
  }

  @Test
  void probesUseTheApiPortByDefaultAndTheNetworkPolicyAdmitsOnlyConfiguredNamespaces() {
    Rendered rendered = ChartRender.render();
    Container container = container(rendered.one(Deployment.class, FULLNAME));

    assertThat(container.getStartupProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/liveness");
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/actuator/health/readiness");
    for (Probe probe : List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
      assertThat(probe.getHttpGet().getPort().getStrVal()).isEqualTo("http");
    }
    NetworkPolicy policy = rendered.one(NetworkPolicy.class, FULLNAME);
    assertThat(policy.getSpec().getPodSelector().getMatchLabels())
        .isEqualTo(rendered.one(Deployment.class, FULLNAME).getSpec().getSelector().getMatchLabels());
    assertThat(policy.getSpec().getPolicyTypes()).containsExactly("Ingress");
    assertThat(policy.getSpec().getIngress()).isEmpty();
    // without a management port, the monitoring namespaces reach the actuator on the API port
    Rendered monitoring = ChartRender.render("monitoring.yaml");
    assertThat(ingress(monitoring.one(NetworkPolicy.class, FULLNAME))).containsExactly(Map.entry("http", List.of("monitoring")));
  }

  @Test
  void aMisspeltSettingFailsTheStrictBind() throws IOException {
    Rendered rendered = new Rendered(ChartRender.parse(ChartRender.template(List.of("es-os.yaml"),
        Map.of("backupOrchestrator.clusters[0].retention.keepCompletee", 3))));
    Map<String, EnvVar> env = env(rendered);

    assertThat(rendered.applicationYaml()).contains("keep-completee: 3");
    assertThatThrownBy(() -> RenderedConfig.bind(rendered.applicationYaml(), env.keySet()))
        .hasStackTraceContaining("backup-orchestrator.clusters[0].retention.keep-completee");
  }

  @Test
  void invalidValuesAreRefusedWithTheValueToFix() {
    Map<Map<String, Object>, String> cases = new LinkedHashMap<>();
    cases.put(Map.of("backupOrchestrator.clusters[0].secondaryStorage.type", "cassandra"), "must be elasticsearch, opensearch or rdbms");
    cases.put(Map.of("backupOrchestrator.clusters[1].secondaryStorage.database.passwordSecret", "null"),
        "clusters[1].secondaryStorage.database.passwordSecret {name, key} is required with vendor postgresql");
    cases.put(Map.of("backupOrchestrator.clusters[1].optimizeUrl", "http://optimize:8092"), "clusters[1].optimizeUrl: Optimize keeps its data");
    cases.put(Map.of("backupOrchestrator.clusters[1].secondaryStorage.url", "https://es:9200"), "clusters[1].secondaryStorage.url is for Elasticsearch/OpenSearch");
    cases.put(Map.of("backupOrchestrator.clusters[1].secondaryStorage.database.dumpDirectory", "dumps"), "dumpDirectory must be an absolute path");
    cases.put(Map.of("replicaCount", 2), "set dumps.persistence.accessModes to [ReadWriteMany]");
    cases.put(Map.of("backupOrchestrator.clusters[0].restore.mode", "auto"), "restore.mode must be manual or kubernetes");
    cases.put(Map.of("backupOrchestrator.clusters[0].maxBackupAge", "one day"), "clusters[0].maxBackupAge: \"one day\" is not a duration");
    cases.put(Map.of("backupOrchestrator.notifications.webhooks[0].name", "slack",
        "backupOrchestrator.notifications.webhooks[0].format", "slack"), "webhooks[0]: set either url or urlSecret");
    cases.put(Map.of("backupOrchestrator.notifications.webhooks[0].name", "slack",
        "backupOrchestrator.notifications.webhooks[0].url", "https://hooks.example.com/x",
        "backupOrchestrator.notifications.webhooks[0].format", "discord"), "format must be json, slack or teams");
    cases.put(Map.of("backupOrchestrator.notifications.webhooks[0].name", "slack",
        "backupOrchestrator.notifications.webhooks[0].url", "https://hooks.example.com/x",
        "backupOrchestrator.notifications.webhooks[0].events[0]", "backup-done"), "\"backup-done\" is not one of");
    cases.put(Map.of("monitoring.serviceMonitor.enabled", true), "monitoring.serviceMonitor: /actuator/prometheus needs the read permission");
    cases.put(Map.of("backupOrchestrator.clusters[0].additionalDatabases[1].part", "web-modeler"),
        "backupOrchestrator.clusters[0].additionalDatabases[1].part \"web-modeler\" is used twice");
    cases.put(Map.of("backupOrchestrator.clusters[0].additionalDatabases[0].database.host", ""),
        "backupOrchestrator.clusters[0].additionalDatabases[0].database.host is required with vendor postgresql");
    cases.forEach((set, message) -> assertThatThrownBy(() -> ChartRender.template(List.of("rdbms.yaml"), set))
        .as("%s", set).hasMessageContaining(message));
    assertThatThrownBy(() -> ChartRender.template(List.of("security-api-keys.yaml"), Map.of("monitoring.serviceMonitor.enabled", true)))
        .hasMessageContaining("a ServiceMonitor cannot send custom headers");
  }

  // --- helpers ----------------------------------------------------------------------------------

  static Container container(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
  }

  static Map<String, EnvVar> env(Rendered rendered) {
    return container(rendered.one(Deployment.class, FULLNAME)).getEnv().stream()
        .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> a, LinkedHashMap::new));
  }

  private static Map<String, VolumeMount> mounts(Deployment deployment) {
    return container(deployment).getVolumeMounts().stream().collect(Collectors.toMap(VolumeMount::getName, m -> m));
  }

  private static Map<String, Volume> volumes(Deployment deployment) {
    return deployment.getSpec().getTemplate().getSpec().getVolumes().stream().collect(Collectors.toMap(Volume::getName, v -> v));
  }

  /** Each ingress rule as port name -> namespaces admitted. */
  private static List<Map.Entry<String, List<String>>> ingress(NetworkPolicy policy) {
    return policy.getSpec().getIngress().stream().map((NetworkPolicyIngressRule rule) -> Map.entry(
        rule.getPorts().get(0).getPort().getStrVal(),
        rule.getFrom().stream().map(peer -> peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name")).toList()))
        .toList();
  }

  static Set<String> placeholders(String text) {
    Set<String> found = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }
}
