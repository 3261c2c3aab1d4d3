package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.control.RetentionRequests;
import io.camunda.community.backup.control.RunStatus;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.value.IncidentRecordValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Retention never deletes on a partial view (issue 9.1): with a component listing that cannot be
 * read, retention.bpmn deletes nothing in any component and ends refused, saying why. {@code
 * sandbox-rg} (web apps, Optimize, own sandbox; keeps 50 complete) and {@code sandbox-pg-rg}
 * (RDBMS; keeps 3 complete) keep 0 failed sets, so any set misread as partial would be deleted at
 * once.
 */
class RetentionGuardProcessTest extends BackupProcessTestSupport {

  private static final SandboxTargets GUARD = SandboxTargets.shared("retention-guard");
  private static final RdbmsTargets PG = RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL);
  private static final ObjectMapper JSON = new ObjectMapper();

  @Autowired RetentionRequests retention;

  /** Whether a test unregistered the repository (registering one in use by a snapshot fails). */
  private boolean repositoryUnregistered;

  @BeforeEach
  @AfterEach
  void reset() {
    GUARD.cluster().faults().clear();
    if (repositoryUnregistered) {
      GUARD.openSearch().registerRepository(repository());
      repositoryUnregistered = false;
    }
  }

  @Test
  void anUnregisteredSnapshotRepositoryDeletesNothingAndSaysWhy() {
    Snapshot before = completeBackupThenSnapshot();
    GUARD.openSearch().unregisterRepository(repository());
    repositoryUnregistered = true;

    JsonNode result = refusedRetention("sandbox-rg");

    assertThat(result.get("reason").asText()).contains("zeebeRecords listing is UNAVAILABLE").contains(repository());
    GUARD.openSearch().registerRepository(repository());
    repositoryUnregistered = false;
    assertNothingDeleted(before);
  }

  @Test
  void anOptimizeListingAnswering503DeletesNothingAndSaysWhy() {
    Snapshot before = completeBackupThenSnapshot();
    faults().failWith("GET", "/actuator/backups", 503, "{\"message\":\"Service Unavailable\"}", SandboxFaults.UNTIL_CLEARED);

    JsonNode result = refusedRetention("sandbox-rg");

    assertThat(result.get("reason").asText()).contains("optimize listing is UNAVAILABLE").contains("503");
    assertThat(result.get("unavailable").fieldNames()).toIterable().containsExactly("optimize");
    assertNothingDeleted(before);
  }

  @Test
  void aWebAppsListingWithAGarbageBodyDeletesNothingAndSaysWhy() {
    Snapshot before = completeBackupThenSnapshot();
    faults().failWith("GET", "/actuator/backupHistory", 200, "<html>502 Bad Gateway</html>", SandboxFaults.UNTIL_CLEARED);

    JsonNode result = refusedRetention("sandbox-rg");

    assertThat(result.get("reason").asText()).contains("webapps listing is UNAVAILABLE").contains("not the documented JSON");
    assertNothingDeleted(before);
  }

  @Test
  void aMissingDumpDirectoryDeletesNothingAndSaysWhy() throws IOException {
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-pg-rg"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    awaitRetentionAfter(backup);
    Set<Long> zeebeBefore = PG.cluster().zeebeBackupIds();
    Path directory = PG.dumpDirectory("sandbox-pg-rg");
    Set<String> dumpsBefore = files(directory);
    assertThat(dumpsBefore).isNotEmpty();
    Path unmounted = directory.resolveSibling("sandbox-pg-rg.unmounted");
    Files.move(directory, unmounted);
    try {
      PG.cluster().faults().clearRequests();

      JsonNode result = refusedRetention("sandbox-pg-rg");

      assertThat(result.get("reason").asText()).contains("database listing is UNAVAILABLE").contains("does not exist")
          .contains(directory.toString());
      assertThat(PG.cluster().faults().requestCount("DELETE", ".*")).as("DELETE requests to the target").isZero();
      assertThat(PG.cluster().zeebeBackupIds()).containsAll(zeebeBefore);
    } finally {
      Files.move(unmounted, directory);
    }
    assertThat(files(directory)).isEqualTo(dumpsBefore);
  }

  @Test
  void theHealthCheckReportsWhichListingCannotBeRead() {
    faults().failWith("GET", "/actuator/backups", 503, "{\"message\":\"Service Unavailable\"}", SandboxFaults.UNTIL_CLEARED);

    long key = client.newCreateInstanceCommand().bpmnProcessId("backup-health-check").latestVersion()
        .variables(Map.of("clusterName", "sandbox-rg")).send().join().getProcessInstanceKey();
    ProcessInstanceView check = track(CONTROL.instance(key));
    await().atMost(Duration.ofSeconds(60)).until(() -> !check.openIncidents().isEmpty());

    Record<IncidentRecordValue> incident = check.openIncidents().getFirst();
    assertThat(incident.getValue().getElementId()).isEqualTo("Task_RaiseAlarm");
    assertThat(incident.getValue().getErrorMessage()).contains("CATALOG INCOMPLETE").contains("sandbox-rg")
        .contains("optimize listing is UNAVAILABLE").contains("retention deletes nothing").doesNotContain("STALE BACKUPS");
    assertThat(check.variable("catalogIncomplete").orElseThrow().asBoolean()).isTrue();
  }

  // --- helpers -------------------------------------------------------------------------------

  @Override
  protected SandboxFaults faults() {
    return GUARD.cluster().faults();
  }

  private record Snapshot(Set<Long> zeebe, Set<String> snapshots) {}

  /** One more complete set (its retention run deleting nothing), then what exists. */
  private Snapshot completeBackupThenSnapshot() {
    ProcessInstanceView backup = awaitEnd(startBackup("sandbox-rg"));
    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    assertThat(awaitRetentionAfter(backup).get("state").asText()).isEqualTo("APPLIED");
    faults().clearRequests();
    return new Snapshot(GUARD.cluster().zeebeBackupIds(), new TreeSet<>(GUARD.openSearch().snapshotNames(repository())));
  }

  /** Requests a retention run, awaits its end and checks that it ended refused; its result. */
  private JsonNode refusedRetention(String cluster) {
    RunStatus outcome = finished(retention.request(cluster, false, "test", "test"));
    JsonNode result = JSON.valueToTree(outcome.result());
    assertThat(outcome.state()).isEqualTo("REFUSED");
    assertThat(outcome.outcome()).isEqualTo(io.camunda.community.backup.control.RunKind.Outcome.REFUSED);
    assertThat(result.get("refused").asBoolean()).isTrue();
    assertThat(result.get("delete")).isEmpty();
    assertThat(result.get("reason").asText()).startsWith("Retention refused, nothing was deleted").contains(cluster);
    ProcessInstanceView run = awaitEnd(CONTROL.instance(outcome.processInstanceKey()));
    assertThat(run.completedElements()).contains("Task_ReleaseClusterLockAfterRefusal", "EndEvent_RetentionRefused")
        .doesNotContain("Task_DeleteExpiredSets");
    return result;
  }

  private void assertNothingDeleted(Snapshot before) {
    assertThat(faults().requestCount("DELETE", ".*")).as("DELETE requests to the management APIs").isZero();
    assertThat(GUARD.cluster().zeebeBackupIds()).as("Zeebe backups").containsAll(before.zeebe());
    assertThat(GUARD.openSearch().snapshotNames(repository())).as("snapshots").containsAll(before.snapshots());
  }

  private JsonNode awaitRetentionAfter(ProcessInstanceView backup) {
    long key = backup.variable("retentionProcessInstanceKey").orElseThrow().asLong();
    ProcessInstanceView run = awaitEnd(track(CONTROL.instance(key)));
    return run.variable("retentionResult").orElseThrow();
  }

  private static String repository() {
    return GUARD.cluster().options().repositoryName();
  }

  private static Set<String> files(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return new TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
