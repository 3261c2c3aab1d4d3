package io.camunda.community.backup.config;

import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * One webhook notifications are posted to ({@code backup-orchestrator.notifications.webhooks[i]} or
 * {@code backup-orchestrator.clusters[i].notifications.webhooks[j]}). Every field is bound as text
 * and checked at startup by {@code io.camunda.community.backup.notify.Webhooks}, which names the
 * property of a mistake: a malformed URL bound to {@link java.net.URI} would make Spring print the
 * value, and the URL of a webhook is a secret (Slack and Teams put the token in the path).
 *
 * @param name how logs name the webhook (its URL never appears there)
 * @param url where the notification is posted; treat it as a secret: a placeholder for an
 *     environment variable ({@code url: ${OPS_SLACK_WEBHOOK_URL}})
 * @param format {@code json} (default), {@code slack} or {@code teams}
 * @param events the events sent there; empty: all
 */
public record WebhookProperties(String name, String url, String format, List<String> events) {

  @ConstructorBinding
  public WebhookProperties {
    events = events == null ? List.of() : List.copyOf(events);
  }

  /** The webhook without its URL, for {@code toString()} in logs and failure messages. */
  @Override
  public String toString() {
    return "WebhookProperties[name=" + name + ", url=" + (url == null ? null : SecretRedaction.MASK) + ", format=" + format + ", events="
        + events + "]";
  }
}
