package io.camunda.community.backup.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.BackupOrchestratorApplication;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WebhookReceiver;
import io.camunda.community.backup.testsupport.WorkerApplication;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 12 notifications end to end: the worker application (its own control engine, in memory)
 * backs up a sandbox cluster (real OpenSearch) whose web-apps backup fails, and real HTTP
 * receivers stand in for the webhooks: global ones (JSON for every event, Slack for backup-failed
 * only, Teams for other events only) and each cluster's own (one that answers 500 twice, one that
 * never answers, one whose port refuses connections). Every webhook URL carries a token in its
 * path and query, which must appear in no log line and no process variable.
 */
class NotificationsTest {

  /** The secret part of every webhook URL here. */
  static final String TOKEN = "T0KEN-4c1e9a77b2";
  /** One try's deadline (notifications.timeout): a notifier that waited for the webhook would hold the job at least this long. */
  static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(3);
  static final Duration BACKOFF = Duration.ofMillis(300);

  private static final SandboxTargets TARGET = SandboxTargets.shared("notify");
  private static final InMemoryControlCluster CONTROL = InMemoryControlCluster.start();
  private static final WebhookReceiver GLOBAL_JSON = WebhookReceiver.answering();
  private static final WebhookReceiver GLOBAL_SLACK = WebhookReceiver.answering();
  private static final WebhookReceiver GLOBAL_TEAMS = WebhookReceiver.answering();
  private static final WebhookReceiver FLAKY = WebhookReceiver.answering();
  private static final WebhookReceiver HANGING = WebhookReceiver.hanging();
  private static final String REFUSING = SandboxTargets.unreachableUrl();
  private static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  private static ConfigurableApplicationContext app;

  @BeforeAll
  static void startWorker() {
    Map<String, String> p = new LinkedHashMap<>();
    p.putAll(TARGET.clusterProperties(0, "notify-a", Tuning.standard()));
    p.putAll(TARGET.clusterProperties(1, "notify-b", Tuning.standard()));
    for (int i = 0; i < 2; i++) {
      p.put("backup-orchestrator.clusters[" + i + "].retention.enabled", "false");
    }
    p.put("backup-orchestrator.schedule.enabled", "false");
    p.put("backup-orchestrator.housekeeping.enabled", "false");
    p.put("backup-orchestrator.job-retry-backoff", "PT0S");
    p.put("camunda.client.request-timeout", "PT60S");
    p.put("camunda.client.worker.defaults.timeout", "PT30S");
    String g = "backup-orchestrator.notifications.";
    p.put(g + "backoff", BACKOFF.toString());
    p.put(g + "max-backoff", "PT5S");
    p.put(g + "timeout", WEBHOOK_TIMEOUT.toString());
    webhook(p, g + "webhooks[0].", "all-json", GLOBAL_JSON.url("/global/" + TOKEN + "?token=" + TOKEN), null);
    webhook(p, g + "webhooks[1].", "ops-slack", GLOBAL_SLACK.url("/services/T01/B02/" + TOKEN), "slack");
    p.put(g + "webhooks[1].events[0]", "backup-failed");
    webhook(p, g + "webhooks[2].", "ops-teams", GLOBAL_TEAMS.url("/webhookb2/" + TOKEN), "teams");
    p.put(g + "webhooks[2].events[0]", "restore-finished");
    p.put(g + "webhooks[2].events[1]", "backup-stale");
    webhook(p, "backup-orchestrator.clusters[0].notifications.webhooks[0].", "a-flaky", FLAKY.url("/a/" + TOKEN), "json");
    webhook(p, "backup-orchestrator.clusters[1].notifications.webhooks[0].", "b-hanging", HANGING.url("/b/" + TOKEN), null);
    webhook(p, "backup-orchestrator.clusters[1].notifications.webhooks[1].", "b-refusing", REFUSING + "/b/" + TOKEN + "?k=" + TOKEN, null);
    // The log capture is attached once Spring Boot has set logging up (which drops appenders added before), so the
    // application's startup lines are captured too.
    app = new SpringApplicationBuilder(BackupOrchestratorApplication.class).web(WebApplicationType.NONE)
        .initializers(context -> captureLogs())
        .run(WorkerApplication.arguments(CONTROL, p));
  }

  private static void captureLogs() {
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    LOGS.setContext(logging);
    LOGS.start();
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(LOGS);
    // the notifier's own debug lines (each failed try) are checked for the token too
    logging.getLogger("io.camunda.community.backup.notify").setLevel(Level.DEBUG);
  }

  private static void webhook(Map<String, String> p, String prefix, String name, String url, String format) {
    p.put(prefix + "name", name);
    p.put(prefix + "url", url);
    if (format != null) {
      p.put(prefix + "format", format);
    }
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
    CONTROL.close();
    for (WebhookReceiver receiver : List.of(GLOBAL_JSON, GLOBAL_SLACK, GLOBAL_TEAMS, FLAKY, HANGING)) {
      receiver.close();
    }
    LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
    logging.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(LOGS);
    logging.getLogger("io.camunda.community.backup.notify").setLevel(null);
  }

  @BeforeEach
  void reset() {
    TARGET.cluster().faults().clear();
    List.of(GLOBAL_JSON, GLOBAL_SLACK, GLOBAL_TEAMS, FLAKY, HANGING).forEach(WebhookReceiver::reset);
  }

  @AfterEach
  void noTokenAnywhere() {
    TARGET.cluster().faults().clear();
    List<String> leaking = logLines().stream().filter(line -> line.contains(TOKEN)).toList();
    assertThat(leaking).as("log lines with the webhook token").isEmpty();
  }

  @Test
  void aFailedBackupIsPostedToTheGlobalAndTheClusterWebhooksInTheirFormats() {
    TARGET.cluster().faults().webappsBackupFails();
    FLAKY.failNext(2, 500);

    ProcessInstanceView backup = awaitEnd(start("notify-a"));
    JsonNode result = backup.variable("backupResult").orElseThrow();
    assertThat(result.get("state").asText()).isEqualTo("FAILED");
    long backupId = result.get("backupId").asLong();

    // Global JSON webhook: the generic body, to the configured URL as given (path and query).
    WebhookReceiver.Received posted = GLOBAL_JSON.awaitRequests(1, Duration.ofSeconds(10)).getFirst();
    assertThat(posted.method()).isEqualTo("POST");
    assertThat(posted.uri()).isEqualTo("/global/" + TOKEN + "?token=" + TOKEN);
    assertThat(posted.contentType()).startsWith("application/json");
    JsonNode body = posted.json();
    assertThat(body.get("event").asText()).isEqualTo("backup-failed");
    assertThat(body.get("cluster").asText()).isEqualTo("notify-a");
    assertThat(body.get("summary").asText()).contains("Backup " + backupId).contains("'notify-a'").contains("FAILED")
        .contains("BACKUP_FAILED").contains("Web-apps backup");
    assertThat(body.at("/details/backupId").asLong()).isEqualTo(backupId);
    assertThat(body.at("/details/state").asText()).isEqualTo("FAILED");
    assertThat(body.at("/details/errorCode").asText()).isEqualTo("BACKUP_FAILED");
    assertThat(body.at("/details/failedStep").asText()).isEqualTo("Task_CheckWebappsBackup");
    assertThat(body.at("/details/processInstanceKey").asLong()).isEqualTo(backup.key());
    assertThat(Instant.parse(body.get("occurredAt").asText())).isEqualTo(Instant.parse(result.get("finishedAt").asText()));
    assertThat(body.toString()).doesNotContain(SandboxTargets.SECRET).doesNotContain(TOKEN);

    // The cluster's own webhook answered 500 twice: tried three times, the waits doubling from the back-off.
    List<WebhookReceiver.Received> tries = FLAKY.awaitRequests(3, Duration.ofSeconds(15));
    assertThat(tries).hasSize(3).extracting(WebhookReceiver.Received::body).containsOnly(posted.body());
    Duration firstWait = Duration.between(tries.get(0).at(), tries.get(1).at());
    Duration secondWait = Duration.between(tries.get(1).at(), tries.get(2).at());
    assertThat(firstWait).isGreaterThanOrEqualTo(BACKOFF.minusMillis(20));
    assertThat(secondWait).isGreaterThanOrEqualTo(BACKOFF.multipliedBy(2).minusMillis(20));
    await().atMost(Duration.ofSeconds(5)).until(() -> FLAKY.answered() == 3);
    awaitLog("Notification backup-failed of cluster 'notify-a' delivered to webhook 'a-flaky'", "try 3");

    // Slack: one text field that says what happened, where and which backup.
    JsonNode slack = GLOBAL_SLACK.awaitRequests(1, Duration.ofSeconds(10)).getFirst().json();
    assertThat(slack.size()).isEqualTo(1);
    assertThat(slack.get("text").asText()).startsWith("Backup failed (cluster notify-a)").contains(String.valueOf(backupId))
        .contains("BACKUP_FAILED");
    // Teams wants restore-finished and backup-stale only: nothing, though everything else has arrived.
    assertThat(GLOBAL_TEAMS.requests()).isEmpty();
    assertThat(HANGING.requests()).as("another cluster's webhook").isEmpty();
    assertThat(backup.allVariableValues()).noneMatch(v -> v.contains(TOKEN) || v.contains(SandboxTargets.SECRET));
  }

  @Test
  void aWebhookThatHangsOrRefusesNeitherFailsNorHoldsUpTheBackup() {
    TARGET.cluster().faults().webappsBackupFails();

    ProcessInstanceView failed = awaitEnd(start("notify-b"));

    // The failure path ran to its end as without webhooks: no incident, the result recorded.
    assertThat(failed.isCompleted()).isTrue();
    assertThat(failed.completedElements()).contains("Task_SummarizeFailedBackup", "Task_ReleaseClusterLockAfterFailure", "EndEvent_BackupFailed");
    assertThat(failed.incidentsCreated()).isEmpty();
    assertThat(failed.variable("backupResult").orElseThrow().get("state").asText()).isEqualTo("FAILED");
    // The hanging webhook got the notification and has not answered it, yet the instance has ended.
    HANGING.awaitRequests(1, Duration.ofSeconds(10));
    assertThat(HANGING.answered()).isZero();
    // The step that notified was not held: far below one try's deadline (a waiting notifier: 3 tries of 3 s plus back-off).
    assertThat(jobTime(failed.key(), "Task_SummarizeFailedBackup")).isLessThan(WEBHOOK_TIMEOUT);

    // A backup of the same cluster meanwhile, with those deliveries still being tried, completes.
    TARGET.cluster().faults().clear();
    ProcessInstanceView next = awaitEnd(start("notify-b"));
    JsonNode result = next.variable("backupResult").orElseThrow();
    assertThat(result.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(app.getBean(Notifier.class).inFlight()).as("deliveries still being tried").isPositive();

    // Both give up after three tries each, saying why, naming the webhook and its origin only.
    awaitLog("Notification backup-failed of cluster 'notify-b' not delivered to webhook 'b-refusing' (" + REFUSING + "/****) after 3 tries",
        "Connect");
    awaitLog("Notification backup-failed of cluster 'notify-b' not delivered to webhook 'b-hanging' (http://127.0.0.1:", "after 3 tries: no answer in time");
    assertThat(HANGING.requests()).hasSize(3);
    assertThat(FLAKY.requests()).as("another cluster's webhook").isEmpty();
    assertThat(GLOBAL_JSON.requests()).hasSize(1);
    assertThat(failed.allVariableValues()).noneMatch(v -> v.contains(TOKEN));
    assertThat(next.allVariableValues()).noneMatch(v -> v.contains(TOKEN));
  }

  private ProcessInstanceView start(String cluster) {
    long key = app.getBean(BackupRequests.class).start(cluster, null, "notifications test", "api");
    return CONTROL.instance(key);
  }

  private static ProcessInstanceView awaitEnd(ProcessInstanceView instance) {
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(instance::isEnded);
    return instance;
  }

  /** From the job's creation to its completion, in engine time. */
  private static Duration jobTime(long processInstanceKey, String elementId) {
    Long created = null;
    Long completed = null;
    for (Record<JobRecordValue> r : CONTROL.records().jobRecords()) {
      if (r.getValue().getProcessInstanceKey() == processInstanceKey && r.getValue().getElementId().equals(elementId)) {
        if (r.getIntent() == JobIntent.CREATED) {
          created = r.getTimestamp();
        } else if (r.getIntent() == JobIntent.COMPLETED) {
          completed = r.getTimestamp();
        }
      }
    }
    assertThat(created).as(elementId + " created").isNotNull();
    assertThat(completed).as(elementId + " completed").isNotNull();
    return Duration.ofMillis(completed - created);
  }

  private static void awaitLog(String... parts) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).untilAsserted(() ->
        assertThat(logLines()).anyMatch(line -> List.of(parts).stream().allMatch(line::contains)));
  }

  /** Every captured log line with its exception's messages. */
  static List<String> logLines() {
    List<String> lines = new ArrayList<>();
    synchronized (LOGS) {
      Iterator<ILoggingEvent> events = new ArrayList<>(LOGS.list).iterator();
      while (events.hasNext()) {
        ILoggingEvent event = events.next();
        StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
          line.append(" | ").append(t.getClassName()).append(": ").append(t.getMessage());
        }
        lines.add(line.toString());
      }
    }
    return lines;
  }
}
