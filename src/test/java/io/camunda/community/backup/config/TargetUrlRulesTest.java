package io.camunda.community.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Startup refuses target URLs that carry credentials, and credentials over plain http:// to
 * another host unless the cluster allows it; the error names the property and the fix, and never
 * repeats the password.
 */
class TargetUrlRulesTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties(OrchestratorProperties.class)
  @Import(ClusterRegistry.class)
  static class Config {}

  private static final String C0 = "backup-orchestrator.clusters[0].";
  private static final String PASSWORD = "pw-only-in-the-url-7d1e";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class);

  private static String[] cluster(String... extra) {
    List<String> properties = new ArrayList<>(List.of(
        C0 + "name=prod",
        C0 + "management-url=http://prod-zeebe-gateway:9600",
        C0 + "secondary-storage.type=elasticsearch",
        C0 + "secondary-storage.url=http://prod-elasticsearch:9200"));
    for (String override : extra) {
      String key = override.substring(0, override.indexOf('='));
      properties.removeIf(p -> p.startsWith(key + "="));
      properties.add(override);
    }
    return properties.toArray(String[]::new);
  }

  private static String failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    StringBuilder text = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"management-url", "optimize-url", "broker-management-urls[0]", "secondary-storage.url"})
  void aUrlWithCredentialsFailsStartupNamingThePropertyWithoutRepeatingThePassword(String property) {
    runner.withPropertyValues(cluster(C0 + property + "=http://elastic:" + PASSWORD + "@camunda-host:9200"))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0]." + property + ": 'http://****@camunda-host:9200' embeds credentials")
            .contains("remove them from the URL")
            .doesNotContain(PASSWORD));
  }

  @Test
  void credentialsInAStorageUrlPointToTheCredentialProperties() {
    runner.withPropertyValues(cluster(C0 + "secondary-storage.url=https://elastic:" + PASSWORD + "@es.example.com:9243"))
        .run(context -> assertThat(failure(context))
            .contains("set backup-orchestrator.clusters[0].secondary-storage.username and .password (or .api-key) instead")
            .doesNotContain(PASSWORD));
  }

  @Test
  void aUrlWithCredentialsButNoSchemeDoesNotRepeatThePasswordEither() {
    runner.withPropertyValues(cluster(C0 + "secondary-storage.url=elastic:" + PASSWORD + "@es:9200"))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].secondary-storage.url: '****@es:9200'")
            .doesNotContain(PASSWORD));
  }

  @Test
  void basicAuthOverPlainHttpToAnotherHostFailsStartupWithTheFix() {
    runner.withPropertyValues(cluster(C0 + "secondary-storage.username=backup", C0 + "secondary-storage.password=" + PASSWORD))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].secondary-storage.url: 'http://prod-elasticsearch:9200' is plain http://"
                + " to another host, and basic-auth credentials (username/password) would travel unencrypted")
            .contains("use an https:// URL")
            .contains("set backup-orchestrator.clusters[0].allow-insecure-http: true")
            .doesNotContain(PASSWORD));
  }

  @Test
  void anApiKeyOverPlainHttpToAnotherHostFailsStartup() {
    runner.withPropertyValues(cluster(C0 + "secondary-storage.api-key=" + PASSWORD))
        .run(context -> assertThat(failure(context))
            .contains("backup-orchestrator.clusters[0].secondary-storage.url")
            .contains("an API key (api-key) would travel unencrypted")
            .contains("allow-insecure-http: true"));
  }

  @Test
  void allowInsecureHttpAcceptsCredentialsOverPlainHttp() {
    runner.withPropertyValues(cluster(C0 + "secondary-storage.username=backup", C0 + "secondary-storage.password=" + PASSWORD,
            C0 + "allow-insecure-http=true"))
        .run(context -> {
          assertThat(context).hasNotFailed();
          assertThat(context.getBean(ClusterRegistry.class).get("prod").allowInsecureHttp()).isTrue();
        });
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://localhost:9200", "http://127.0.0.1:9200", "http://127.1.2.3:9200", "http://[::1]:9200",
      "https://es.example.com:9243"})
  void credentialsToThisMachineOrOverHttpsAreFine(String url) {
    runner.withPropertyValues(cluster(C0 + "secondary-storage.url=" + url, C0 + "secondary-storage.username=backup",
            C0 + "secondary-storage.password=" + PASSWORD))
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void plainHttpWithoutCredentialsIsFine() {
    runner.withPropertyValues(cluster()).run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ClusterRegistry.class).get("prod").allowInsecureHttp()).isFalse();
    });
  }

  @Test
  void aNameThatOnlyResolvesToLoopbackIsNotTakenForLoopback() {
    assertThat(TargetUrlRules.isLoopback("localhost")).isTrue();
    assertThat(TargetUrlRules.isLoopback("LOCALHOST")).isTrue();
    assertThat(TargetUrlRules.isLoopback("127.0.0.1")).isTrue();
    assertThat(TargetUrlRules.isLoopback("[::1]")).isTrue();
    assertThat(TargetUrlRules.isLoopback("localhost.example.com")).isFalse();
    assertThat(TargetUrlRules.isLoopback("127.0.0.1.nip.io")).isFalse();
    assertThat(TargetUrlRules.isLoopback("10.0.0.1")).isFalse();
    assertThat(TargetUrlRules.isLoopback(null)).isFalse();
  }
}
