package io.camunda.community.backup.client;

import static io.camunda.community.backup.client.ClientFixtures.cluster;
import static io.camunda.community.backup.client.ClientFixtures.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.client.RecordingHttpServer.Recorded;
import io.camunda.community.backup.client.RecordingHttpServer.Reply;
import io.camunda.community.backup.config.UnknownClusterException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How {@link TargetClients} wires URLs and credentials per cluster and component. */
class TargetClientsTest {

  private static final String EXPORTING_OK = "{\"body\":null,\"status\":204,\"contentType\":null}";
  private static final String STATUS_PATH = "/_snapshot/camunda/s1/_status";
  private static final String STATUS_OK = "{\"snapshots\":[{\"snapshot\":\"s1\",\"state\":\"SUCCESS\"}]}";

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  static Stream<Arguments> credentials() {
    return Stream.of(
        Arguments.of("none", null, null, null, null),
        Arguments.of("basic", "elastic", "s3cr3t", null,
            "Basic " + Base64.getEncoder().encodeToString("elastic:s3cr3t".getBytes(StandardCharsets.UTF_8))),
        Arguments.of("basic, password with ':' and non-ASCII", "backup", "pä:ss", null,
            "Basic " + Base64.getEncoder().encodeToString("backup:pä:ss".getBytes(StandardCharsets.UTF_8))),
        Arguments.of("api key", null, null, "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
            "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw=="));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("credentials")
  void snapshotCallsCarryTheConfiguredCredentials(String label, String user, String pass, String apiKey, String expected) {
    server.on("GET", STATUS_PATH, Reply.json(200, STATUS_OK));
    server.on("PUT", "/_snapshot/camunda/s1", Reply.json(200, "{\"accepted\":true}"));
    server.on("GET", "/_snapshot/camunda/s*", Reply.json(200, "{\"snapshots\":[]}"));
    server.on("DELETE", "/_snapshot/camunda/s1", Reply.json(200, "{\"acknowledged\":true}"));

    SnapshotClient snapshots = cluster(server).basicAuth(user, pass).apiKey(apiKey).clients().snapshots(ClientFixtures.CLUSTER);
    snapshots.startSnapshot("s1", "zeebe-record*");
    snapshots.snapshotState("s1");
    snapshots.listSnapshots("s*");
    snapshots.deleteSnapshot("s1");

    assertThat(server.requests()).hasSize(4).allSatisfy(request -> {
      if (expected == null) {
        assertThat(request.header("Authorization")).as(request.method() + " " + request.uri()).isEmpty();
      } else {
        assertThat(request.header("Authorization")).as(request.method() + " " + request.uri()).containsExactly(expected);
      }
    });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("credentials")
  void managementAndOptimizeCallsNeverCarryTheStorageCredentials(String label, String user, String pass, String apiKey, String ignored) {
    server.on("POST", "/actuator/exporting/pause", Reply.json(200, EXPORTING_OK));
    server.on("POST", "/actuator/exporting/resume", Reply.json(200, EXPORTING_OK));
    server.on("POST", "/actuator/backupRuntime", Reply.json(202, message("scheduled")));
    server.on("GET", "/actuator/backupRuntime/1", Reply.json(404, message("Backup with id 1 does not exist")));
    server.on("POST", "/actuator/backupHistory", Reply.json(200, "{\"scheduledSnapshots\":[]}"));
    server.on("GET", "/actuator/backupHistory", Reply.json(200, "[]"));
    server.on("POST", "/actuator/backups", Reply.json(202, "{\"message\" : \"scheduled\"}"));
    server.on("GET", "/actuator/backups/1", Reply.json(404, "{}"));

    TargetClients clients = cluster(server).basicAuth(user, pass).apiKey(apiKey).clients();
    clients.zeebe(ClientFixtures.CLUSTER).softPauseExporting();
    clients.zeebe(ClientFixtures.CLUSTER).resumeExporting();
    clients.zeebe(ClientFixtures.CLUSTER).takeBackup(1);
    clients.zeebe(ClientFixtures.CLUSTER).getBackup(1);
    clients.webapps(ClientFixtures.CLUSTER).takeBackup(1);
    clients.webapps(ClientFixtures.CLUSTER).listBackups();
    clients.optimize(ClientFixtures.CLUSTER).takeBackup(1);
    clients.optimize(ClientFixtures.CLUSTER).getBackup(1);

    assertThat(server.requests()).hasSize(8).allSatisfy(request ->
        assertThat(request.header("Authorization")).as(request.method() + " " + request.uri()).isEmpty());
  }

  @Test
  void eachClusterTalksToItsOwnUrls() {
    try (RecordingHttpServer other = new RecordingHttpServer()) {
      server.on("POST", "/actuator/exporting/pause", Reply.json(200, EXPORTING_OK));
      other.on("POST", "/staging/actuator/exporting/pause", Reply.json(200, EXPORTING_OK));
      other.on("GET", STATUS_PATH, Reply.json(200, STATUS_OK));

      TargetClients clients = ClientFixtures.clients(
          cluster(server).name("prod").properties(),
          cluster(other).name("staging").managementUrl(other.baseUrl() + "/staging").apiKey("k").properties());
      clients.zeebe("prod").softPauseExporting();
      clients.zeebe("staging").softPauseExporting();
      clients.snapshots("staging").snapshotState("s1");

      assertThat(server.single().uri()).isEqualTo("/actuator/exporting/pause?soft=true");
      assertThat(other.requests()).extracting(Recorded::uri)
          .containsExactly("/staging/actuator/exporting/pause?soft=true", STATUS_PATH);
      assertThat(other.requests().get(1).header("Authorization")).containsExactly("ApiKey k");
    }
  }

  @Test
  void clientsAreBuiltOncePerCluster() {
    TargetClients clients = cluster(server).clients();

    assertThat(clients.zeebe(ClientFixtures.CLUSTER)).isSameAs(clients.zeebe(ClientFixtures.CLUSTER));
    assertThat(clients.webapps(ClientFixtures.CLUSTER)).isSameAs(clients.webapps(ClientFixtures.CLUSTER));
    assertThat(clients.optimize(ClientFixtures.CLUSTER)).isSameAs(clients.optimize(ClientFixtures.CLUSTER));
    assertThat(clients.snapshots(ClientFixtures.CLUSTER)).isSameAs(clients.snapshots(ClientFixtures.CLUSTER));
  }

  @Test
  void unknownClusterNamesTheConfiguredOnes() {
    TargetClients clients = cluster(server).clients();

    assertThatThrownBy(() -> clients.zeebe("nope"))
        .isInstanceOf(UnknownClusterException.class)
        .hasMessageContaining("'nope'")
        .hasMessageContaining("[prod]");
    assertThat(server.requests()).isEmpty();
  }
}
