package io.camunda.community.backup.notify;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.NotificationProperties;
import io.camunda.community.backup.config.OrchestratorProperties;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.validation.ValidationAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * {@code backup-orchestrator.notifications.*} and {@code clusters[i].notifications.*} bound as the
 * application does: the documented defaults, routing by cluster and event, and a bad webhook
 * failing startup with the property named and the URL's secret part never repeated.
 */
class NotificationConfigTest {

  @Configuration(proxyBeanMethods = false)
  @EnableConfigurationProperties({OrchestratorProperties.class, NotificationProperties.class})
  @Import({ClusterRegistry.class, Webhooks.class})
  static class Config {}

  private static final String TOKEN = "xoxb-S3CRET-91d2";
  private static final String G = "backup-orchestrator.notifications.webhooks";
  private static final String C0 = "backup-orchestrator.clusters[0].notifications.webhooks";

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
      .withUserConfiguration(Config.class)
      .withPropertyValues(cluster(0, "prod")).withPropertyValues(cluster(1, "test"));

  private static String[] cluster(int i, String name) {
    String p = "backup-orchestrator.clusters[" + i + "].";
    return new String[] {p + "name=" + name, p + "management-url=http://" + name + "-gateway:9600",
        p + "secondary-storage.type=elasticsearch", p + "secondary-storage.url=http://" + name + "-es:9200"};
  }

  @Test
  void defaultsAndRoutingByClusterAndEvent() {
    runner.withPropertyValues(
            G + "[0].name=everything", G + "[0].url=https://hooks.example.com/all/" + TOKEN,
            G + "[1].name=chat", G + "[1].url=https://hooks.slack.com/services/" + TOKEN, G + "[1].format=slack",
            G + "[1].events[0]=backup-failed", G + "[1].events[1]=restore-awaiting-approval",
            C0 + "[0].name=prod-teams", C0 + "[0].url=https://example.webhook.office.com/webhookb2/" + TOKEN, C0 + "[0].format=Teams",
            C0 + "[0].events=backup-stale,exporting-repaired")
        .run(context -> {
          assertThat(context).hasNotFailed();
          NotificationProperties settings = context.getBean(NotificationProperties.class);
          assertThat(settings.maxAttempts()).isEqualTo(3);
          assertThat(settings.backoff()).isEqualTo(Duration.ofSeconds(1));
          assertThat(settings.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
          assertThat(settings.timeout()).isEqualTo(Duration.ofSeconds(10));
          assertThat(settings.queueCapacity()).isEqualTo(200);

          Webhooks webhooks = context.getBean(Webhooks.class);
          assertThat(names(webhooks.targets(NotificationEvent.BACKUP_FAILED, "prod"))).containsExactly("everything", "chat");
          assertThat(names(webhooks.targets(NotificationEvent.BACKUP_STALE, "prod"))).containsExactly("everything", "prod-teams");
          assertThat(names(webhooks.targets(NotificationEvent.BACKUP_STALE, "test"))).containsExactly("everything");
          assertThat(names(webhooks.targets(NotificationEvent.RESTORE_FINISHED, "prod"))).containsExactly("everything");
          assertThat(webhooks.all()).extracting(Webhook::format).containsExactly(WebhookFormat.JSON, WebhookFormat.SLACK, WebhookFormat.TEAMS);
          assertThat(webhooks.all().toString()).doesNotContain(TOKEN);
        });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
    "not a URL           | " + G + "[0].url=https://hooks.example.com/a b/" + TOKEN + " | " + G + "[0].url: not a valid URL",
    "no scheme           | " + G + "[0].url=hooks.example.com/" + TOKEN + "         | " + G + "[0].url: must be an absolute http:// or https:// URL",
    "other scheme        | " + G + "[0].url=ftp://hooks.example.com/" + TOKEN + "   | " + G + "[0].url: must be an absolute http:// or https:// URL, not ftp:",
    "user info           | " + G + "[0].url=https://bot:" + TOKEN + "@hooks.example.com/x | " + G + "[0].url: 'https://****@hooks.example.com' embeds credentials (user:password@)",
    "unknown event       | " + G + "[0].events[1]=backup-faild                         | " + G + "[0].events[1]: 'backup-faild' is not an event; use backup-failed, backup-stale, exporting-repaired, restore-awaiting-approval, restore-finished, drill-finished",
    "unknown format      | " + G + "[0].format=discord                                 | " + G + "[0].format: 'discord' is not a format; use one of json, slack, teams",
    "per cluster URL     | " + C0 + "[0].url=mailto:ops@example.com                    | " + C0 + "[0].url: must be an absolute http:// or https:// URL, not mailto:",
    "per cluster event   | " + C0 + "[0].events[0]=restore-started                     | " + C0 + "[0].events[0]: 'restore-started' is not an event",
    "missing URL         | " + G + "[0].url=                                           | " + G + "[0].url: required",
    "missing name        | " + G + "[0].name=                                          | " + G + "[0].name: required",
  })
  void aBadWebhookFailsStartupNamingTheProperty(String what, String override, String expected) {
    List<String> properties = new ArrayList<>(List.of(G + "[0].name=ops", G + "[0].url=https://hooks.example.com/" + TOKEN,
        G + "[0].events[0]=backup-failed", C0 + "[0].name=prod-ops", C0 + "[0].url=https://hooks.example.com/prod/" + TOKEN));
    String key = override.substring(0, override.indexOf('='));
    properties.removeIf(p -> p.startsWith(key + "="));
    properties.add(override);
    runner.withPropertyValues(properties.toArray(String[]::new)).run(context -> {
      String failure = failure(context);
      assertThat(failure).contains("Invalid notification configuration").contains(expected.trim());
      assertThat(failure).as("the URL's secret part").doesNotContain(TOKEN);
    });
  }

  @Test
  void namesAreUniqueAndRetrySettingsChecked() {
    runner.withPropertyValues(
            G + "[0].name=ops", G + "[0].url=https://a.example.com/1", G + "[1].name=ops", G + "[1].url=https://b.example.com/2",
            C0 + "[0].name=ops", C0 + "[0].url=https://c.example.com/3",
            "backup-orchestrator.notifications.backoff=PT0S")
        .run(context -> assertThat(failure(context))
            .contains(G + "[1].name: 'ops' is used twice")
            .contains(C0 + "[0].name: 'ops' is also the name of a global webhook")
            .contains("backup-orchestrator.notifications.backoff: must be positive"));
  }

  @Test
  void attemptsOutOfRangeFailStartupNamingTheProperty() {
    runner.withPropertyValues("backup-orchestrator.notifications.max-attempts=0").run(context ->
        assertThat(failure(context)).contains("backup-orchestrator.notifications").contains("maxAttempts").contains("must be at least 1"));
  }

  private static List<String> names(List<Webhook> webhooks) {
    return webhooks.stream().map(Webhook::name).toList();
  }

  private static String failure(AssertableApplicationContext context) {
    assertThat(context).hasFailed();
    StringBuilder text = new StringBuilder();
    for (Throwable t = context.getStartupFailure(); t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }
}
