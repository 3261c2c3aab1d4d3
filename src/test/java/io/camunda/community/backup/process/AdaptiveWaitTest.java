package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.RecordedRequest;
import io.camunda.client.CamundaClient;
import io.camunda.community.backup.worker.JobHandlerThreads;
import io.camunda.community.backup.worker.WaitedWork;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 11: with the default poll-interval a wait checks soon and then less and less often
 * ({@code PollSchedule}), stays within the request budget, and ends at the first check after the
 * work ended. Counts, not durations: the old fixed 5 s interval could not have sent this many
 * checks before the wait below gives up.
 */
class AdaptiveWaitTest extends BackupProcessTestSupport {

  private static final String ZEEBE_STATUS = "/actuator/backupRuntime/\\d+";

  @Autowired
  private CamundaClient client;

  @Test
  void aWaitWithDefaultSettingsChecksDenselyFirstWithinTheBudgetAndEndsAtTheFirstCheckAfterTheWork() throws Exception {
    faults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView instance = startBackup("sandbox-defaults");

    // Six checks: 25 s of fixed 5 s polls, about 2 s of the adaptive schedule. The first check job
    // keeps checking for up to StatusWait.WITHIN_ONE_JOB, then the drawn timer takes over.
    try {
      await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
          .until(() -> faults().requestCount("GET", ZEEBE_STATUS) >= 6
              && instance.variable(WaitedWork.ZEEBE_BACKUP.nextCheckInVariable()).isPresent());
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("active " + instance.activeElements() + ", incidents " + instance.openIncidents()
          + ", requests " + faults().requests().stream().map(r -> r.timestamp() + " " + r.method() + " " + r.path()).toList(), e);
    }
    assertThat(instance.variable(WaitedWork.ZEEBE_BACKUP.nextCheckInVariable())).as("the drawn timer's delay, visible in Operate")
        .hasValueSatisfying(delay -> assertThat(Duration.parse(delay.asText())).isLessThanOrEqualTo(Duration.ofSeconds(5)));
    faults().zeebeBackupStuckInProgress(false);
    awaitEnd(instance);

    assertThat(instance.isCompleted()).isTrue();
    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    long id = result(instance).get("backupId").asLong();
    // the wait's checks: those before exporting was resumed (writing the manifest reads the backup again after)
    Instant resumed = faults().requests().stream().filter(r -> r.method().equals("POST") && r.path().startsWith("/actuator/exporting/resume"))
        .map(RecordedRequest::timestamp).reduce((a, b) -> b).orElseThrow();
    List<Instant> checks = faults().requests().stream()
        .filter(r -> r.method().equals("GET") && r.path().matches(ZEEBE_STATUS)).map(RecordedRequest::timestamp)
        .filter(at -> at.isBefore(resumed)).toList();
    Instant firstCheck = checks.getFirst();
    assertThat(checks.stream().filter(at -> at.isBefore(firstCheck.plusSeconds(10))).count())
        .as("status requests in the wait's first 10 s (budget: 2 per second)").isLessThanOrEqualTo(20);
    Instant done = zeebeBackupCompletedAt(id);
    assertThat(checks.stream().filter(at -> at.isAfter(done)).count()).as("checks after the backup completed").isEqualTo(1);
    assertExportingResumedAndNoSecrets(instance);
  }

  /**
   * A check job keeps checking while the next check is due soon (StatusWait), instead of going
   * through the drawn timer and a new job for every check: here the web apps report INCOMPLETE to
   * three reads before they complete, and those reads are fewer jobs than checks. The states seen
   * in between still reach the instance, as Operate shows them. Handlers run on virtual threads.
   */
  @Test
  void aCheckJobKeepsCheckingWhileTheNextCheckIsDueSoonAndShowsWhatItSees() {
    faults().webappsIncompleteForReads(3);
    ProcessInstanceView instance = awaitEnd(startBackup("sandbox-defaults"));

    assertThat(result(instance).get("state").asText()).isEqualTo("COMPLETED");
    long checkJobs = instance.jobIntents("Task_CheckWebappsBackup").stream().filter("CREATED"::equals).count();
    int checks = instance.variable(WaitedWork.WEBAPPS_BACKUP.checksVariable()).orElseThrow().asInt();
    assertThat(checks).as("status checks of the web-apps backup").isGreaterThanOrEqualTo(4);
    assertThat(checkJobs).as("check jobs for %d checks", checks).isLessThan(checks);
    assertThat(instance.variableHistory(WaitedWork.WEBAPPS_BACKUP.stateVariable())).extracting(JsonNode::asText)
        .contains("INCOMPLETE", "COMPLETED");
    assertThat(client.getConfiguration().jobWorkerExecutor()).as("the job handlers' executor")
        .isInstanceOf(JobHandlerThreads.VirtualThreadHandlers.class);
    assertExportingResumedAndNoSecrets(instance);
  }

  /** The sandbox's own completion time: the latest {@code lastUpdatedAt} of the partitions. */
  private static Instant zeebeBackupCompletedAt(long id) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(SANDBOX.cluster().managementUrl() + "/actuator/backupRuntime/" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode backup = new ObjectMapper().readTree(response.body());
    Instant latest = Instant.EPOCH;
    for (JsonNode detail : backup.get("details")) {
      Instant at = Instant.parse(detail.get("lastUpdatedAt").asText());
      latest = at.isAfter(latest) ? at : latest;
    }
    return latest;
  }
}
