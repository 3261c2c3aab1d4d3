package io.camunda.community.backup.notify;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The body a webhook gets: {@code json}, the whole notification; {@code slack} and {@code teams},
 * one {@code text} field, which Slack incoming webhooks and Teams incoming webhooks (connectors)
 * both accept.
 */
public enum WebhookFormat {
  JSON,
  SLACK,
  TEAMS;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Absent or blank: {@link #JSON}. */
  public static Optional<WebhookFormat> byId(String id) {
    if (id == null || id.isBlank()) {
      return Optional.of(JSON);
    }
    return Arrays.stream(values()).filter(f -> f.id().equals(id.trim().toLowerCase(Locale.ROOT))).findFirst();
  }

  public static String ids() {
    return String.join(", ", Arrays.stream(values()).map(WebhookFormat::id).toList());
  }

  /** The request body, serialised as JSON. */
  public Map<String, Object> body(Notification notification) {
    Map<String, Object> body = new LinkedHashMap<>();
    if (this == JSON) {
      body.put("event", notification.event().id());
      body.put("cluster", notification.cluster());
      body.put("summary", notification.summary());
      body.put("details", notification.details());
      body.put("occurredAt", notification.occurredAt().toString());
    } else {
      body.put("text", text(notification));
    }
    return body;
  }

  /** One message for people: heading with the cluster, the summary, then the details one per line. */
  static String text(Notification notification) {
    StringBuilder text = new StringBuilder()
        .append(notification.event().title()).append(" (cluster ").append(notification.cluster()).append(")\n")
        .append(notification.summary());
    notification.details().forEach((key, value) -> {
      if (!(value instanceof Map<?, ?>) && !(value instanceof Iterable<?>)) {
        text.append('\n').append(key).append(": ").append(value);
      }
    });
    return text.toString();
  }
}
