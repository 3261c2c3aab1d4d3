package io.camunda.community.backup.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.config.ConfiguredSecrets;
import io.camunda.community.backup.config.NotificationProperties;
import io.camunda.community.backup.config.SecretRedaction;
import io.camunda.community.backup.support.RecordedOnce;
import io.netty.channel.ChannelOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.retry.Retry;

/**
 * Sends notifications to the webhooks that want them, in the background: {@link #notify} only
 * hands the deliveries to Reactor and returns at once, never throws and never waits for a webhook,
 * so a webhook that is slow, down or wrong cannot fail or delay the job that reported the event.
 *
 * <p>A delivery is a POST of the webhook's format ({@link WebhookFormat}); an answer other than
 * 2xx, a transport fault or no answer within {@code timeout} is tried again after {@code backoff},
 * doubling up to {@code max-backoff}, {@code max-attempts} tries in all (4xx other than 408 and 429
 * are not tried again: the request itself is wrong). At most {@code queue-capacity} deliveries are
 * in flight; one beyond is dropped with a log line. Log lines name the webhook and its origin only,
 * never its path, query or user info, where chat webhooks keep their token.
 */
@Component
public class Notifier {

  private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);

  private final Webhooks webhooks;
  private final NotificationProperties settings;
  private final ConfiguredSecrets secrets;
  private final ObjectMapper json;
  private final WebClient webClient;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final RecordedOnce notified = new RecordedOnce();

  public Notifier(Webhooks webhooks, NotificationProperties settings, ConfiguredSecrets secrets, ObjectMapper json,
      WebClient.Builder webClientBuilder) {
    this.webhooks = webhooks;
    this.settings = settings;
    this.secrets = secrets;
    this.json = json;
    HttpClient http = HttpClient.create()
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis()))
        .followRedirect(false);
    this.webClient = webClientBuilder.clone().clientConnector(new ReactorClientHttpConnector(http)).build();
  }

  /** Hands the notification to every webhook that wants it and returns at once; never throws. */
  public void notify(Notification notification) {
    try {
      List<Webhook> targets = webhooks.targets(notification.event(), notification.cluster());
      if (targets.isEmpty()) {
        return;
      }
      if (notification.dedupeKey() != null && !notified.first(notification.dedupeKey())) {
        LOG.debug("Notification {} of cluster '{}' was sent already ({})", notification.event().id(), notification.cluster(),
            notification.dedupeKey());
        return;
      }
      Notification masked = masked(notification);
      for (Webhook webhook : targets) {
        deliver(webhook, masked);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("Notification {} of cluster '{}' not sent: {}", id(notification), notification == null ? null : notification.cluster(),
          e.getClass().getName());
    }
  }

  /**
   * Builds the notification and hands it over like {@link #notify(Notification)}: a fault while
   * building it (a variable of an unexpected shape) is logged, never thrown into the job.
   */
  public void notify(Supplier<Notification> notification) {
    Notification built;
    try {
      built = notification.get();
    } catch (RuntimeException e) {
      LOG.warn("Notification not sent: building it failed ({})", e.getClass().getName());
      return;
    }
    notify(built);
  }

  /** Deliveries handed over and not finished yet (tries and the waits between them). */
  public int inFlight() {
    return inFlight.get();
  }

  private void deliver(Webhook webhook, Notification notification) throws RuntimeException {
    if (inFlight.incrementAndGet() > settings.queueCapacity()) {
      inFlight.decrementAndGet();
      LOG.warn("Notification {} of cluster '{}' dropped for webhook {}: {} deliveries are in flight"
          + " (backup-orchestrator.notifications.queue-capacity)", notification.event().id(), notification.cluster(), webhook.shown(),
          settings.queueCapacity());
      return;
    }
    try {
      byte[] body = json.writeValueAsBytes(webhook.format().body(notification));
      AtomicInteger attempts = new AtomicInteger();
      Mono.defer(() -> attempt(webhook, body, attempts.incrementAndGet()))
          .retryWhen(Retry.backoff(settings.maxAttempts() - 1L, settings.backoff())
              .maxBackoff(settings.maxBackoff())
              .jitter(0)
              .filter(Notifier::worthRetrying)
              .doBeforeRetry(signal -> LOG.debug("Notification {} of cluster '{}' to webhook {}: try {} failed ({}), trying again",
                  notification.event().id(), notification.cluster(), webhook.shown(), signal.totalRetries() + 1,
                  describe(signal.failure(), webhook)))
              .onRetryExhaustedThrow((spec, signal) -> signal.failure()))
          .doFinally(signal -> inFlight.decrementAndGet())
          .subscribe(
              status -> LOG.info("Notification {} of cluster '{}' delivered to webhook {} (answer {}, try {})", notification.event().id(),
                  notification.cluster(), webhook.shown(), status, attempts.get()),
              failure -> LOG.warn("Notification {} of cluster '{}' not delivered to webhook {} after {} tries: {}",
                  notification.event().id(), notification.cluster(), webhook.shown(), attempts.get(), describe(failure, webhook)));
    } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
      inFlight.decrementAndGet();
      LOG.warn("Notification {} of cluster '{}' not sent to webhook {}: {}", id(notification), notification.cluster(), webhook.shown(),
          e.getClass().getName());
    }
  }

  private static String id(Notification notification) {
    return notification == null || notification.event() == null ? "(none)" : notification.event().id();
  }

  private Mono<Integer> attempt(Webhook webhook, byte[] body, int attempt) {
    return webClient.post().uri(webhook.url())
        .contentType(MediaType.APPLICATION_JSON)
        .accept(MediaType.ALL)
        .bodyValue(body)
        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
        .timeout(settings.timeout())
        .flatMap(status -> status >= 200 && status < 300 ? Mono.just(status) : Mono.error(new WebhookAnswered(status)));
  }

  private static boolean worthRetrying(Throwable failure) {
    if (failure instanceof WebhookAnswered answered) {
      int status = answered.status;
      return status >= 500 || status == 408 || status == 429;
    }
    return true;
  }

  /**
   * What went wrong, in words that cannot carry the URL: WebClient's own messages repeat it
   * (e.g. "500 Internal Server Error from POST https://.../token"), so only the status, the
   * timeout or the root cause's class and message (host and port at most) are used, and the URL's
   * path and query are masked in them all the same.
   */
  static String describe(Throwable failure, Webhook webhook) {
    Throwable unwrapped = Exceptions.unwrap(failure);
    if (unwrapped instanceof WebhookAnswered answered) {
      return "answered " + answered.status;
    }
    if (unwrapped instanceof TimeoutException) {
      return "no answer in time";
    }
    Throwable root = unwrapped;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    return scrub(text, webhook);
  }

  private static String scrub(String text, Webhook webhook) {
    String scrubbed = text.replace(webhook.url().toString(), Webhook.shown(webhook.url()));
    List<String> parts = new ArrayList<>();
    if (webhook.url().getRawPath() != null && webhook.url().getRawPath().length() > 1) {
      parts.add(webhook.url().getRawPath());
      parts.add(webhook.url().getPath());
    }
    if (webhook.url().getRawQuery() != null) {
      parts.add(webhook.url().getRawQuery());
      parts.add(webhook.url().getQuery());
    }
    for (String part : parts) {
      if (part != null && !part.isEmpty()) {
        scrubbed = scrubbed.replace(part, "/" + SecretRedaction.MASK);
      }
    }
    return SecretRedaction.redact(scrubbed);
  }

  /** The texts without any configured credential (belt and braces: the workers put none there). */
  private Notification masked(Notification notification) {
    Map<String, Object> details = new LinkedHashMap<>();
    notification.details().forEach((key, value) -> details.put(key, masked(value)));
    return notification.withTexts(secrets.mask(notification.summary()), details);
  }

  private Object masked(Object value) {
    if (value instanceof String text) {
      return secrets.mask(text);
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, masked(v)));
      return copy;
    }
    if (value instanceof Iterable<?> list) {
      List<Object> copy = new ArrayList<>();
      list.forEach(v -> copy.add(masked(v)));
      return copy;
    }
    return value;
  }

  /** A webhook answered with a status other than 2xx. */
  static final class WebhookAnswered extends RuntimeException {
    final int status;

    WebhookAnswered(int status) {
      super("answered " + status, null, false, false);
      this.status = status;
    }
  }
}
