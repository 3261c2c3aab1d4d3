package io.camunda.community.backup.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.config.ConfiguredSecrets;
import io.camunda.community.backup.config.NotificationProperties;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.TestClusters;
import io.camunda.community.backup.config.WebhookProperties;
import io.camunda.community.backup.testsupport.WebhookReceiver;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.web.reactive.function.client.WebClient;

/** The notifier against real HTTP receivers, without the engine: once per key, bounded, what is retried, what is masked. */
class NotifierTest {

  private static final String PASSWORD = "es-pa55word-7781";
  private static final OrchestratorProperties CLUSTERS = TestClusters.properties(TestClusters.withStoragePassword("prod", PASSWORD));

  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger notifierLog = (Logger) LoggerFactory.getLogger(Notifier.class);
  private final List<WebhookReceiver> receivers = new ArrayList<>();

  @BeforeEach
  void captureLogs() {
    logs.start();
    notifierLog.addAppender(logs);
  }

  @AfterEach
  void close() {
    notifierLog.detachAppender(logs);
    receivers.forEach(WebhookReceiver::close);
  }

  @Test
  void theSameKeyIsNotifiedOnce() {
    WebhookReceiver receiver = receiver(WebhookReceiver.answering());
    Notifier notifier = notifier(receiver, 200);

    notifier.notify(failed("backup-failed/42"));
    notifier.notify(failed("backup-failed/42")); // the summary job delivered again
    notifier.notify(failed("backup-failed/43"));

    receiver.awaitRequests(2, Duration.ofSeconds(10));
    await().pollDelay(Duration.ofMillis(500)).until(() -> notifier.inFlight() == 0);
    assertThat(receiver.requests()).hasSize(2);
  }

  @Test
  void aFullQueueDropsTheNotificationWithALogLineAndNeverWaits() {
    WebhookReceiver receiver = receiver(WebhookReceiver.hanging());
    Notifier notifier = notifier(receiver, 1);

    long started = System.nanoTime();
    notifier.notify(failed("backup-failed/1"));
    notifier.notify(failed("backup-failed/2"));
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(took).as("both calls return at once").isLessThan(Duration.ofSeconds(1));
    receiver.awaitRequests(1, Duration.ofSeconds(10));
    assertThat(notifier.inFlight()).isEqualTo(1);
    assertThat(lines()).anyMatch(l -> l.contains("Notification backup-failed of cluster 'prod' dropped for webhook 'r'")
        && l.contains("queue-capacity"));
    await().pollDelay(Duration.ofMillis(300)).until(() -> true);
    assertThat(receiver.requests()).hasSize(1);
  }

  @Test
  void aClientErrorIsNotTriedAgainButTooManyRequestsIs() {
    WebhookReceiver receiver = receiver(WebhookReceiver.answering().failNext(5, 404));
    Notifier notifier = notifier(receiver, 10);

    notifier.notify(failed("backup-failed/404"));
    await().atMost(Duration.ofSeconds(10)).until(() -> lines().stream().anyMatch(l -> l.contains("after 1 tries: answered 404")));
    assertThat(receiver.requests()).hasSize(1);

    receiver.reset();
    receiver.failNext(1, 429);
    notifier.notify(failed("backup-failed/429"));
    await().atMost(Duration.ofSeconds(10)).until(() -> lines().stream().anyMatch(l -> l.contains("delivered") && l.contains("try 2")));
    assertThat(receiver.requests()).hasSize(2);
  }

  @Test
  void configuredCredentialsAreMaskedInWhatIsSent() {
    WebhookReceiver receiver = receiver(WebhookReceiver.answering());
    Notifier notifier = notifier(receiver, 10);

    notifier.notify(new Notification(NotificationEvent.BACKUP_FAILED, "prod", "login with " + PASSWORD + " refused",
        Map.of("failureReason", "http://elastic:" + PASSWORD + "@es:9200 said 401", "nested", Map.of("text", PASSWORD)), Instant.now(), null));

    String body = receiver.awaitRequests(1, Duration.ofSeconds(10)).getFirst().body();
    assertThat(body).doesNotContain(PASSWORD).contains("login with **** refused").contains("http://****@es:9200");
  }

  @Test
  void nothingEscapesToTheCaller() {
    WebhookReceiver receiver = receiver(WebhookReceiver.answering());
    Notifier notifier = notifier(receiver, 10);

    assertThatCode(() -> notifier.notify(new Notification(null, "prod", "no event", Map.of(), Instant.now(), null))).doesNotThrowAnyException();
    assertThat(lines()).anyMatch(l -> l.contains("not sent"));
    // a variable of an unexpected shape while building the notification
    assertThatCode(() -> notifier.notify(() -> {
      throw new ClassCastException("java.lang.String cannot be cast to java.lang.Number");
    })).doesNotThrowAnyException();
    assertThat(lines()).anyMatch(l -> l.contains("building it failed (java.lang.ClassCastException)"));
  }

  private WebhookReceiver receiver(WebhookReceiver receiver) {
    receivers.add(receiver);
    return receiver;
  }

  private static Notifier notifier(WebhookReceiver receiver, int capacity) {
    NotificationProperties settings = new NotificationProperties(
        List.of(new WebhookProperties("r", receiver.url("/hook/secret-token"), null, List.of())), 3, Duration.ofMillis(100),
        Duration.ofSeconds(1), Duration.ofSeconds(10), capacity);
    return new Notifier(new Webhooks(settings, CLUSTERS), settings, new ConfiguredSecrets(CLUSTERS), new ObjectMapper(), WebClient.builder());
  }

  private static Notification failed(String key) {
    return new Notification(NotificationEvent.BACKUP_FAILED, "prod", "Backup 1 of cluster 'prod' ended FAILED.", Map.of("backupId", 1),
        Instant.parse("2026-12-06T12:00:00Z"), key);
  }

  private List<String> lines() {
    synchronized (logs) {
      return logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }
}
