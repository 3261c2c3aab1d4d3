package io.camunda.community.backup.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.testsupport.TestApiKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableReactiveWebApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.server.SecurityWebFilterChain;

/**
 * {@code backup-orchestrator.security.*} at startup: the web application refuses to start without
 * authentication (unless {@code mode: none}, which warns), and every configuration mistake names
 * its property. The operator commands, which run without a web server, need none of it.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecurityConfigurationTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({OrchestratorProperties.class, SecurityProperties.class, WebEndpointProperties.class})
  @Import({ClusterRegistry.class, ApiSecurityConfiguration.class})
  static class Config {}

  private static final String S = "backup-orchestrator.security.";
  private static final List<String> CLUSTERS = List.of(
      "backup-orchestrator.clusters[0].name=prod",
      "backup-orchestrator.clusters[0].management-url=http://prod-zeebe-gateway:9600",
      "backup-orchestrator.clusters[0].secondary-storage.type=elasticsearch",
      "backup-orchestrator.clusters[0].secondary-storage.url=http://prod-elasticsearch:9200");

  private final ReactiveWebApplicationContextRunner web = new ReactiveWebApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, JacksonAutoConfiguration.class))
      .withUserConfiguration(Config.class);

  private static String[] with(String... properties) {
    List<String> all = new ArrayList<>(CLUSTERS);
    all.addAll(List.of(properties));
    return all.toArray(String[]::new);
  }

  private static String[] with(Map<String, String> properties, String... more) {
    List<String> all = new ArrayList<>(CLUSTERS);
    properties.forEach((k, v) -> all.add(k + "=" + v));
    all.addAll(List.of(more));
    return all.toArray(String[]::new);
  }

  private static String failure(AssertableReactiveWebApplicationContext context) {
    assertThat(context).hasFailed();
    StringBuilder text = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  @Test
  void withNothingConfiguredTheApplicationDoesNotStartAndNamesTheProperty() {
    web.withPropertyValues(with()).run(context -> assertThat(failure(context))
        .contains("backup-orchestrator.security: the HTTP API has no authentication configured")
        .contains(S + "oidc.issuer-uri").contains(S + "api-keys[0]").contains(S + "mode=none"));
  }

  @Test
  void modeNoneStartsAndWarnsAtEveryStart(CapturedOutput output) {
    web.withPropertyValues(with(S + "mode=none")).run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(SecurityWebFilterChain.class);
      assertThat(output.getOut()).contains("WARN").contains("backup-orchestrator.security.mode=none")
          .contains("WITHOUT authentication");
    });
  }

  @Test
  void anApiKeyOrOidcConfigurationStarts() {
    web.withPropertyValues(with(TestApiKey.properties())).run(context -> assertThat(context).hasNotFailed());
    web.withPropertyValues(with(S + "oidc.issuer-uri=https://keycloak.example/realms/camunda", S + "oidc.audiences=backup-orchestrator",
        S + "oidc.grants[0].authority=backup-admins", S + "oidc.grants[0].permissions=admin"))
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  void aHashThatIsNeitherSha256NorBcryptFailsWithoutEchoingTheValue() {
    web.withPropertyValues(with(S + "api-keys[0].name=ci", S + "api-keys[0].hash=my-plain-secret-key", S + "api-keys[0].permissions=read"))
        .run(context -> assertThat(failure(context))
            .contains(S + "api-keys[0].hash: must be the SHA-256 of the key as 64 hex digits")
            .doesNotContain("my-plain-secret-key"));
  }

  @Test
  void everyMistakeIsNamedAtOnce() {
    Map<String, String> key = TestApiKey.properties(0, "ci", "a-key", "read");
    web.withPropertyValues(with(key,
            S + "api-keys[0].clusters=prod,staging",
            S + "api-keys[1].name=ci", S + "api-keys[1].hash=" + TestApiKey.sha256Hex("another"),
            S + "oidc.jwk-set-uri=https://login.example/keys",
            S + "oidc.grants[0].authority=ops", S + "oidc.grants[0].clusters=qa"))
        .run(context -> assertThat(failure(context))
            .contains(S + "api-keys[0].clusters: unknown cluster 'staging'; the configured clusters are [prod]")
            .contains(S + "api-keys[1].name: 'ci' is used twice")
            .contains(S + "api-keys[1].permissions: list at least one of read, backup, admin")
            .contains(S + "oidc.audiences: required")
            .contains(S + "oidc.grants[0].permissions: list at least one")
            .contains(S + "oidc.grants[0].clusters: unknown cluster 'qa'"));
  }

  @Test
  void grantsWithoutAProviderAreAMistake() {
    web.withPropertyValues(with(TestApiKey.properties(), S + "oidc.grants[0].authority=ops", S + "oidc.grants[0].permissions=read"))
        .run(context -> assertThat(failure(context)).contains(S + "oidc.issuer-uri: required when " + S + "oidc.grants is set"));
  }

  @Test
  void anUnknownPermissionNamesTheProperty() {
    web.withPropertyValues(with(S + "api-keys[0].name=ci", S + "api-keys[0].hash=" + TestApiKey.sha256Hex("k"), S + "api-keys[0].permissions=write"))
        .run(context -> assertThat(failure(context)).contains(S + "api-keys[0].permissions"));
  }

  @Test
  void theOperatorCommandsRunWithoutAWebServerAndNeedNoSecurityConfiguration() {
    new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class, JacksonAutoConfiguration.class))
        .withUserConfiguration(Config.class)
        .withPropertyValues(with())
        .run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(SecurityWebFilterChain.class));
  }
}
