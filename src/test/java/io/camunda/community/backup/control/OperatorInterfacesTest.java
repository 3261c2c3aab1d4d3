package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.BackupOrchestratorApplication;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.process.BackupProcessTestSupport;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The operator's ways in besides Tasklist: the application's commands (`java -jar app.jar catalog
 * prod`) and the HTTP API, each run as a separate application instance against the shared engine,
 * while the test's worker application executes the processes.
 */
@ExtendWith(OutputCaptureExtension.class)
class OperatorInterfacesTest extends BackupProcessTestSupport {

  private static final SandboxTargets GUARDS = SandboxTargets.shared("guards");
  private static final ObjectMapper JSON = new ObjectMapper();
  private String apiUrl;

  @AfterEach
  void clearGuardFaults() {
    GUARDS.cluster().faults().clear();
  }

  @Test
  void catalogCommandPrintsTheSetsAsJson(CapturedOutput output) throws Exception {
    long id = result(awaitEnd(startBackup("sandbox-b"))).get("backupId").asLong();

    int exit = command("catalog", "sandbox-b");

    assertThat(exit).isZero();
    JsonNode catalog = lastJson(output.getOut(), '[');
    assertThat(catalog.get(0).get("backupId").asLong()).isEqualTo(id);
    assertThat(catalog.get(0).get("state").asText()).isEqualTo("COMPLETE");
    assertThat(catalog.get(0).get("components").fieldNames()).toIterable().contains("zeebe", "webapps", "optimize", "zeebeRecords");
  }

  @Test
  void backupCommandStartsABackupAndSaysAtOnceWhenTheClusterIsBusy(CapturedOutput output) throws Exception {
    int started = command("backup", "sandbox-b", "--note=from the command line");
    assertThat(started).isZero();
    JsonNode outcome = lastJson(output.getOut(), '{');
    assertThat(outcome.get("requestId").asText()).isNotBlank();
    ProcessInstanceView first = CONTROL.instance(CONTROL.instancesOf("backup").getLast());
    track(first);

    GUARDS.cluster().faults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView running = startBackup("sandbox-b");
    awaitEnd(first);
    await().atMost(Duration.ofSeconds(30)).until(() -> running.completedElements().contains("Task_StartZeebeBackup"));

    int refused = command("backup", "sandbox-b");

    assertThat(refused).as("exit code of a refused request").isEqualTo(2);
    JsonNode refusal = lastJson(output.getOut(), '{');
    assertThat(refusal.at("/result/state").asText()).isEqualTo("REFUSED");
    assertThat(refusal.at("/result/failureReason").asText()).contains("is running");
    GUARDS.cluster().faults().zeebeBackupStuckInProgress(false);
    awaitEnd(running);
  }

  @Test
  void retentionDryRunCommandPrintsThePlan(CapturedOutput output) throws Exception {
    int exit = command("retention", "sandbox-r-aged", "--dry-run");

    assertThat(exit).isZero();
    JsonNode outcome = lastJson(output.getOut(), '{');
    assertThat(outcome.get("ended").asBoolean()).isTrue();
    assertThat(outcome.at("/result/dryRun").asBoolean()).isTrue();
    assertThat(outcome.at("/result/delete").isArray()).isTrue();
  }

  @Test
  void anUnknownClusterIsAUsageError(CapturedOutput output) {
    assertThat(command("catalog", "nope")).isEqualTo(64);
    assertThat(output.getErr()).contains("Unknown cluster 'nope'").contains("sandbox-b");
  }

  @Test
  void httpApiServesTheCatalogAndRefusesABusyCluster() throws Exception {
    // Started here, not once per class: closing a command's context disposes Reactor Netty's
    // global resources, which a server started earlier in this JVM runs on.
    try (ConfigurableApplicationContext api = WorkerApplication.startApiOnly(CONTROL, applicationProperties())) {
      apiUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port") + "/api/clusters/";
      exerciseHttpApi();
    }
  }

  private void exerciseHttpApi() throws Exception {
    long id = result(awaitEnd(startBackup("sandbox-b"))).get("backupId").asLong();

    HttpResponse<String> catalog = http("GET", "sandbox-b/backups");
    assertThat(catalog.statusCode()).isEqualTo(200);
    assertThat(catalog.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
    assertThat(JSON.readTree(catalog.body()).get(0).get("backupId").asLong()).isEqualTo(id);

    GUARDS.cluster().faults().zeebeBackupStuckInProgress(true);
    HttpResponse<String> accepted = http("POST", "sandbox-b/backups");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    ProcessInstanceView running = track(CONTROL.instance(CONTROL.instancesOf("backup").getLast()));
    await().atMost(Duration.ofSeconds(30)).until(() -> running.completedElements().contains("Task_StartZeebeBackup"));

    HttpResponse<String> refused = http("POST", "sandbox-b/backups");
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(JSON.readTree(refused.body()).at("/result/errorCode").asText()).isEqualTo("CLUSTER_BUSY");
    GUARDS.cluster().faults().zeebeBackupStuckInProgress(false);
    awaitEnd(running);

    HttpResponse<String> dryRun = http("POST", "sandbox-r-aged/retention?dryRun=true");
    assertThat(dryRun.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(dryRun.body()).at("/result/dryRun").asBoolean()).isTrue();

    assertThat(http("GET", "nope/backups").statusCode()).isEqualTo(404);
  }

  private static int command(String... words) {
    String[] args = Stream.concat(Stream.of(words), Stream.of(WorkerApplication.arguments(CONTROL, applicationProperties())))
        .toArray(String[]::new);
    return BackupOrchestratorApplication.runCommand(args);
  }

  /** The last JSON document the command printed (it prints one, after Spring's log lines). */
  private static JsonNode lastJson(String out, char opening) throws Exception {
    int start = out.lastIndexOf("\n" + opening);
    return JSON.readTree(out.substring(start + 1));
  }

  private HttpResponse<String> http(String method, String path) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(30));
    request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

}
