package io.camunda.community.backup.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.security.Permission;
import io.camunda.community.backup.security.SecurityProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.yaml.snakeyaml.Yaml;

/**
 * The plain manifests in deploy/kubernetes (rendered from the Helm chart's defaults) and the chart
 * itself, read as YAML without a cluster or helm: the NetworkPolicy is on and admits only the API
 * port, the security settings reach the application's configuration, every secret placeholder is
 * fed from a Secret, and the rendered configuration starts the application's cluster checks.
 */
class DeployManifestsTest {

  private static final Path KUBERNETES = Path.of("deploy/kubernetes");
  private static final Path CHART = Path.of("deploy/helm/camunda-backup-orchestrator");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)}");

  @Test
  void kustomizationAppliesEveryManifestIncludingTheNetworkPolicy() throws IOException {
    List<String> resources = list(yaml(KUBERNETES.resolve("kustomization.yaml")).get("resources"));

    assertThat(resources).contains("networkpolicy.yaml", "deployment.yaml", "configmap.yaml", "service.yaml");
    resources.forEach(file -> assertThat(KUBERNETES.resolve(file)).exists());
  }

  @Test
  void theNetworkPolicySelectsThePodsAndAdmitsNothingButTheApiPort() throws IOException {
    Map<String, Object> policy = yaml(KUBERNETES.resolve("networkpolicy.yaml"));
    Map<String, Object> deployment = yaml(KUBERNETES.resolve("deployment.yaml"));

    assertThat(policy.get("kind")).isEqualTo("NetworkPolicy");
    Map<String, Object> spec = map(policy.get("spec"));
    assertThat(map(spec.get("podSelector")).get("matchLabels")).isEqualTo(map(map(deployment.get("spec")).get("selector")).get("matchLabels"));
    assertThat(list(spec.get("policyTypes"))).containsExactly("Ingress");
    // default: no namespace configured, so no pod may call the API (the kubelet's probes still pass)
    assertThat(list(spec.get("ingress"))).isEmpty();
  }

  @Test
  void theChartTurnsTheNetworkPolicyOnByDefaultAndOpensOnlyTheApiPortToConfiguredNamespaces() throws IOException {
    Map<String, Object> values = yaml(CHART.resolve("values.yaml"));
    Map<String, Object> networkPolicy = map(values.get("networkPolicy"));
    String template = Files.readString(CHART.resolve("templates/networkpolicy.yaml"));

    assertThat(networkPolicy.get("enabled")).isEqualTo(true);
    assertThat(networkPolicy).containsKeys("apiNamespaces", "allowedFrom", "managementNamespaces");
    assertThat(template)
        .contains("range ($np.apiNamespaces | default list)")
        .contains("\"kubernetes.io/metadata.name\"")
        .contains("(dict \"port\" \"http\" \"protocol\" \"TCP\")")
        .contains("(dict \"port\" (ternary \"management\" \"http\" (not (not .Values.management.port))) \"protocol\" \"TCP\")");
  }

  @Test
  void theSecuritySettingsOfTheChartReachTheApplicationConfiguration() throws IOException {
    Map<String, Object> values = yaml(CHART.resolve("values.yaml"));
    Map<String, Object> security = map(values.get("security"));
    Map<String, Object> oidc = map(security.get("oidc"));
    Map<String, Object> rendered = map(applicationYaml().get("backup-orchestrator"));
    Map<String, Object> renderedSecurity = map(rendered.get("security"));
    Map<String, Object> renderedOidc = map(renderedSecurity.get("oidc"));

    assertThat(security.get("mode")).isEqualTo("oidc");
    assertThat(renderedSecurity).doesNotContainKey("mode"); // "none" only when asked for
    assertThat(renderedOidc.get("issuer-uri")).isEqualTo(oidc.get("issuerUri"));
    assertThat(renderedOidc.get("audiences")).isEqualTo(oidc.get("audiences"));
    assertThat(renderedOidc.get("authorities-claims")).isEqualTo(oidc.get("authoritiesClaims"));
    assertThat(renderedOidc.get("grants")).isEqualTo(oidc.get("grants"));
    // the chart's mapping of every security value to the application's property
    assertThat(Files.readString(CHART.resolve("templates/_helpers.tpl")))
        .contains("\"issuer-uri\" $sec.oidc.issuerUri", "\"jwk-set-uri\" $sec.oidc.jwkSetUri", "\"audiences\" $sec.oidc.audiences",
            "\"authorities-claims\" $sec.oidc.authoritiesClaims", "\"principal-claims\" $sec.oidc.principalClaims",
            "\"grants\" $sec.oidc.grants", "\"api-keys\" $keys", "\"api-key-header\" $sec.apiKeyHeader", "\"mode\" \"none\"",
            "\"hash\" (printf \"${%s}\" (include \"cbo.apiKeyHashEnv\" $k.name))", "\"allow-insecure-http\" true",
            "secretKeyRef:\n      name: {{ $k.hashSecret.name }}\n      key: {{ $k.hashSecret.key }}");
  }

  @Test
  void everySecretPlaceholderOfTheConfigurationComesFromASecret() throws IOException {
    String configuration = applicationYamlText();
    Map<String, Map<String, Object>> env = deploymentEnv();

    Set<String> placeholders = new LinkedHashSet<>();
    Matcher m = PLACEHOLDER.matcher(configuration);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    assertThat(placeholders).isNotEmpty();
    for (String variable : placeholders) {
      assertThat(env).as("env of the deployment").containsKey(variable);
      assertThat(map(env.get(variable).get("valueFrom"))).as(variable).containsKey("secretKeyRef");
    }
  }

  @Test
  void theRenderedConfigurationPassesTheApplicationsClusterChecks() throws IOException {
    StandardEnvironment environment = new StandardEnvironment();
    for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yaml",
        new ByteArrayResource(applicationYamlText().getBytes(StandardCharsets.UTF_8)))) {
      environment.getPropertySources().addLast(source);
    }
    Map<String, Object> secrets = new HashMap<>();
    deploymentEnv().keySet().forEach(variable -> secrets.put(variable, "value-of-" + variable));
    environment.getPropertySources().addFirst(new MapPropertySource("secrets", secrets));

    OrchestratorProperties properties = Binder.get(environment).bind("backup-orchestrator", OrchestratorProperties.class).get();
    ClusterRegistry registry = new ClusterRegistry(properties);

    assertThat(registry.names()).containsExactly("prod");
    assertThat(registry.get("prod").secondaryStorage().url().getScheme()).isEqualTo("https");
    assertThat(registry.get("prod").secondaryStorage().password()).isEqualTo("value-of-PROD_SECONDARY_STORAGE_PASSWORD");
    // the security settings bind under the application's own names
    SecurityProperties security = Binder.get(environment).bind(SecurityProperties.PREFIX, SecurityProperties.class).get();
    assertThat(security.mode()).isEqualTo(SecurityProperties.Mode.AUTHENTICATED);
    assertThat(security.oidc().enabled()).isTrue();
    assertThat(security.oidc().audiences()).containsExactly("backup-orchestrator");
    assertThat(security.oidc().authoritiesClaims()).containsExactly("realm_access.roles");
    assertThat(security.oidc().grants()).extracting(SecurityProperties.Grant::authority, SecurityProperties.Grant::permissions)
        .containsExactly(tuple("backup-readers", Set.of(Permission.READ)), tuple("backup-operators", Set.of(Permission.BACKUP)),
            tuple("backup-admins", Set.of(Permission.ADMIN)));
  }

  @Test
  void everyTemplateBlockIsClosed() throws IOException {
    Pattern opener = Pattern.compile("\\{\\{-?\\s*(if|range|with|define)\\b");
    Pattern closer = Pattern.compile("\\{\\{-?\\s*end\\s*-?}}");
    try (Stream<Path> files = Files.list(CHART.resolve("templates"))) {
      for (Path file : files.toList()) {
        String text = Files.readString(file);
        assertThat(count(closer, text)).as(file.toString()).isEqualTo(count(opener, text));
      }
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private static Map<String, Object> applicationYaml() throws IOException {
    return new Yaml().load(applicationYamlText());
  }

  private static String applicationYamlText() throws IOException {
    Map<String, Object> configMap = yaml(KUBERNETES.resolve("configmap.yaml"));
    return (String) map(configMap.get("data")).get("application.yaml");
  }

  /** The worker container's env entries by name. */
  private static Map<String, Map<String, Object>> deploymentEnv() throws IOException {
    Map<String, Object> template = map(map(yaml(KUBERNETES.resolve("deployment.yaml")).get("spec")).get("template"));
    Map<String, Object> container = map(list(map(template.get("spec")).get("containers")).get(0));
    Map<String, Map<String, Object>> env = new HashMap<>();
    for (Object entry : list(container.get("env"))) {
      env.put((String) map(entry).get("name"), map(entry));
    }
    return env;
  }

  private static int count(Pattern pattern, String text) {
    int n = 0;
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static Map<String, Object> yaml(Path file) throws IOException {
    return new Yaml().load(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object value) {
    assertThat(value).isInstanceOf(Map.class);
    return (Map<String, Object>) value;
  }

  @SuppressWarnings("unchecked")
  private static <T> List<T> list(Object value) {
    assertThat(value).isInstanceOf(List.class);
    return new ArrayList<>((List<T>) value);
  }
}
