package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bad input on the HTTP API, tried the way an adversarial operator would: every request below is
 * answered 400 (415 for a non-JSON body, 404 for an unknown cluster) with the field and the fix,
 * and none of them starts a process instance on the control cluster. A backup requested from
 * Tasklist (which bypasses the API) with an ID at {@link Long#MAX_VALUE} is refused by the model
 * before exporting is paused.
 */
class ApiInputValidationTest extends BackupProcessTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SandboxTargets GUARDS = SandboxTargets.shared("guards");
  private String apiUrl;

  /** One bad request: method, path under /api/clusters/, body (null: none), the field the answer must name. */
  private record Bad(String method, String path, String body, String field) {}

  @Test
  void badInputIsAnswered400WithTheFieldAndTheFixAndStartsNothing() throws Exception {
    long beyondTomorrow = Instant.now().plus(Duration.ofDays(2)).getEpochSecond();
    List<Bad> cases = List.of(
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": 9223372036854775807}", "backupId"),
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": " + beyondTomorrow + "}", "backupId"),
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": 0}", "backupId"),
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": -5}", "backupId"),
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": \"1767225600\"}", "backupId"),
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": 1767225600.5}", "backupId"),
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": 99999999999999999999}", "backupId"),
        new Bad("POST", "sandbox-b/backups", "{\"backupID\": 1767225600}", "backupID"),
        new Bad("POST", "sandbox-b/backups", "{\"note\": \"" + "x".repeat(501) + "\"}", "note"),
        new Bad("POST", "sandbox-b/backups", "{\"note\": 42}", "note"),
        new Bad("POST", "sandbox-b/backups", "{\"backupId\": 1767225600", "body"),
        new Bad("POST", "sandbox-b/backups", "[1767225600]", "body"),
        new Bad("POST", "sandbox-b/backups?backupId=1767225600", null, "backupId"),
        new Bad("POST", "sandbox-restore/restores", "{\"backupId\": -1}", "backupId"),
        new Bad("POST", "sandbox-restore/restores", "{\"note\": \"" + "y".repeat(501) + "\"}", "note"),
        new Bad("POST", "sandbox-restore/restores", "{\"backupId\": 1, \"force\": true}", "force"),
        new Bad("POST", "sandbox-restore/restores", "{\"backupId\": 1, \"from\": \"secondary\"}", "from"),
        // no second location configured: nothing to restore from there
        new Bad("POST", "sandbox-restore/restores", "{\"backupId\": 1, \"from\": \"second-location\"}", "from"),
        // a point in time: only ISO-8601 UTC, only for continuous backups, never with a backup ID
        new Bad("POST", "sandbox-pg-pitr-refused/restores", "{\"pointInTime\": \"07.12.2026 10:15\"}", "pointInTime"),
        new Bad("POST", "sandbox-restore/restores", "{\"pointInTime\": \"2026-12-07T10:15:00Z\"}", "pointInTime"),
        new Bad("POST", "sandbox-pg-pitr-refused/restores", "{\"backupId\": 1, \"pointInTime\": \"2026-12-07T10:15:00Z\"}", "pointInTime"),
        new Bad("POST", "sandbox-r-aged/retention?dryRun=maybe", null, "dryRun"),
        // a typo must not become a real retention run that deletes
        new Bad("POST", "sandbox-r-aged/retention?dry-run=true", null, "dry-run"),
        new Bad("GET", "sandbox-b/backups?state=COMPLETE", null, "state"));

    try (ConfigurableApplicationContext api = WorkerApplication.startApiOnly(CONTROL, applicationProperties())) {
      apiUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port") + "/api/clusters/";
      Map<String, Integer> before = instanceCounts();

      SoftAssertions softly = new SoftAssertions();
      for (Bad bad : cases) {
        HttpResponse<String> answer = http(bad.method(), bad.path(), bad.body(), "application/json");
        String what = bad.method() + " " + bad.path() + " " + abbreviate(bad.body()) + " -> " + answer.body();
        softly.assertThat(answer.statusCode()).as(what).isEqualTo(400);
        JsonNode error = parse(answer.body());
        softly.assertThat(error.path("field").asText()).as(what).isEqualTo(bad.field());
        softly.assertThat(error.path("error").asText()).as(what).isNotBlank();
        softly.assertThat(error.path("fix").asText()).as(what).isNotBlank();
      }

      HttpResponse<String> form = http("POST", "sandbox-b/backups", "backupId=1767225600", "application/x-www-form-urlencoded");
      // Refused by WebFlux before the handler (its standard error body, not ApiErrors'): nothing starts.
      softly.assertThat(form.statusCode()).as(form.body()).isEqualTo(415);
      HttpResponse<String> unknown = http("POST", "nope/backups", "{}", "application/json");
      softly.assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
      softly.assertThat(parse(unknown.body()).path("field").asText()).as(unknown.body()).isEqualTo("clusterName");
      softly.assertThat(parse(unknown.body()).path("error").asText()).as(unknown.body()).contains("'nope'");

      // A valid body still starts a backup; once its instance shows in the record stream, any
      // instance a bad request had started (earlier in the same log) would show too.
      HttpResponse<String> valid = http("POST", "sandbox-b/backups", "{\"note\": \"valid after the bad ones\"}", "application/json");
      softly.assertThat(valid.statusCode()).as(valid.body()).isIn(200, 202);
      await().atMost(Duration.ofSeconds(30)).until(() -> instanceCounts().get("backup") > before.get("backup"));
      List<Long> backups = CONTROL.instancesOf("backup");
      ProcessInstanceView sentinel = track(CONTROL.instance(backups.getLast()));
      awaitEnd(sentinel);
      softly.assertThat(sentinel.variable("note").map(JsonNode::asText)).hasValue("valid after the bad ones");
      softly.assertThat(instanceCounts()).as("process instances after the bad requests and one valid backup")
          .isEqualTo(Map.of("backup", before.get("backup") + 1, "restore", before.get("restore"), "retention", before.get("retention")));
      softly.assertAll();
    }
  }

  @Test
  void aTasklistRequestWithAnIdAtLongMaxValueIsRefusedBeforeExportingIsPaused() {
    // Tasklist starts the process itself: the API's check is bypassed, the allocation step refuses.
    long key = client.newCreateInstanceCommand().bpmnProcessId("backup").latestVersion()
        .variables(Map.of("clusterName", "sandbox-b", "requestedBackupId", Long.MAX_VALUE, "note", "from the form", "trigger", "tasklist"))
        .send().join().getProcessInstanceKey();
    ProcessInstanceView instance = awaitEnd(track(CONTROL.instance(key)));

    JsonNode result = result(instance);
    assertThat(result.get("errorCode").asText()).isEqualTo("INVALID_BACKUP_ID");
    assertThat(result.get("failureReason").asText()).contains("backupId").contains("allow-backup-ids-beyond-now");
    assertThat(instance.completedElements()).doesNotContain("Task_PauseExporting");
    assertThat(GUARDS.cluster().zeebeBackupIds()).doesNotContain(Long.MAX_VALUE);
  }

  private Map<String, Integer> instanceCounts() {
    return Map.of(
        "backup", CONTROL.instancesOf("backup").size(),
        "restore", CONTROL.instancesOf("restore").size(),
        "retention", CONTROL.instancesOf("retention").size());
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }

  private static String abbreviate(String body) {
    return body == null ? "" : body.length() > 60 ? body.substring(0, 60) + "..." : body;
  }

  private HttpResponse<String> http(String method, String path, String body, String contentType) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(Duration.ofSeconds(30))
        .header(TestApiKey.HEADER, TestApiKey.VALUE);
    if (body != null) {
      request.header("Content-Type", contentType);
    }
    HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
    request = method.equals("POST") ? request.POST(publisher) : request.GET();
    return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
