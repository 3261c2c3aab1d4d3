package io.camunda.community.backup.client;

import static io.camunda.community.backup.client.ClientFixtures.cluster;
import static io.camunda.community.backup.client.ClientFixtures.json;
import static io.camunda.community.backup.client.ClientFixtures.optimizeError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.client.RecordingHttpServer.Recorded;
import io.camunda.community.backup.client.RecordingHttpServer.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link OptimizeBackupClient} against contract 1.5 ({@code $OPT/actuator/backups}). */
class OptimizeBackupClientTest {

  private static final String BACKUP = """
      {
        "backupId": 1748937221,
        "failureReason": null,
        "state": "%s",
        "details": [
          {"snapshotName": "camunda_optimize_1748937221_8.8.0_part_1_of_2", "state": "SUCCESS",
           "startTime": "2025-06-03T07:53:54.389+0000", "failures": []},
          {"snapshotName": "camunda_optimize_1748937221_8.8.0_part_2_of_2", "state": "SUCCESS",
           "startTime": "2025-06-03T07:53:54.389+0000", "failures": []}
        ]
      }""";

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  private OptimizeBackupClient client() {
    return cluster(server).clients().optimize(ClientFixtures.CLUSTER);
  }

  @Test
  void takeBackupPostsTheIdAndAcceptsTheExact202Body() {
    // Hand-built string in Optimize, note the space before the colon (contract 1.5.1).
    server.on("POST", "/actuator/backups", Reply.json(202,
        "{\"message\" : \"Backup creation for ID 1748937221 has been scheduled. Use the GET API to monitor completion of backup process\"}"));

    client().takeBackup(1748937221L);

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/actuator/backups");
    assertThat(request.firstHeader("Content-Type")).isEqualTo("application/json");
    assertThat(json(request.body())).isEqualTo(json("{\"backupId\":1748937221}"));
  }

  @Test
  void optimizeUrlIsUsedAsIsIncludingItsOwnPath() {
    server.on("POST", "/optimize-mgmt/actuator/backups", Reply.json(202, "{\"message\" : \"scheduled\"}"));

    cluster(server)
        .managementUrl("http://127.0.0.1:" + ClientFixtures.closedPort())
        .optimizeUrl(server.baseUrl() + "/optimize-mgmt/")
        .clients()
        .optimize(ClientFixtures.CLUSTER)
        .takeBackup(3);

    assertThat(server.single().uri()).isEqualTo("/optimize-mgmt/actuator/backups");
  }

  @Test
  void conflict409IsAlreadyExistsWithTheDetailedMessage() {
    String detailed = "A backup with ID [1748937221] already exists. Found snapshots: [camunda_optimize_1748937221_8.8.0_part_1_of_2]";
    server.on("POST", "/actuator/backups", Reply.json(409, optimizeError("conflict", "A conflict occurred", detailed)));

    assertThatThrownBy(() -> client().takeBackup(1748937221L))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS);
          assertThat(e.getMessage()).contains(detailed);
        });
  }

  @Test
  void repositoryMissingSurfacesAs500AndIsRejected() {
    String detailed = "No repository with name [x] could be found.";
    server.on("POST", "/actuator/backups", Reply.json(500, optimizeError("serverError", "An unexpected error occurred", detailed)));

    assertThatThrownBy(() -> client().takeBackup(1748937221L))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.REPOSITORY_MISSING);
          assertThat(e.getMessage()).contains(detailed);
        });
  }

  @Test
  void repositoryNotConfigured400IsRejected() {
    String detailed = "Cannot execute backup request because no snapshot repository name found in Optimize configuration.";
    server.on("POST", "/actuator/backups", Reply.json(400, optimizeError("badRequestError", "Bad request", detailed)));

    assertThatThrownBy(() -> client().takeBackup(1748937221L))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.REPOSITORY_NOT_CONFIGURED);
          assertThat(e.getMessage()).contains(detailed);
        });
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 502, 503})
  void otherServerErrorsAreUnavailable(int status) {
    server.on("POST", "/actuator/backups", Reply.json(status, optimizeError("serverError", "An error", "Connection refused to elasticsearch:9200")));

    assertThatThrownBy(() -> client().takeBackup(5))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("Optimize backup API")
        .hasMessageContaining("POST " + server.baseUrl() + "/actuator/backups")
        .hasMessageContaining("answered " + status)
        .hasMessageContaining("Connection refused to elasticsearch:9200")
        .hasMessageContaining("Check that Optimize");
  }

  @ParameterizedTest(name = "state {0} -> COMPLETED")
  @ValueSource(strings = {"COMPLETED", "COMPLETE"})
  void getBackupNormalisesTheCompletedState(String state) {
    server.on("GET", "/actuator/backups/1748937221", Reply.json(200, BACKUP.formatted(state)));

    ComponentBackupInfo info = client().getBackup(1748937221L).orElseThrow();

    assertThat(server.single().method()).isEqualTo("GET");
    assertThat(server.single().uri()).isEqualTo("/actuator/backups/1748937221");
    assertThat(info.state()).isEqualTo("COMPLETED");
    assertThat(info.snapshotNames()).containsExactly(
        "camunda_optimize_1748937221_8.8.0_part_1_of_2", "camunda_optimize_1748937221_8.8.0_part_2_of_2");
  }

  @Test
  void getBackupKeepsOtherStates() {
    server.on("GET", "/actuator/backups/2", Reply.json(200,
        "{\"backupId\":2,\"failureReason\":\"The following snapshots failed: [x]\",\"state\":\"FAILED\",\"details\":[]}"));

    ComponentBackupInfo info = client().getBackup(2).orElseThrow();

    assertThat(info.state()).isEqualTo("FAILED");
    assertThat(info.failureReason()).isEqualTo("The following snapshots failed: [x]");
  }

  @Test
  void getBackup404IsEmpty() {
    server.on("GET", "/actuator/backups/7", Reply.json(404,
        optimizeError("notFoundError", "Not found", "No Optimize backup with ID [7] could be found.")));

    assertThat(client().getBackup(7)).isEmpty();
  }

  @Test
  void listBackupsParsesAnArrayOfTheSameObject() {
    server.on("GET", "/actuator/backups", Reply.json(200, "[" + BACKUP.formatted("COMPLETE") + "]"));

    List<ComponentBackupInfo> backups = client().listBackups();

    assertThat(server.single().uri()).isEqualTo("/actuator/backups");
    assertThat(backups).singleElement().satisfies(b -> {
      assertThat(b.backupId()).isEqualTo(1748937221L);
      assertThat(b.state()).isEqualTo("COMPLETED");
    });
  }

  @Test
  void deleteBackupIsADeleteOnTheId() {
    server.on("DELETE", "/actuator/backups/1748937221", Reply.status(204));

    client().deleteBackup(1748937221L);

    assertThat(server.single().method()).isEqualTo("DELETE");
    assertThat(server.single().uri()).isEqualTo("/actuator/backups/1748937221");
  }

  @Test
  void noOptimizeUrlMeansNoOptimizeClient() {
    TargetClients clients = cluster(server).optimizeUrl(null).clients();

    assertThatThrownBy(() -> clients.optimize(ClientFixtures.CLUSTER))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("'prod'")
        .hasMessageContaining("optimize-url");
    assertThat(server.requests()).isEmpty();
  }
}
