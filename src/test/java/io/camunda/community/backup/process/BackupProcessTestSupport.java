package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.community.backup.BackupOrchestratorApplication;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Process tests: the real worker application against the real Zeebe engine (in memory) and the
 * sandbox target cluster with its real OpenSearch. Several named clusters point at the one sandbox:
 *
 * <ul>
 *   <li>{@code sandbox}: web apps, Optimize, generous timeouts;
 *   <li>{@code sandbox-no-optimize}: Optimize not deployed;
 *   <li>{@code sandbox-tight}: short deadlines, grace and watchdog for failure paths;
 *   <li>{@code sandbox-optimize-down}: Optimize's management port refuses connections.
 * </ul>
 */
@SpringBootTest(classes = BackupOrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class BackupProcessTestSupport {

  protected static final InMemoryControlCluster CONTROL = InMemoryControlCluster.shared();
  protected static final SandboxTargets SANDBOX = SandboxTargets.shared();
  protected static final Duration TIGHT_WATCHDOG = Duration.ofSeconds(10);

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    CONTROL.clientProperties().forEach((k, v) -> registry.add(k, () -> v));
    registry.add("backup-orchestrator.schedule.enabled", () -> "false");
    registry.add("backup-orchestrator.job-retry-backoff", () -> "PT0.2S");
    Tuning standard = Tuning.standard();
    List.of(
            SANDBOX.clusterProperties(0, "sandbox", standard),
            SANDBOX.clusterProperties(1, "sandbox-no-optimize", standard.withoutOptimize()),
            SANDBOX.clusterProperties(2, "sandbox-tight", standard.tight(TIGHT_WATCHDOG, Duration.ofSeconds(4), Duration.ofSeconds(1))),
            SANDBOX.clusterProperties(3, "sandbox-optimize-down",
                standard.optimizeAt(SandboxTargets.unreachableUrl()).tight(TIGHT_WATCHDOG, Duration.ofSeconds(4), Duration.ofSeconds(1))))
        .forEach(map -> map.forEach((k, v) -> registry.add(k, () -> v)));
  }

  @Autowired protected BackupRequests requests;
  @Autowired protected CamundaClient client;

  private final List<Long> started = new ArrayList<>();

  @BeforeEach
  void resetSandbox() {
    faults().clear();
    forceResumeExporting();
    faults().clearRequests();
  }

  @AfterEach
  void cancelLeftovers() {
    // A test that failed half-way must not leave timers (watchdogs) that fire into the next test.
    for (long key : started) {
      if (!CONTROL.instance(key).isEnded()) {
        client.newCancelInstanceCommand(key).send().join();
      }
    }
  }

  protected SandboxFaults faults() {
    return SANDBOX.cluster().faults();
  }

  protected ProcessInstanceView startBackup(String cluster) {
    return startBackup(cluster, null);
  }

  protected ProcessInstanceView startBackup(String cluster, Long backupId) {
    long key = requests.start(cluster, backupId, "started by " + getClass().getSimpleName(), "test");
    started.add(key);
    return CONTROL.instance(key);
  }

  protected ProcessInstanceView awaitEnd(ProcessInstanceView instance) {
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(instance::isEnded);
    return instance;
  }

  protected JsonNode result(ProcessInstanceView instance) {
    return instance.variable("backupResult").orElseThrow(() -> new AssertionError("no backupResult variable"));
  }

  /** Every test ends with these: exporting is running again and no variable carries the secret. */
  protected void assertExportingResumedAndNoSecrets(ProcessInstanceView instance) {
    assertThat(SANDBOX.cluster().exportingState()).as("exporting state of the target").isEqualTo(ExportingState.EXPORTING);
    assertThat(instance.allVariableValues()).as("process variables").noneMatch(v -> v.contains(SandboxTargets.SECRET));
  }

  protected void awaitIncident(ProcessInstanceView instance) {
    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> !instance.openIncidents().isEmpty());
  }

  private static void forceResumeExporting() {
    try {
      HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(SANDBOX.cluster().managementUrl() + "/actuator/exporting/resume"))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException("cannot reset the sandbox's exporting state", e);
    }
  }
}
