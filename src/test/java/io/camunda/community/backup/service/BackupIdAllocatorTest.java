package io.camunda.community.backup.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WorkerApplication;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The allocator of the real application against a sandbox of its own whose Zeebe already holds a
 * backup near {@link Long#MAX_VALUE} (taken by another tool, or before the entry checks existed):
 * the next ID is computed without overflow, and when no greater ID exists the backup is refused
 * with a BPMN error that says so, instead of an overflowed ID Zeebe would refuse forever.
 */
class BackupIdAllocatorTest {

  private static final SandboxTargets IDS = SandboxTargets.shared("ids");
  /** Standard, without Optimize, with generous request timeouts: the machine may be loaded. */
  private static final Tuning GENEROUS =
      new Tuning(false, null, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(30));

  private static Map<String, String> properties() {
    Map<String, String> properties = new LinkedHashMap<>(IDS.clusterProperties(0, "ids", GENEROUS));
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    properties.put("camunda.client.worker.defaults.enabled", "false");
    properties.put("camunda.client.request-timeout", "PT60S");
    return properties;
  }

  @Test
  void anExistingIdNearLongMaxValueDoesNotOverflowTheNextId() throws Exception {
    Map<String, String> properties = properties();
    try (ConfigurableApplicationContext app = WorkerApplication.start(InMemoryControlCluster.shared(), properties)) {
      BackupIdAllocator allocator = app.getBean(BackupIdAllocator.class);

      takeZeebeBackup(Long.MAX_VALUE - 1);
      assertThat(allocator.allocate("ids", null)).isEqualTo(Long.MAX_VALUE);

      takeZeebeBackup(Long.MAX_VALUE);
      assertThatThrownBy(() -> allocator.allocate("ids", null))
          .isInstanceOfSatisfying(BackupStepFailedException.class, e -> assertThat(e.errorCode()).isEqualTo("BACKUP_ID_EXHAUSTED"))
          .hasMessageContaining("newest existing backup ID is 9223372036854775807 (found in zeebe)")
          .hasMessageContaining("Delete the backups with ID 9223372036854775807");
      long now = Instant.now().getEpochSecond();
      assertThatThrownBy(() -> allocator.allocate("ids", now))
          .isInstanceOfSatisfying(BackupStepFailedException.class, e -> assertThat(e.errorCode()).isEqualTo("BACKUP_ID_EXHAUSTED"));
      assertThatThrownBy(() -> allocator.allocate("ids", Long.MAX_VALUE))
          .isInstanceOfSatisfying(BackupStepFailedException.class, e -> assertThat(e.errorCode()).isEqualTo("INVALID_BACKUP_ID"))
          .hasMessageContaining("beyond the current Unix time plus one day");
    }
  }

  @Test
  void theBoundIsNowPlusOneDayUnlessAllowed() {
    Map<String, String> properties = properties();
    properties.put("backup-orchestrator.allow-backup-ids-beyond-now", "true");
    try (ConfigurableApplicationContext app = WorkerApplication.start(InMemoryControlCluster.shared(), properties)) {
      BackupIdAllocator allocator = app.getBean(BackupIdAllocator.class);
      long dayAfterTomorrow = Instant.now().getEpochSecond() + 2 * 86_400;
      assertThat(allocator.rejection(dayAfterTomorrow)).as("allowed by the property").isEmpty();
      assertThat(allocator.rejection(0)).as("never zero").isPresent();
    }
  }

  /**
   * The allocation comes right before exporting is paused, so it counts in every backup's
   * end-to-end time: the listings are independent requests and are read at the same time. With
   * the Zeebe listing answered 2 s late, the web apps' listing still arrives before that answer.
   */
  @Test
  void theComponentsListingsAreReadAtTheSameTime() {
    Duration latency = Duration.ofSeconds(2);
    IDS.cluster().faults().clearRequests();
    IDS.cluster().faults().delay("GET", "/actuator/backupRuntime", latency);
    try (ConfigurableApplicationContext app = WorkerApplication.start(InMemoryControlCluster.shared(), properties())) {
      app.getBean(BackupIdAllocator.class).allocate("ids", null);

      Instant zeebeListed = arrival("/actuator/backupRuntime");
      Instant webappsListed = arrival("/actuator/backupHistory");
      assertThat(webappsListed).as("the web apps' listing, read while Zeebe's is still unanswered")
          .isBefore(zeebeListed.plus(latency));
    } finally {
      IDS.cluster().faults().clear();
    }
  }

  /**
   * A backup voided or deleted within the second it was taken leaves no trace in any listing, but
   * Zeebe refuses its ID for ever: the next backup in that second must not get it again (seen in
   * CI: BACKUP_ID_CONFLICT at the Zeebe step, after the web apps' and Optimize's snapshots). A
   * sandbox of its own, and a clock that stands still.
   */
  @Test
  void anIdThatWasDeletedWithinItsSecondIsNotAllocatedAgain() throws Exception {
    SandboxTargets reuse = SandboxTargets.shared("ids-reuse");
    Map<String, String> properties = new LinkedHashMap<>(properties());
    properties.putAll(reuse.clusterProperties(1, "ids-reuse", GENEROUS));
    try (ConfigurableApplicationContext app = WorkerApplication.start(InMemoryControlCluster.shared(), properties)) {
      java.time.Clock frozen = java.time.Clock.fixed(Instant.now(), java.time.ZoneOffset.UTC);
      BackupIdAllocator allocator = new BackupIdAllocator(app.getBean(io.camunda.community.backup.client.TargetClients.class),
          app.getBean(io.camunda.community.backup.flavour.SetFlavours.class), frozen, false);
      long first = allocator.allocate("ids-reuse", null);
      assertThat(post(reuse, first).statusCode()).isEqualTo(202);
      delete(reuse, first);

      long next = allocator.allocate("ids-reuse", null);

      assertThat(next).isGreaterThan(first);
      assertThat(post(reuse, next).statusCode()).as("Zeebe takes the next ID").isEqualTo(202);
      assertThat(post(reuse, first).statusCode()).as("and still refuses the deleted one").isEqualTo(409);
      assertThatThrownBy(() -> allocator.allocate("ids-reuse", first))
          .isInstanceOfSatisfying(BackupStepFailedException.class, e -> assertThat(e.errorCode()).isEqualTo("BACKUP_ID_NOT_GREATER"));
    }
  }

  private static HttpResponse<String> post(SandboxTargets sandbox, long backupId) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.cluster().managementUrl() + "/actuator/backupRuntime"))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"backupId\": " + backupId + "}")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void delete(SandboxTargets sandbox, long backupId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(sandbox.cluster().managementUrl() + "/actuator/backupRuntime/" + backupId)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }

  private static Instant arrival(String path) {
    return IDS.cluster().faults().requests().stream().filter(r -> r.method().equals("GET") && r.path().equals(path))
        .map(io.camunda.community.backup.sandbox.RecordedRequest::timestamp).findFirst()
        .orElseThrow(() -> new AssertionError("no GET " + path + " in " + IDS.cluster().faults().requests()));
  }

  /** As another tool (or an earlier version of this one) would have: straight to the management API. */
  private static void takeZeebeBackup(long backupId) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(IDS.cluster().managementUrl() + "/actuator/backupRuntime"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"backupId\": " + backupId + "}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isBetween(200, 299);
  }
}
