package io.camunda.community.backup.notify;

import io.camunda.community.backup.config.SecretRedaction;
import java.net.URI;
import java.util.Set;

/**
 * A checked webhook. Its {@link #url()} is a secret (chat webhooks carry their token in the path or
 * query): only {@link #shown()} (scheme, host and port) ever goes into a log line or a message.
 *
 * @param property where it is configured, e.g. {@code backup-orchestrator.notifications.webhooks[0]}
 */
public record Webhook(String name, URI url, WebhookFormat format, Set<NotificationEvent> events, String property) {

  public boolean wants(NotificationEvent event) {
    return events.isEmpty() || events.contains(event);
  }

  /** How logs name it: its name and origin, never its path, query or user info. */
  public String shown() {
    return "'" + name + "' (" + shown(url) + ")";
  }

  /** {@code scheme://host[:port]}, with {@code /****} when the URL has a path or query. */
  static String shown(URI url) {
    String origin = url.getScheme() + "://" + url.getHost() + (url.getPort() >= 0 ? ":" + url.getPort() : "");
    boolean more = (url.getRawPath() != null && !url.getRawPath().isEmpty() && !url.getRawPath().equals("/")) || url.getRawQuery() != null;
    return more ? origin + "/" + SecretRedaction.MASK : origin;
  }

  @Override
  public String toString() {
    return "Webhook[" + shown() + ", format=" + format.id() + ", events=" + events + "]";
  }
}
