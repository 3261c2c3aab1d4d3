package io.camunda.community.backup.client;

import static io.camunda.community.backup.client.ClientFixtures.cluster;
import static io.camunda.community.backup.client.ClientFixtures.json;
import static io.camunda.community.backup.client.ClientFixtures.message;
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
import org.junit.jupiter.params.provider.CsvSource;

/** {@link WebappsBackupClient} against contract 1.3 ({@code /actuator/backupHistory}). */
class WebappsBackupClientTest {

  /** What Spring answers when the endpoint is not registered at all (web apps off, RDBMS, wrong URL). */
  private static final String SPRING_404 =
      "{\"timestamp\":\"2025-06-03T08:06:06.246+00:00\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/actuator/backupHistory\"}";

  private static final String SCHEDULED = """
      {
        "scheduledSnapshots": [
          "camunda_webapps_1748937221_8.8.0_part_1_of_5",
          "camunda_webapps_1748937221_8.8.0_part_2_of_5",
          "camunda_webapps_1748937221_8.8.0_part_3_of_5",
          "camunda_webapps_1748937221_8.8.0_part_4_of_5",
          "camunda_webapps_1748937221_8.8.0_part_5_of_5"
        ]
      }""";

  private static final String ONE_BACKUP = """
      {
        "backupId": 1748937221,
        "state": "COMPLETED",
        "failureReason": null,
        "details": [
          {
            "snapshotName": "camunda_webapps_1748937221_8.8.0_part_1_of_5",
            "state": "SUCCESS",
            "startTime": "2025-06-03T07:55:15.685+0000",
            "failures": []
          },
          {
            "snapshotName": "camunda_webapps_1748937221_8.8.0_part_2_of_5",
            "state": "SUCCESS",
            "startTime": "2025-06-03T07:55:16.685+0000",
            "failures": null
          }
        ]
      }""";

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  private WebappsBackups client() {
    return cluster(server).clients().webapps(ClientFixtures.CLUSTER);
  }

  // --- take (1.3.1) --------------------------------------------------------------------------

  @Test
  void takeBackupPostsTheIdAndReturnsTheScheduledSnapshots() {
    server.on("POST", "/actuator/backupHistory", Reply.json(200, SCHEDULED));

    List<String> snapshots = client().takeBackup(1748937221L);

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/actuator/backupHistory");
    assertThat(request.firstHeader("Content-Type")).isEqualTo("application/json");
    assertThat(json(request.body())).isEqualTo(json("{\"backupId\":1748937221}"));
    assertThat(snapshots).containsExactly(
        "camunda_webapps_1748937221_8.8.0_part_1_of_5",
        "camunda_webapps_1748937221_8.8.0_part_2_of_5",
        "camunda_webapps_1748937221_8.8.0_part_3_of_5",
        "camunda_webapps_1748937221_8.8.0_part_4_of_5",
        "camunda_webapps_1748937221_8.8.0_part_5_of_5");
  }

  @Test
  void takeBackupUsesTheManagementContextPath() {
    server.on("POST", "/example/actuator/backupHistory", Reply.json(200, SCHEDULED));

    cluster(server).managementUrl(server.baseUrl() + "/example").clients().webapps(ClientFixtures.CLUSTER).takeBackup(123);

    assertThat(server.single().uri()).isEqualTo("/example/actuator/backupHistory");
    assertThat(json(server.single().body())).isEqualTo(json("{\"backupId\":123}"));
  }

  @Test
  void takeBackupAlsoAccepts202AsTheOpenApiSays() {
    server.on("POST", "/actuator/backupHistory", Reply.json(202, SCHEDULED));

    assertThat(client().takeBackup(1748937221L)).hasSize(5);
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(delimiter = '|', value = {
    "400 | A backup with ID [1748937221] already exists. Found snapshots: [camunda_webapps_1748937221_8.8.0_part_1_of_5] | ALREADY_EXISTS",
    "400 | No backup repository configured.                                                                            | REPOSITORY_NOT_CONFIGURED",
    "404 | No repository with name [camunda] could be found.                                                          | REPOSITORY_MISSING",
    "400 | BackupId must be a non-negative Integer. Received value: 0                                                 | INVALID_REQUEST"
  })
  void takeBackupRejections(int status, String text, Reason reason) {
    server.on("POST", "/actuator/backupHistory", Reply.json(status, message(text)));

    assertThatThrownBy(() -> client().takeBackup(1748937221L))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(reason);
          assertThat(e.getMessage()).contains(text);
        });
  }

  @Test
  void anotherBackupRunningIsRetryable() {
    server.on("POST", "/actuator/backupHistory", Reply.json(400, message("Another backup is running at the moment")));

    assertThatThrownBy(() -> client().takeBackup(5))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("Another backup is running at the moment")
        .hasMessageContaining("POST " + server.baseUrl() + "/actuator/backupHistory");
  }

  @Test
  void endpointAbsentIsBackupApiNotAvailable() {
    server.on("POST", "/actuator/backupHistory", Reply.json(404, SPRING_404));

    assertThatThrownBy(() -> client().takeBackup(5))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.BACKUP_API_NOT_AVAILABLE);
          assertThat(e.getMessage()).contains(server.baseUrl() + "/actuator/backupHistory").contains("management-url");
        });
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({
    "502, Encountered an error connecting to Elasticsearch while taking a snapshot",
    "500, Index [operate-list-view-8.3.0_] does not exist",
    "503, Service Unavailable"
  })
  void serverErrorsAreUnavailableWithUrlAndStatus(int status, String text) {
    server.on("POST", "/actuator/backupHistory", Reply.json(status, message(text)));

    assertThatThrownBy(() -> client().takeBackup(5))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("Web-apps backup API")
        .hasMessageContaining("POST " + server.baseUrl() + "/actuator/backupHistory")
        .hasMessageContaining("answered " + status)
        .hasMessageContaining(text);
  }

  // --- get (1.3.2) -----------------------------------------------------------------------------

  @Test
  void getBackupParsesTheContractExample() {
    server.on("GET", "/actuator/backupHistory/1748937221", Reply.json(200, ONE_BACKUP));

    ComponentBackupInfo info = client().getBackup(1748937221L).orElseThrow();

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.uri()).isEqualTo("/actuator/backupHistory/1748937221");
    assertThat(info.backupId()).isEqualTo(1748937221L);
    assertThat(info.state()).isEqualTo("COMPLETED");
    assertThat(info.failureReason()).isNull();
    assertThat(info.snapshotNames()).containsExactly(
        "camunda_webapps_1748937221_8.8.0_part_1_of_5", "camunda_webapps_1748937221_8.8.0_part_2_of_5");
    assertThat(info.details().get(0).state()).isEqualTo("SUCCESS");
    assertThat(info.details().get(0).startTime()).isEqualTo("2025-06-03T07:55:15.685+0000");
    assertThat(info.details().get(0).failures()).isEmpty();
  }

  @Test
  void getBackupToleratesFieldsOfNewerVersions() {
    server.on("GET", "/actuator/backupHistory/1", Reply.json(200, """
        {"backupId":1,"state":"IN_PROGRESS","failureReason":null,"details":[],
         "physicalTenants":[{"physicalTenantId":"default","state":"IN_PROGRESS","failureReason":null,"details":[]}]}"""));

    assertThat(client().getBackup(1)).get().extracting(ComponentBackupInfo::state).isEqualTo("IN_PROGRESS");
  }

  @Test
  void getBackupNotFoundIsEmpty() {
    server.on("GET", "/actuator/backupHistory/1748937221", Reply.json(404, message("No backup with id [1748937221] found.")));

    assertThat(client().getBackup(1748937221L)).isEmpty();
  }

  @Test
  void getBackupOnAnAbsentEndpointIsNotAvailableRatherThanEmpty() {
    server.on("GET", "/actuator/backupHistory/5", Reply.json(404, SPRING_404));

    assertThatThrownBy(() -> client().getBackup(5))
        .asInstanceOf(type(BackupRejectedException.class))
        .extracting(BackupRejectedException::reason)
        .isEqualTo(Reason.BACKUP_API_NOT_AVAILABLE);
  }

  @Test
  void getBackupRepositoryMissingIsRejected() {
    server.on("GET", "/actuator/backupHistory/5", Reply.json(404, message("No repository with name [camunda] could be found.")));

    assertThatThrownBy(() -> client().getBackup(5))
        .asInstanceOf(type(BackupRejectedException.class))
        .extracting(BackupRejectedException::reason)
        .isEqualTo(Reason.REPOSITORY_MISSING);
  }

  @Test
  void getBackup502IsUnavailable() {
    server.on("GET", "/actuator/backupHistory/5", Reply.json(502, message("Encountered an error connecting to Elasticsearch")));

    assertThatThrownBy(() -> client().getBackup(5))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("GET " + server.baseUrl() + "/actuator/backupHistory/5")
        .hasMessageContaining("502");
  }

  // --- list (1.3.3) / delete (1.3.4) -------------------------------------------------------------

  @Test
  void listBackupsAsksForTheCheapNonVerboseListing() {
    server.on("GET", "/actuator/backupHistory", Reply.json(200, "[" + ONE_BACKUP + ", {\"backupId\":1748930000,\"state\":\"FAILED\",\"details\":[]}]"));

    List<ComponentBackupInfo> backups = client().listBackups();

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.path()).isEqualTo("/actuator/backupHistory");
    assertThat(request.query()).isEqualTo("verbose=false");
    assertThat(backups).extracting(ComponentBackupInfo::backupId).containsExactly(1748937221L, 1748930000L);
    assertThat(backups.get(1).details()).isEmpty();
  }

  @Test
  void listBackupsRepositoryNotConfigured() {
    server.on("GET", "/actuator/backupHistory", Reply.json(400, message("No backup repository configured.")));

    assertThatThrownBy(() -> client().listBackups())
        .asInstanceOf(type(BackupRejectedException.class))
        .extracting(BackupRejectedException::reason)
        .isEqualTo(Reason.REPOSITORY_NOT_CONFIGURED);
  }

  @Test
  void deleteBackupIsADeleteOnTheId() {
    server.on("DELETE", "/actuator/backupHistory/1748937221", Reply.status(204));

    client().deleteBackup(1748937221L);

    assertThat(server.single().method()).isEqualTo("DELETE");
    assertThat(server.single().uri()).isEqualTo("/actuator/backupHistory/1748937221");
  }

  @Test
  void deleteOfAnUnknownBackupIsTolerated() {
    server.on("DELETE", "/actuator/backupHistory/9", Reply.json(404, message("Expected to find backup with ID '9', but no metadata for it found")));

    client().deleteBackup(9);

    assertThat(server.requests()).hasSize(1);
  }
}
