package io.camunda.community.backup.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code backup-orchestrator.notifications.*}: the global webhooks (every cluster's events go
 * there; a cluster's own are under {@code clusters[i].notifications.webhooks}) and how a delivery
 * is tried. A delivery never holds up the step that caused it (docs/notifications.md).
 */
@Validated
@ConfigurationProperties("backup-orchestrator.notifications")
public record NotificationProperties(
    List<WebhookProperties> webhooks,
    /* Tries of one delivery, the first included. */
    @Min(value = 1, message = "must be at least 1 (1: no retry)") @Max(value = 20, message = "must be at most 20") @DefaultValue("3")
        int maxAttempts,
    /* Wait before the second try; doubles with every further try, up to max-backoff. */
    @NotNull @DefaultValue("PT1S") Duration backoff,
    @NotNull @DefaultValue("PT30S") Duration maxBackoff,
    /* One try's deadline: connect, send and the answer's status. */
    @NotNull @DefaultValue("PT10S") Duration timeout,
    /* Deliveries in flight (tries and waits between them) at most; a notification beyond is dropped with a log line. */
    @Min(value = 1, message = "must be at least 1") @DefaultValue("200") int queueCapacity) {

  @ConstructorBinding
  public NotificationProperties {
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }

  /** No webhook, the defaults otherwise. */
  public static NotificationProperties none() {
    return new NotificationProperties(List.of(), 3, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10), 200);
  }
}
