package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.BackupOrchestratorApplication;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.process.BackupProcessTestSupport;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.TestApiKey;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
  void catalogCommandPrintsATableAndJsonWithDashO(CapturedOutput output) throws Exception {
    long id = result(awaitEnd(startBackup("sandbox-b"))).get("backupId").asLong();

    assertThat(command("catalog", "sandbox-b")).isZero();
    List<String> lines = output.getOut().lines().toList();
    int header = lines.lastIndexOf(lines.stream().filter(l -> l.startsWith("BACKUP ID")).reduce((a, b) -> b).orElseThrow());
    assertThat(lines.get(header)).containsSubsequence("BACKUP ID", "TIME (UTC)", "STATE", "VERSION", "PARTITIONS", "COMPONENTS", "REASON");
    assertThat(lines.get(header + 1)).startsWith(id + " ").contains(" COMPLETE ").contains("zeebe:COMPLETED").contains("webapps:COMPLETED");
    assertThat(command("catalog", "sandbox-b", "-o", "yaml")).as("an output it does not know").isEqualTo(64);

    int exit = command("catalog", "-o", "json", "sandbox-b");

    assertThat(exit).isZero();
    JsonNode catalog = lastJson(output.getOut(), '[');
    assertThat(catalog.get(0).get("backupId").asLong()).isEqualTo(id);
    assertThat(catalog.get(0).get("state").asText()).isEqualTo("COMPLETE");
    assertThat(catalog.get(0).get("components").fieldNames()).toIterable().contains("zeebe", "webapps", "optimize", "zeebeRecords");
    assertThat(catalog.get(0).get("manifest").asText()).isEqualTo("PRESENT");
    assertThat(catalog.get(0).get("trigger").asText()).isEqualTo("manual");

    // What the set held when it completed, read from beside the set
    assertThat(command("manifest", "sandbox-b", Long.toString(id))).isZero();
    JsonNode manifest = lastJson(output.getOut(), '{');
    assertThat(manifest.get("backupId").asLong()).isEqualTo(id);
    assertThat(manifest.get("partitions")).hasSize(3);
    assertThat(manifest.get("snapshots")).isNotEmpty();
    assertThat(command("manifest", "sandbox-b", "1")).as("a set without a manifest").isEqualTo(3);
    assertThat(output.getErr()).contains("Backup 1 of cluster 'sandbox-b' has no manifest (looked for snapshot backup_orchestrator_manifest_1");
    assertThat(command("manifest", "sandbox-b", "latest")).isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid <backup-id>: backupId must be a positive whole number, got 'latest'");
  }

  @Test
  void backupCommandAnswersAtOnceWithTheKeyAndWithWaitFollowsTheRunToItsOutcome(CapturedOutput output) throws Exception {
    int started = command("backup", "sandbox-b", "--note=from the command line");
    assertThat(started).isZero();
    JsonNode run = lastJson(output.getOut(), '{');
    assertThat(run.get("requestId").asText()).isNotBlank();
    long key = run.get("processInstanceKey").asLong();
    assertThat(run.get("statusUrl").asText()).isEqualTo("/api/clusters/sandbox-b/runs/" + key);
    // Commands are not authenticated by the application: the operating-system user is recorded.
    String osUser = "os-user:" + System.getProperty("user.name");
    assertThat(run.get("requestedBy").asText()).isEqualTo(osUser);
    assertThat(output.getOut()).contains("operator action=backup cluster=sandbox-b principal=" + osUser + " outcome=STARTED");
    ProcessInstanceView first = track(CONTROL.instance(key));
    assertThat(CONTROL.instancesOf("backup")).contains(key);

    // status <cluster> <key> --wait follows a run started elsewhere: timeline, last status, exit code.
    int followed = command("status", "sandbox-b", Long.toString(key), "--wait");

    assertThat(followed).as("exit code of a COMPLETED backup").isZero();
    assertThat(first.isCompleted()).isTrue();
    assertThat(output.getOut()).containsSubsequence("▶ Resolve cluster", "✔ Resolve cluster", "▶ Acquire cluster lock",
        "▶ Soft-pause exporting", "✔ Resume exporting", "■ backup COMPLETED");
    JsonNode status = lastJson(output.getOut(), '{');
    assertThat(status.get("processInstanceKey").asLong()).isEqualTo(key);
    assertThat(status.get("state").asText()).isEqualTo("COMPLETED");
    assertThat(status.get("outcome").asText()).isEqualTo("SUCCEEDED");
    assertThat(status.at("/result/backupId").asLong()).isEqualTo(first.variable("backupResult").orElseThrow().get("backupId").asLong());
    assertThat(status.get("steps")).anySatisfy(step -> assertThat(step.get("name").asText()).isEqualTo("Soft-pause exporting"));
    assertThat(first.variable("requestedBy").map(JsonNode::asText)).hasValue(osUser);

    // Under another cluster's name the run does not exist (that caller's grants may not cover it).
    assertThat(command("status", "sandbox-r-aged", Long.toString(key))).as("another cluster's run").isEqualTo(3);
    assertThat(output.getErr()).contains("No backup, restore or retention run of cluster 'sandbox-r-aged' with key " + key);
    assertThat(command("status", "sandbox-b", "abc")).as("a key that is no number").isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid <key>: processInstanceKey must be a positive whole number, got 'abc'");
  }

  @Test
  void aRefusedBackupEndsTheWaitWithExitCode2AndTheReason(CapturedOutput output) throws Exception {
    GUARDS.cluster().faults().zeebeBackupStuckInProgress(true);
    ProcessInstanceView running = startBackup("sandbox-b");
    await().atMost(Duration.ofSeconds(30)).until(() -> running.completedElements().contains("Task_StartZeebeBackup"));

    int refused = command("backup", "sandbox-b", "--wait=PT2M");

    assertThat(refused).as("exit code of a refused request").isEqualTo(2);
    JsonNode status = lastJson(output.getOut(), '{');
    assertThat(status.get("state").asText()).isEqualTo("REFUSED");
    assertThat(status.get("outcome").asText()).isEqualTo("REFUSED");
    assertThat(status.at("/result/errorCode").asText()).isEqualTo("CLUSTER_BUSY");
    assertThat(status.at("/result/failureReason").asText()).contains("is running");
    assertThat(output.getOut()).contains("■ backup REFUSED");
    track(CONTROL.instance(status.get("processInstanceKey").asLong()));
    GUARDS.cluster().faults().zeebeBackupStuckInProgress(false);
    awaitEnd(running);
  }

  @Test
  void retentionDryRunWithWaitPrintsThePlan(CapturedOutput output) throws Exception {
    int exit = command("retention", "sandbox-r-aged", "--dry-run", "--wait");

    assertThat(exit).isZero();
    JsonNode status = lastJson(output.getOut(), '{');
    assertThat(status.get("state").asText()).isEqualTo("DRY_RUN");
    assertThat(status.at("/result/dryRun").asBoolean()).isTrue();
    assertThat(status.at("/result/delete").isArray()).isTrue();
    assertThat(output.getOut()).contains("■ retention DRY_RUN");
  }

  @Test
  void restoreDryRunWithWaitPrintsThePlanAndAsksForNoApproval(CapturedOutput output) throws Exception {
    long backupId = result(awaitEnd(startBackup("sandbox-restore"))).get("backupId").asLong();

    int exit = command("restore", "sandbox-restore", "--backup-id=" + backupId, "--dry-run", "--wait=PT2M");

    assertThat(exit).isZero();
    JsonNode status = lastJson(output.getOut(), '{');
    assertThat(status.get("state").asText()).isEqualTo("DRY_RUN");
    assertThat(status.at("/result/backupId").asLong()).isEqualTo(backupId);
    assertThat(status.at("/result/plan/indicesToDelete").isArray()).isTrue();
    assertThat(status.get("steps")).noneSatisfy(step -> assertThat(step.get("elementId").asText()).isEqualTo("UserTask_Approve"));
    assertThat(output.getOut()).contains("■ restore DRY_RUN");
  }

  @Test
  void withoutTheControlClustersSearchApiStatusSaysSoAndExits3(CapturedOutput output) {
    long key = 2251799813685249L; // any key: nothing can be read

    java.util.Map<String, String> properties = new java.util.LinkedHashMap<>(applicationProperties());
    properties.put("camunda.client.rest-address", "http://127.0.0.1:9"); // nothing listens there
    int exit = BackupOrchestratorApplication.runCommand(Stream.concat(Stream.of("status", "sandbox-b", Long.toString(key)),
        Stream.of(WorkerApplication.arguments(CONTROL, properties))).toArray(String[]::new));

    assertThat(exit).isEqualTo(3);
    assertThat(output.getErr()).contains("Cannot read the process instance " + key + " from the control cluster's search API")
        .contains("The run itself goes on. Check camunda.client.rest-address");
  }

  @Test
  void invalidInputOnTheCommandLineExits2NamingTheOptionAndStartsNothing(CapturedOutput output) {
    int backupsBefore = CONTROL.instancesOf("backup").size();
    int retentionsBefore = CONTROL.instancesOf("retention").size();
    int restoresBefore = CONTROL.instancesOf("restore").size();

    assertThat(command("backup", "sandbox-b", "--backup-id=9223372036854775807")).as("Long.MAX_VALUE").isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid --backup-id: backupId 9223372036854775807 is beyond the current Unix time plus one day")
        .contains("Fix: leave backupId out");
    assertThat(command("backup", "sandbox-b", "--backup-id=-3")).as("negative ID").isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid --backup-id: backupId must be a positive whole number, got -3");
    assertThat(command("backup", "sandbox-b", "--backup-id=tomorrow")).as("not a number").isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid --backup-id: --backup-id must be a whole number, got 'tomorrow'");
    assertThat(command("backup", "sandbox-b", "--note=" + "n".repeat(501))).as("long note").isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid --note: note must be at most 500 characters, got 501 characters");
    assertThat(command("restore", "sandbox-restore", "--backup-id=0")).as("restore of ID 0").isEqualTo(2);
    assertThat(command("backup", "sandbox-b", "--wait=soon")).as("a wait that is no duration").isEqualTo(2);
    assertThat(output.getErr()).contains("Invalid --wait: --wait must be a positive ISO-8601 duration, got 'soon'")
        .contains("Fix: give --wait alone to follow the run to its end, or a duration such as --wait=PT30M");
    // A typo of --dry-run must not run a real retention.
    assertThat(command("retention", "sandbox-r-aged", "--dryrun")).as("unknown option").isEqualTo(64);
    assertThat(output.getErr()).contains("Unknown option --dryrun for retention; its options are: [--dry-run, --wait]");

    // The record stream is one log: once this backup shows, anything the commands above had started would too.
    ProcessInstanceView sentinel = awaitEnd(startBackup("sandbox-b"));
    assertThat(CONTROL.instancesOf("backup")).hasSize(backupsBefore + 1).endsWith(sentinel.key());
    assertThat(CONTROL.instancesOf("retention")).hasSize(retentionsBefore);
    assertThat(CONTROL.instancesOf("restore")).hasSize(restoresBefore);
  }

  /** Issue 15 item 2: from when to when a cluster with continuous backups can be restored, per partition. */
  @Test
  void windowCommandShowsWhatAClusterWithContinuousBackupsCanBeRestoredTo(CapturedOutput output) throws Exception {
    var backup = result(awaitEnd(startBackup(CONTINUOUS)));
    assertThat(backup.get("state").asText()).as(backup.toString()).isEqualTo("COMPLETED");

    assertThat(command("window", CONTINUOUS)).isZero();

    JsonNode window = lastJson(output.getOut(), '{');
    assertThat(window.get("clusterName").asText()).isEqualTo(CONTINUOUS);
    assertThat(window.get("windows")).hasSize(3);
    java.time.Instant from = java.time.Instant.parse(window.get("restorableFrom").asText());
    java.time.Instant to = java.time.Instant.parse(window.get("restorableTo").asText());
    assertThat(to).isAfterOrEqualTo(from);
    assertThat(window.get("gaps")).isEmpty();
    assertThat(window.get("whole").asBoolean()).isTrue();

    assertThat(command("window", "sandbox-b")).as("a cluster without continuous backups").isEqualTo(2);
    assertThat(output.getErr()).contains("cluster 'sandbox-b' does not take continuous backups");
  }

  @Test
  void anUnknownClusterIsAUsageError(CapturedOutput output) {
    assertThat(command("catalog", "nope")).isEqualTo(64);
    assertThat(output.getErr()).contains("Unknown cluster 'nope'").contains("sandbox-b");
  }

  @Test
  void httpApiServesTheCatalogStartsRunsAtOnceAndAnswersTheirStatus() throws Exception {
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
    HttpResponse<String> manifest = http("GET", "sandbox-b/backups/" + id + "/manifest");
    assertThat(manifest.statusCode()).as(manifest.body()).isEqualTo(200);
    assertThat(JSON.readTree(manifest.body()).get("backupId").asLong()).isEqualTo(id);
    assertThat(JSON.readTree(manifest.body()).get("partitions")).hasSize(3);

    GUARDS.cluster().faults().zeebeBackupStuckInProgress(true);
    HttpResponse<String> accepted = http("POST", "sandbox-b/backups");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
    JsonNode run = JSON.readTree(accepted.body());
    assertThat(run.get("requestedBy").asText()).isEqualTo("api-key:" + TestApiKey.NAME);
    long key = run.get("processInstanceKey").asLong();
    assertThat(accepted.headers().firstValue("Location")).hasValue("/api/clusters/sandbox-b/runs/" + key);
    ProcessInstanceView running = track(CONTROL.instance(key));
    await().atMost(Duration.ofSeconds(30)).until(() -> running.completedElements().contains("Task_StartZeebeBackup"));
    JsonNode inProgress = JSON.readTree(http("GET", "sandbox-b/runs/" + key).body());
    assertThat(inProgress.get("state").asText()).isEqualTo("RUNNING");
    assertThat(inProgress.get("outcome").asText()).isEqualTo("RUNNING");
    assertThat(inProgress.get("currentSteps")).isNotEmpty();
    assertThat(inProgress.get("startedAt").asText()).isNotBlank();
    // (not positive: the shared engine's clock may run ahead of this JVM's after another test moved it)
    assertThat(inProgress.get("elapsedMillis").asLong()).isNotNegative();
    assertThat(inProgress.has("result")).as("no result while it runs").isFalse();

    // A second backup is accepted at once too; its status says it was refused and why.
    HttpResponse<String> second = http("POST", "sandbox-b/backups");
    assertThat(second.statusCode()).isEqualTo(202);
    long refusedKey = JSON.readTree(second.body()).get("processInstanceKey").asLong();
    track(CONTROL.instance(refusedKey));
    awaitEnd(CONTROL.instance(refusedKey));
    HttpResponse<String> refused = http("GET", "sandbox-b/runs/" + refusedKey);
    assertThat(refused.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(refused.body()).get("state").asText()).isEqualTo("REFUSED");
    assertThat(JSON.readTree(refused.body()).at("/result/errorCode").asText()).isEqualTo("CLUSTER_BUSY");
    GUARDS.cluster().faults().zeebeBackupStuckInProgress(false);
    awaitEnd(running);
    assertThat(JSON.readTree(http("GET", "sandbox-b/runs/" + key).body()).get("state").asText()).isEqualTo("COMPLETED");

    HttpResponse<String> otherCluster = http("GET", "sandbox-r-aged/runs/" + key);
    assertThat(otherCluster.statusCode()).as("a run looked up under another cluster").isEqualTo(404);
    assertThat(JSON.readTree(otherCluster.body()).get("field").asText()).isEqualTo("processInstanceKey");
    HttpResponse<String> badKey = http("GET", "sandbox-b/runs/12x");
    assertThat(badKey.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badKey.body()).get("error").asText()).isEqualTo("processInstanceKey must be a positive whole number, got '12x'");

    HttpResponse<String> dryRun = http("POST", "sandbox-r-aged/retention?dryRun=true");
    assertThat(dryRun.statusCode()).isEqualTo(202);
    long retentionKey = JSON.readTree(dryRun.body()).get("processInstanceKey").asLong();
    awaitEnd(track(CONTROL.instance(retentionKey)));
    JsonNode plan = JSON.readTree(http("GET", "sandbox-r-aged/runs/" + retentionKey).body());
    assertThat(plan.get("kind").asText()).isEqualTo("retention");
    assertThat(plan.at("/result/dryRun").asBoolean()).isTrue();

    assertThat(http("GET", "nope/backups").statusCode()).isEqualTo(404);

    // continuous backups: the restorable window instead of sets
    awaitEnd(startBackup(CONTINUOUS));
    HttpResponse<String> window = http("GET", CONTINUOUS + "/restorable-window");
    assertThat(window.statusCode()).as(window.body()).isEqualTo(200);
    assertThat(JSON.readTree(window.body()).get("windows")).hasSize(3);
    assertThat(JSON.readTree(window.body()).get("restorableTo").asText()).isNotBlank();
    HttpResponse<String> noWindow = http("GET", "sandbox-b/restorable-window");
    assertThat(noWindow.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(noWindow.body()).get("field").asText()).isEqualTo("clusterName");
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
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(30))
        .header(TestApiKey.HEADER, TestApiKey.VALUE);
    request = method.equals("POST") ? request.POST(HttpRequest.BodyPublishers.noBody()) : request.GET();
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

}
