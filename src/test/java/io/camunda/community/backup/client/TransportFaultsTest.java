package io.camunda.community.backup.client;

import static io.camunda.community.backup.client.ClientFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.camunda.community.backup.client.RecordingHttpServer.Reply;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transport faults (refused connection, slow answer, dropped connection, body that is not JSON)
 * come back as {@link TargetUnavailableException} naming the component, the request and what to
 * check, for every component client.
 */
class TransportFaultsTest {

  private static final Duration SHORT_TIMEOUT = Duration.ofMillis(300);
  private static final String CL = ClientFixtures.CLUSTER;

  private static final String MANAGEMENT_HINT = "Check that the management API (port 9600, with its context path) is reachable";
  private static final String OPTIMIZE_HINT = "Check that Optimize's management API (port 8092) is reachable";
  private static final String STORAGE_HINT = "secondary-storage settings of cluster 'prod' (URL, credentials, snapshot privileges)";

  /** One call of each kind the clients make, with what its fault message must name. */
  enum Call {
    ZEEBE_SOFT_PAUSE("Zeebe management API", "POST", "/actuator/exporting/pause?soft=true", MANAGEMENT_HINT,
        c -> c.zeebe(CL).softPauseExporting()),
    ZEEBE_RESUME("Zeebe management API", "POST", "/actuator/exporting/resume", MANAGEMENT_HINT,
        c -> c.zeebe(CL).resumeExporting()),
    ZEEBE_TAKE("Zeebe management API", "POST", "/actuator/backupRuntime", MANAGEMENT_HINT,
        c -> c.zeebe(CL).takeBackup(1)),
    ZEEBE_GET("Zeebe management API", "GET", "/actuator/backupRuntime/1", MANAGEMENT_HINT,
        c -> c.zeebe(CL).getBackup(1)),
    ZEEBE_LIST("Zeebe management API", "GET", "/actuator/backupRuntime", MANAGEMENT_HINT,
        c -> c.zeebe(CL).listBackups()),
    WEBAPPS_TAKE("Web-apps backup API", "POST", "/actuator/backupHistory", MANAGEMENT_HINT,
        c -> c.webapps(CL).takeBackup(1)),
    WEBAPPS_GET("Web-apps backup API", "GET", "/actuator/backupHistory/1", MANAGEMENT_HINT,
        c -> c.webapps(CL).getBackup(1)),
    WEBAPPS_LIST("Web-apps backup API", "GET", "/actuator/backupHistory?verbose=false", MANAGEMENT_HINT,
        c -> c.webapps(CL).listBackups()),
    OPTIMIZE_TAKE("Optimize backup API", "POST", "/actuator/backups", OPTIMIZE_HINT,
        c -> c.optimize(CL).takeBackup(1)),
    OPTIMIZE_GET("Optimize backup API", "GET", "/actuator/backups/1", OPTIMIZE_HINT,
        c -> c.optimize(CL).getBackup(1)),
    SNAPSHOT_START("Elasticsearch snapshot API", "PUT", "/_snapshot/camunda/s1", STORAGE_HINT,
        c -> c.snapshots(CL).startSnapshot("s1", "zeebe-record*")),
    SNAPSHOT_STATUS("Elasticsearch snapshot API", "GET", "/_snapshot/camunda/s1/_status", STORAGE_HINT,
        c -> c.snapshots(CL).snapshotState("s1")),
    SNAPSHOT_LIST("Elasticsearch snapshot API", "GET", "/_snapshot/camunda/s*", STORAGE_HINT,
        c -> c.snapshots(CL).listSnapshots("s*"));

    final String component;
    final String method;
    final String uri;
    final String hint;
    final Consumer<TargetClients> invoke;

    Call(String component, String method, String uri, String hint, Consumer<TargetClients> invoke) {
      this.component = component;
      this.method = method;
      this.uri = uri;
      this.hint = hint;
      this.invoke = invoke;
    }

    String path() {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }
  }

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  @ParameterizedTest(name = "{0}")
  @EnumSource(Call.class)
  void connectionRefusedNamesComponentRequestAndWhatToCheck(Call call) {
    String closed = "http://127.0.0.1:" + ClientFixtures.closedPort();
    TargetClients clients = cluster(closed).clients();

    long start = System.nanoTime();
    assertThatThrownBy(() -> call.invoke.accept(clients))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageStartingWith(call.component + ": ")
        .hasMessageContaining(call.method + " " + closed + call.uri)
        .hasMessageContaining("cannot connect")
        .hasMessageContaining("Connection refused")
        .hasMessageContaining(call.hint);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Call.class, names = {"ZEEBE_SOFT_PAUSE", "ZEEBE_TAKE", "WEBAPPS_TAKE", "OPTIMIZE_GET", "SNAPSHOT_STATUS"})
  void answerSlowerThanTheRequestTimeoutIsUnavailable(Call call) {
    server.on(call.method, call.path(), Reply.json(200, "{}").delayedBy(Duration.ofSeconds(2)));
    TargetClients clients = cluster(server).requestTimeout(SHORT_TIMEOUT).clients();

    long start = System.nanoTime();
    TargetUnavailableException fault = catchThrowableOfType(TargetUnavailableException.class, () -> call.invoke.accept(clients));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(fault).isExactlyInstanceOf(TargetUnavailableException.class);
    assertThat(fault.getMessage())
        .startsWith(call.component + ": ")
        .contains(call.method + " " + server.baseUrl() + call.uri)
        .contains("no answer within")
        .contains(call.hint);
    assertThat(elapsed).isBetween(SHORT_TIMEOUT.minusMillis(50), Duration.ofMillis(1500));
  }

  /**
   * The timeout message must state the configured timeout. Production prints {@code
   * timeout.toSeconds()}, so any sub-second timeout reads "no answer within 0 s" (and PT1.5S reads
   * "1 s").
   */
  @Test
  void timeoutMessageStatesTheConfiguredTimeout() {
    server.on("POST", "/actuator/exporting/pause", Reply.json(200, "{}").delayedBy(Duration.ofSeconds(2)));
    TargetClients clients = cluster(server).requestTimeout(SHORT_TIMEOUT).clients();

    TargetUnavailableException fault = catchThrowableOfType(TargetUnavailableException.class, () -> clients.zeebe(CL).softPauseExporting());

    assertThat(fault.getMessage())
        .doesNotContain("within 0 s")
        .containsPattern("(300 ?ms|0\\.3 ?s|PT0\\.3S)");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Call.class)
  void connectionClosedWithoutAnswerIsUnavailable(Call call) {
    server.on(call.method, call.path(), Reply.closeConnection());
    TargetClients clients = cluster(server).clients();

    long start = System.nanoTime();
    assertThatThrownBy(() -> call.invoke.accept(clients))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageStartingWith(call.component + ": ")
        .hasMessageContaining(call.method + " " + server.baseUrl() + call.uri)
        .hasMessageContaining(call.hint);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    assertThat(server.requests()).isNotEmpty().allSatisfy(r -> assertThat(r.uri()).isEqualTo(call.uri));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Call.class)
  void non200HtmlFromAProxyIsUnavailableWithATruncatedBody(Call call) {
    String html = "<html><head><title>502 Bad Gateway</title></head><body>" + "x".repeat(1000) + "</body></html>";
    server.on(call.method, call.path(), Reply.text(502, "text/html", html));
    TargetClients clients = cluster(server).clients();

    assertThatThrownBy(() -> call.invoke.accept(clients))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageStartingWith(call.component + ": ")
        .hasMessageContaining(call.method + " " + server.baseUrl() + call.uri)
        .hasMessageContaining("answered 502")
        .hasMessageContaining("502 Bad Gateway")
        .hasMessageNotContaining("</html>")
        .hasMessageContaining(call.hint);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Call.class)
  void non200EmptyBodyIsUnavailable(Call call) {
    server.on(call.method, call.path(), Reply.status(503));
    TargetClients clients = cluster(server).clients();

    assertThatThrownBy(() -> call.invoke.accept(clients))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining(call.method + " " + server.baseUrl() + call.uri)
        .hasMessageContaining("answered 503");
  }

  /** Every call that reads a 200 body (the three "take/start" calls only look at the status). */
  @ParameterizedTest(name = "{0}")
  @EnumSource(value = Call.class, mode = EnumSource.Mode.EXCLUDE, names = {"ZEEBE_TAKE", "OPTIMIZE_TAKE", "SNAPSHOT_START"})
  void nonJson200IsUnavailable(Call call) {
    server.on(call.method, call.path(), Reply.text(200, "text/html", "<html><body>Welcome to nginx!</body></html>"));
    TargetClients clients = cluster(server).clients();

    assertThatThrownBy(() -> call.invoke.accept(clients))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageStartingWith(call.component + ": ")
        .hasMessageContaining(call.method + " " + server.baseUrl() + call.uri)
        .hasMessageContaining("answered 200 with a body that is not the documented JSON")
        .hasMessageContaining(call.hint);
  }

  /**
   * A 200 whose JSON lacks what the contract marks required (1.2.2: backupId, state, details;
   * 1.3.1: scheduledSnapshots) is "an answer the contract does not describe" and must be a
   * {@link TargetUnavailableException} naming the request. Production instead either throws a
   * bare NullPointerException (incident text "Unexpected error in step ...:
   * java.lang.NullPointerException", no URL, no hint) or returns a backup whose state is null,
   * which ProgressEvaluator then feeds to Set.of(..).contains(null) - another NullPointerException.
   */
  @ParameterizedTest(name = "{0} answering 200 {1}")
  @CsvSource(delimiter = '|', value = {
    "ZEEBE_GET     | {}",
    "ZEEBE_GET     | {\"backupId\":1,\"details\":[]}",
    "ZEEBE_GET     | null",
    "WEBAPPS_TAKE  | {}",
    "WEBAPPS_GET   | {}",
    "OPTIMIZE_GET  | {}"
  })
  void ok200WithoutTheRequiredFieldsIsUnavailable(Call call, String body) {
    server.on(call.method, call.path(), Reply.json(200, body));
    TargetClients clients = cluster(server).clients();

    assertThatThrownBy(() -> call.invoke.accept(clients))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining(call.method + " " + server.baseUrl() + call.uri);
  }
}
