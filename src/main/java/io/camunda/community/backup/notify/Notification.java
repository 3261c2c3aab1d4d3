package io.camunda.community.backup.notify;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One event to tell people about. It carries what an operator needs to act (cluster, backup ID,
 * outcome, reason) and never a secret: no URL, no credential; its texts are masked again against
 * the configured credentials before they are sent ({@link Notifier}).
 *
 * @param dedupeKey the same key is notified once per worker (a re-delivered job does not notify
 *     twice); null: always notified
 */
public record Notification(
    NotificationEvent event, String cluster, String summary, Map<String, Object> details, Instant occurredAt, String dedupeKey) {

  public Notification {
    Map<String, Object> present = new LinkedHashMap<>();
    if (details != null) {
      details.forEach((key, value) -> {
        if (value != null) {
          present.put(key, value);
        }
      });
    }
    details = Collections.unmodifiableMap(present);
  }

  /** Notified once per process instance: the key is the event and the instance (a re-delivered job sends nothing). */
  public static Notification ofInstance(NotificationEvent event, long processInstanceKey, String cluster, String summary,
      Map<String, Object> details, Instant occurredAt) {
    return new Notification(event, cluster, summary, details, occurredAt, event.id() + "/" + processInstanceKey);
  }

  Notification withTexts(String summary, Map<String, Object> details) {
    return new Notification(event, cluster, summary, details, occurredAt, dedupeKey);
  }
}
