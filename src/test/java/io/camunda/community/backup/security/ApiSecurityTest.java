package io.camunda.community.backup.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.process.BackupProcessTestSupport;
import io.camunda.community.backup.testsupport.TestApiKey;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The HTTP API as an attacker and as each kind of operator meets it: the real worker application
 * with its web server, a real token issuer (RSA key generated per run, JWK set served over HTTP on
 * localhost), and API keys. For every endpoint: 401 without credentials and with every bad token
 * or key, 403 for a valid caller lacking the permission (or the cluster), through security with the
 * right one. A cross-origin form post is refused, the actuator shows only what it should, and a
 * backup started with a token names its caller and never the token.
 */
@ExtendWith(OutputCaptureExtension.class)
class ApiSecurityTest extends BackupProcessTestSupport {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String S = "backup-orchestrator.security.";
  private static final String READER_KEY = "reader-0c4b7a9e2f1d8c6b5a3e";
  private static final String OPERATOR_KEY = "operator-9f8e7d6c5b4a3f2e1d0c";
  private static final String ADMIN_KEY = "admin chosen by a person";
  private static final String TEAM_B_KEY = "team-b-1a2b3c4d5e6f7a8b9c0d";
  private static TestTokenIssuer issuer;

  private String baseUrl;

  @BeforeAll
  static void startIssuer() {
    issuer = new TestTokenIssuer();
  }

  @AfterAll
  static void stopIssuer() {
    issuer.close();
  }

  /** One endpoint, a request to it that passes security without side effects, and what it answers then. */
  private record Endpoint(OperatorAction action, String method, String path, String body, int passes) {}

  private static final List<Endpoint> ENDPOINTS = List.of(
      new Endpoint(OperatorAction.CATALOG, "GET", "sandbox-b/backups", null, 200),
      // no run has key 1: answered 404 by the controller after the control cluster's search
      new Endpoint(OperatorAction.RUN_STATUS, "GET", "sandbox-b/runs/1", null, 404),
      // no set has ID 1: answered 404 by the controller after looking for its manifest
      new Endpoint(OperatorAction.MANIFEST, "GET", "sandbox-b/backups/1/manifest", null, 404),
      // sandbox-b takes no continuous backups: answered 400 by the controller, nothing read
      new Endpoint(OperatorAction.RESTORABLE_WINDOW, "GET", "sandbox-b/restorable-window", null, 400),
      // invalid bodies: answered 400 by the controller, so they got through security and started nothing
      new Endpoint(OperatorAction.BACKUP, "POST", "sandbox-b/backups", "{\"backupId\": -5}", 400),
      new Endpoint(OperatorAction.CANCEL_BACKUP, "POST", "sandbox-b/backups/cancellation", null, 202),
      new Endpoint(OperatorAction.RETENTION, "POST", "sandbox-r-aged/retention?dryRun=maybe", null, 400),
      new Endpoint(OperatorAction.RESTORE, "POST", "sandbox-restore/restores", "{\"backupId\": -1}", 400),
      // sandbox-b is no drill target: answered 400 by the controller, nothing started
      new Endpoint(OperatorAction.DRILL, "POST", "sandbox-b/drills", null, 400),
      new Endpoint(OperatorAction.RELEASE_LOCK, "POST", "sandbox-b/lock/release", null, 200));

  @org.junit.jupiter.api.Test
  void everyActionOfTheApiIsCoveredByTheseCases() {
    assertThat(ENDPOINTS).extracting(Endpoint::action).containsExactlyInAnyOrder(OperatorAction.values());
  }

  /** Where the caller's credentials go: an Authorization or API-key header, or none. */
  private record Credential(String description, String header, String value) {

    static Credential none() {
      return new Credential("no credentials", null, null);
    }

    static Credential bearer(String description, String token) {
      return new Credential(description, "Authorization", "Bearer " + token);
    }

    static Credential apiKey(String description, String key) {
      return new Credential(description, TestApiKey.HEADER, key);
    }
  }

  private static Map<String, String> securedProperties() {
    Map<String, String> properties = new LinkedHashMap<>(applicationProperties());
    properties.keySet().removeIf(key -> key.startsWith(S));
    properties.put(S + "oidc.issuer-uri", issuer.issuer());
    properties.put(S + "oidc.audiences", TestTokenIssuer.AUDIENCE);
    properties.put(S + "oidc.authorities-claims", TestTokenIssuer.ROLES_CLAIM + ".roles");
    grant(properties, 0, "backup-readers", "read", null);
    grant(properties, 1, "backup-operators", "backup", null);
    grant(properties, 2, "backup-admins", "admin", null);
    grant(properties, 3, "team-b", "backup", "sandbox-b");
    properties.putAll(TestApiKey.properties(0, "reader", READER_KEY, "read"));
    properties.putAll(TestApiKey.properties(1, "operator", OPERATOR_KEY, "backup"));
    properties.putAll(TestApiKey.properties(2, "admin", ADMIN_KEY, "admin"));
    properties.put(S + "api-keys[2].hash", new BCryptPasswordEncoder(4).encode(ADMIN_KEY)); // a key a person chose
    properties.putAll(TestApiKey.properties(3, "team-b", TEAM_B_KEY, "backup"));
    properties.put(S + "api-keys[3].clusters", "sandbox-b");
    return properties;
  }

  private static void grant(Map<String, String> properties, int index, String authority, String permissions, String clusters) {
    String prefix = S + "oidc.grants[" + index + "].";
    properties.put(prefix + "authority", authority);
    properties.put(prefix + "permissions", permissions);
    if (clusters != null) {
      properties.put(prefix + "clusters", clusters);
    }
  }

  /** The credentials of each level, by token and by API key. */
  private static Map<String, List<Credential>> holders() {
    return Map.of(
        "none", List.of(Credential.bearer("token without a granted role", issuer.token("nobody", "offline_access"))),
        "read", List.of(Credential.bearer("reader token", issuer.token("rita", "backup-readers")), Credential.apiKey("reader key", READER_KEY)),
        "backup", List.of(Credential.bearer("operator token", issuer.token("oscar", "backup-operators")),
            Credential.apiKey("operator key", OPERATOR_KEY)),
        "admin", List.of(Credential.bearer("admin token", issuer.token("ada", "backup-admins")), Credential.apiKey("admin key (bcrypt)", ADMIN_KEY)));
  }

  /** Credentials that must never get in, whatever they claim. */
  private static List<Credential> rejected() {
    return List.of(
        Credential.none(),
        Credential.bearer("token signed with another key", issuer.signedWithAnotherKey("ada", "backup-admins")),
        Credential.bearer("expired token", issuer.expired("ada", "backup-admins")),
        Credential.bearer("token for another audience", issuer.forAnotherAudience("ada", "backup-admins")),
        Credential.bearer("token from another issuer", issuer.fromAnotherIssuer("ada", "backup-admins")),
        Credential.bearer("token without expiry", issuer.withoutExpiry("ada", "backup-admins")),
        Credential.bearer("unsigned token (alg none)", issuer.unsigned("ada", "backup-admins")),
        Credential.bearer("not a token", "ada"),
        Credential.apiKey("unknown API key", "admin-guess-123"),
        Credential.apiKey("the stored hash sent as the key", TestApiKey.sha256Hex(READER_KEY)));
  }

  @Test
  void everyEndpointRefusesBadCredentialsAndMissingPermissionsAndLetsTheRightCallerThrough(CapturedOutput output) throws Exception {
    try (ConfigurableApplicationContext api = WorkerApplication.startApiOnly(CONTROL, securedProperties())) {
      baseUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
      Map<String, List<Credential>> holders = holders();
      Map<String, Integer> before = instanceCounts();
      SoftAssertions softly = new SoftAssertions();

      for (Endpoint endpoint : ENDPOINTS) {
        for (Credential bad : rejected()) {
          HttpResponse<String> answer = call(endpoint, bad);
          softly.assertThat(answer.statusCode()).as(what(endpoint, bad, answer)).isEqualTo(401);
          softly.assertThat(answer.body()).as(what(endpoint, bad, answer)).contains("\"fix\"").doesNotContain("Bearer ey");
        }
        String below = switch (endpoint.action().permission()) {
          case READ -> "none";
          case BACKUP -> "read";
          case ADMIN -> "backup";
        };
        for (Credential lacking : holders.get(below)) {
          HttpResponse<String> answer = call(endpoint, lacking);
          softly.assertThat(answer.statusCode()).as(what(endpoint, lacking, answer)).isEqualTo(403);
          softly.assertThat(answer.body()).as(what(endpoint, lacking, answer))
              .contains("may not " + endpoint.action().auditName()).contains("'" + endpoint.action().permission().configName() + "' permission");
        }
        for (Credential right : holders.get(endpoint.action().permission().configName())) {
          HttpResponse<String> answer = call(endpoint, right);
          softly.assertThat(answer.statusCode()).as(what(endpoint, right, answer)).isEqualTo(endpoint.passes());
          softly.assertThat(answer.headers().firstValue("Set-Cookie")).as("stateless: " + what(endpoint, right, answer)).isEmpty();
        }
      }
      // A higher permission includes the lower ones.
      HttpResponse<String> adminReads = call(ENDPOINTS.getFirst(), holders.get("admin").getFirst());
      softly.assertThat(adminReads.statusCode()).as(adminReads.body()).isEqualTo(200);

      softly.assertThat(instanceCounts()).as("no request above started a backup, restore or retention").isEqualTo(before);
      softly.assertThat(output.getOut()).as("refusals of authenticated callers are audited")
          .contains("operator action=backup cluster=sandbox-b principal=rita outcome=DENIED")
          .contains("operator action=restore cluster=sandbox-restore principal=api-key:operator outcome=DENIED")
          .contains("operator action=release-lock cluster=sandbox-b principal=ada outcome=NOT_HELD");
      softly.assertAll();
    }
  }

  @Test
  void aGrantLimitedToOneClusterActsOnThatClusterOnly() throws Exception {
    try (ConfigurableApplicationContext api = WorkerApplication.startApiOnly(CONTROL, securedProperties())) {
      baseUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
      SoftAssertions softly = new SoftAssertions();
      for (Credential teamB : List.of(Credential.bearer("team-b token", issuer.token("bea", "team-b")), Credential.apiKey("team-b key", TEAM_B_KEY))) {
        Map<Endpoint, Integer> expected = new LinkedHashMap<>();
        expected.put(new Endpoint(OperatorAction.CATALOG, "GET", "sandbox-b/backups", null, 0), 200);
        expected.put(new Endpoint(OperatorAction.BACKUP, "POST", "sandbox-b/backups", "{\"backupId\": -5}", 0), 400);
        expected.put(new Endpoint(OperatorAction.CATALOG, "GET", "sandbox-r-aged/backups", null, 0), 403);
        expected.put(new Endpoint(OperatorAction.RUN_STATUS, "GET", "sandbox-r-aged/runs/1", null, 0), 403);
        expected.put(new Endpoint(OperatorAction.BACKUP, "POST", "sandbox-r-aged/backups", "{\"backupId\": -5}", 0), 403);
        expected.put(new Endpoint(OperatorAction.CANCEL_BACKUP, "POST", "sandbox-r-aged/backups/cancellation", null, 0), 403);
        expected.put(new Endpoint(OperatorAction.RETENTION, "POST", "sandbox-b/retention?dryRun=maybe", null, 0), 403);
        expected.put(new Endpoint(OperatorAction.CATALOG, "GET", "nope/backups", null, 0), 403);
        expected.forEach((endpoint, status) -> {
          HttpResponse<String> answer = call(endpoint, teamB);
          softly.assertThat(answer.statusCode()).as(what(endpoint, teamB, answer)).isEqualTo(status);
        });
        HttpResponse<String> other = call(new Endpoint(OperatorAction.BACKUP, "POST", "sandbox-r-aged/backups", null, 0), teamB);
        softly.assertThat(other.body()).contains("may not backup on cluster 'sandbox-r-aged'").contains("backup:sandbox-b");
      }
      softly.assertAll();
    }
  }

  @Test
  void aCrossOriginFormPostAndAPreflightWithoutCredentialsAreRefused() throws Exception {
    try (ConfigurableApplicationContext api = WorkerApplication.startApiOnly(CONTROL, securedProperties())) {
      baseUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
      Map<String, Integer> before = instanceCounts();

      // What a page in an operator's browser can send without any script: a form, with the
      // browser's cookies for the host. No cookie is ever a credential here.
      HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/clusters/sandbox-b/backups"))
          .header("Origin", "https://evil.example")
          .header("Content-Type", "application/x-www-form-urlencoded")
          .header("Cookie", "SESSION=stolen; JSESSIONID=stolen")
          .POST(HttpRequest.BodyPublishers.ofString("backupId=1767225600&note=pwned")));
      assertThat(form.statusCode()).as(form.body()).isEqualTo(401);

      // A script would need a preflight to send a token or key cross-origin: no CORS grant is given.
      HttpResponse<String> preflight = send(HttpRequest.newBuilder(URI.create(baseUrl + "/api/clusters/sandbox-b/backups"))
          .header("Origin", "https://evil.example")
          .header("Access-Control-Request-Method", "POST")
          .header("Access-Control-Request-Headers", "authorization, x-api-key, content-type")
          .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
      assertThat(preflight.statusCode()).as(preflight.body()).isIn(401, 403);
      assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

      assertThat(instanceCounts()).isEqualTo(before);
    }
  }

  @Test
  void theActuatorShowsOnlyProbesWithoutCredentialsAndNothingBeyondHealthInfoAndPrometheus() throws Exception {
    Map<String, String> properties = securedProperties();
    // Even an operator who widens the exposure opens nothing beyond health, info and prometheus.
    properties.put("management.endpoints.web.exposure.include", "health,info,prometheus,env,beans");
    try (ConfigurableApplicationContext api = WorkerApplication.startApiOnly(CONTROL, properties)) {
      baseUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
      Credential reader = Credential.apiKey("reader key", READER_KEY);
      Credential admin = Credential.bearer("admin token", issuer.token("ada", "backup-admins"));
      Credential nobody = Credential.bearer("token without a granted role", issuer.token("nobody"));
      SoftAssertions softly = new SoftAssertions();

      for (String probe : List.of("/actuator/health/liveness", "/actuator/health/readiness")) {
        softly.assertThat(get(probe, Credential.none()).statusCode()).as(probe).isEqualTo(200);
      }
      for (String path : List.of("/actuator/health", "/actuator/info", "/actuator/prometheus", "/actuator", "/actuator/metrics", "/", "/api")) {
        softly.assertThat(get(path, Credential.none()).statusCode()).as(path + " without credentials").isEqualTo(401);
      }
      softly.assertThat(get("/actuator/health", reader).statusCode()).isEqualTo(200);
      softly.assertThat(get("/actuator/info", reader).statusCode()).isEqualTo(200);
      softly.assertThat(get("/actuator/info", nobody).statusCode()).isEqualTo(403);
      for (String hidden : List.of("/actuator/env", "/actuator/beans")) {
        HttpResponse<String> answer = get(hidden, admin);
        softly.assertThat(answer.statusCode()).as(hidden + " exposed but not allowed: " + answer.body()).isEqualTo(403);
      }
      for (String hidden : List.of("/actuator/metrics", "/actuator/configprops", "/actuator/loggers", "/actuator/heapdump")) {
        HttpResponse<String> answer = get(hidden, admin);
        softly.assertThat(answer.statusCode()).as(hidden + " is not exposed: " + answer.body()).isIn(403, 404);
      }
      softly.assertAll();
    }
  }

  @Test
  void aBackupStartedWithATokenRecordsWhoAskedAndTheTokenNowhere(CapturedOutput output) throws Exception {
    Map<String, String> properties = securedProperties();
    // Spring Security's own diagnostics at their most talkative: they must not print the token either.
    properties.put("logging.level.org.springframework.security", "TRACE");
    properties.put("logging.level.org.springframework.web", "DEBUG");
    String token = issuer.token("ada", "backup-admins");
    try (ConfigurableApplicationContext api = WorkerApplication.startApiOnly(CONTROL, properties)) {
      baseUrl = "http://127.0.0.1:" + api.getEnvironment().getProperty("local.server.port");
      HttpResponse<String> answer = call(new Endpoint(OperatorAction.BACKUP, "POST", "sandbox-b/backups",
          "{\"note\": \"started with a token\"}", 0), Credential.bearer("admin token", token));

      assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);
      assertThat(JSON.readTree(answer.body()).get("requestedBy").asText()).isEqualTo("ada");
      ProcessInstanceView backup = track(CONTROL.instance(CONTROL.instancesOf("backup").getLast()));
      awaitEnd(backup);
      assertThat(backup.variable("requestedBy").map(JsonNode::asText)).hasValue("ada");
      assertThat(result(backup).get("requestedBy").asText()).isEqualTo("ada");
      assertThat(result(backup).get("note").asText()).isEqualTo("started with a token");
      assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");

      String signature = token.substring(token.lastIndexOf('.') + 1);
      String claims = token.split("\\.")[1];
      assertThat(backup.allVariableValues()).as("process variables").noneMatch(v -> v.contains(signature) || v.contains(claims));
      await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(output.getOut())
          .contains("operator action=backup cluster=sandbox-b principal=ada outcome="));
      assertThat(output.getAll()).as("log output").doesNotContain(signature).doesNotContain(claims);
    } finally {
      // The logging system is one per JVM: later test classes must not inherit the trace levels.
      LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
      logging.setLogLevel("org.springframework.security", null);
      logging.setLogLevel("org.springframework.web", null);
    }
  }

  @Test
  void withoutAnySecurityConfiguredTheWebApplicationDoesNotStart() {
    Map<String, String> properties = new LinkedHashMap<>(applicationProperties());
    properties.keySet().removeIf(key -> key.startsWith(S));
    assertThatThrownBy(() -> WorkerApplication.startApiOnly(CONTROL, properties).close())
        .satisfies(e -> assertThat(messages(e)).contains("backup-orchestrator.security: the HTTP API has no authentication configured"));
  }

  private static String messages(Throwable e) {
    StringBuilder text = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      text.append(t.getMessage()).append('\n');
    }
    return text.toString();
  }

  private Map<String, Integer> instanceCounts() {
    return Map.of(
        "backup", CONTROL.instancesOf("backup").size(),
        "restore", CONTROL.instancesOf("restore").size(),
        "retention", CONTROL.instancesOf("retention").size());
  }

  private static String what(Endpoint endpoint, Credential credential, HttpResponse<String> answer) {
    return endpoint.method() + " " + endpoint.path() + " with " + credential.description() + " -> " + answer.body();
  }

  private HttpResponse<String> call(Endpoint endpoint, Credential credential) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/clusters/" + endpoint.path()));
    if (endpoint.body() != null) {
      request.header("Content-Type", "application/json");
    }
    HttpRequest.BodyPublisher body = endpoint.body() == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(endpoint.body());
    return send(with(request.method(endpoint.method(), body), credential));
  }

  private HttpResponse<String> get(String path, Credential credential) {
    return send(with(HttpRequest.newBuilder(URI.create(baseUrl + path)).GET(), credential));
  }

  private static HttpRequest.Builder with(HttpRequest.Builder request, Credential credential) {
    return credential.header() == null ? request : request.header(credential.header(), credential.value());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
