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
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ZeebeManagementClient} against contract 1.2 (backupRuntime), 1.6 (exporting) and 1.7 (partitions). */
class ZeebeManagementClientTest {

  private static final String SUCCESS = "{\"body\":null,\"status\":204,\"contentType\":null}";

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  private ZeebeManagementClient client() {
    return cluster(server).clients().zeebe(ClientFixtures.CLUSTER);
  }

  // --- exporting control (1.6) -------------------------------------------------------------

  @Test
  void softPauseIsAPostWithSoftTrueAndNoBody() {
    server.on("POST", "/actuator/exporting/pause", Reply.json(200, SUCCESS));

    client().softPauseExporting();

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/actuator/exporting/pause?soft=true");
    assertThat(request.body()).isEmpty();
    assertThat(request.header("Content-Type")).isEmpty();
    assertThat(request.header("Authorization")).isEmpty();
  }

  @Test
  void resumeIsAPostWithoutQueryOrBody() {
    server.on("POST", "/actuator/exporting/resume", Reply.json(200, SUCCESS));

    client().resumeExporting();

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/actuator/exporting/resume");
    assertThat(request.body()).isEmpty();
  }

  @ParameterizedTest(name = "management-url path \"{0}\" -> {1}")
  @CsvSource({
    "'',          /actuator/exporting/pause?soft=true",
    "/,           /actuator/exporting/pause?soft=true",
    "/example,    /example/actuator/exporting/pause?soft=true",
    "/example/,   /example/actuator/exporting/pause?soft=true",
    "/a/b,        /a/b/actuator/exporting/pause?soft=true"
  })
  void managementContextPathIsPrepended(String contextPath, String expectedUri) {
    String path = expectedUri.substring(0, expectedUri.indexOf('?'));
    server.on("POST", path, Reply.json(200, SUCCESS));

    cluster(server).managementUrl(server.baseUrl() + contextPath).clients().zeebe(ClientFixtures.CLUSTER).softPauseExporting();

    assertThat(server.single().uri()).isEqualTo(expectedUri);
  }

  @Test
  void contextPathAppliesToBackupRuntimeToo() {
    server.on("POST", "/example/actuator/backupRuntime", Reply.json(202, message("scheduled")));

    cluster(server).managementUrl(server.baseUrl() + "/example").clients().zeebe(ClientFixtures.CLUSTER).takeBackup(7);

    assertThat(server.single().uri()).isEqualTo("/example/actuator/backupRuntime");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"pause", "resume"})
  void http200WithBodyStatus500IsUnconfirmedAndCarriesTheBrokerMessage(String action) {
    String brokerMessage = "Expected 3 members of partition 1 but found 2, current topology: ...";
    server.on("POST", "/actuator/exporting/" + action,
        Reply.json(200, "{\"body\":{\"message\":\"" + brokerMessage + "\"},\"status\":500,\"contentType\":null}"));

    ZeebeManagementClient client = client();
    assertThatThrownBy(() -> {
          if (action.equals("pause")) {
            client.softPauseExporting();
          } else {
            client.resumeExporting();
          }
        })
        .isInstanceOf(ExportingUnconfirmedException.class)
        .isInstanceOf(TargetUnavailableException.class) // retryable
        .hasMessageContaining(brokerMessage)
        .hasMessageContaining("500")
        .hasMessageContaining(server.baseUrl() + "/actuator/exporting/" + action);
  }

  @Test
  void http200WithoutStatusInBodyIsUnconfirmed() {
    server.on("POST", "/actuator/exporting/pause", Reply.json(200, "{}"));

    assertThatThrownBy(() -> client().softPauseExporting()).isInstanceOf(ExportingUnconfirmedException.class);
  }

  @Test
  void exportingEndpointAnsweringNon200IsUnavailableNotUnconfirmed() {
    server.on("POST", "/actuator/exporting/pause", Reply.json(404, "{\"timestamp\":\"2025-06-03T08:06:06.246+00:00\",\"status\":404,\"error\":\"Not Found\",\"path\":\"/actuator/exporting/pause\"}"));

    assertThatThrownBy(() -> client().softPauseExporting())
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("POST " + server.baseUrl() + "/actuator/exporting/pause?soft=true")
        .hasMessageContaining("404");
  }

  // --- take (1.2.1) --------------------------------------------------------------------------

  @Test
  void takeBackupPostsTheIdAsJson() {
    server.on("POST", "/actuator/backupRuntime", Reply.json(202,
        message("A backup with id 123 has been scheduled. Use GET actuator/backups/123 to monitor the status.")));

    client().takeBackup(123);

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.uri()).isEqualTo("/actuator/backupRuntime");
    assertThat(request.firstHeader("Content-Type")).isEqualTo("application/json");
    assertThat(json(request.body())).isEqualTo(json("{\"backupId\":123}"));
  }

  @Test
  void takeBackupSendsLargeIdsAsNumbers() {
    server.on("POST", "/actuator/backupRuntime", Reply.json(202, "{\"backupId\":1748937221123,\"message\":\"scheduled\"}"));

    client().takeBackup(1748937221123L);

    assertThat(json(server.single().body()).get("backupId").asLong()).isEqualTo(1748937221123L);
    assertThat(json(server.single().body()).get("backupId").isNumber()).isTrue();
  }

  @Test
  void conflict409IsBackupIdConflict() {
    String zeebe = "Requested backup has id 100. The latest backup has id 200. The ID of the new backup must be greater than the ID of previous backups that are completed, failed, or deleted.";
    server.on("POST", "/actuator/backupRuntime", Reply.json(409, message(zeebe)));

    assertThatThrownBy(() -> client().takeBackup(100))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.BACKUP_ID_CONFLICT);
          assertThat(e.getMessage()).contains("100").contains(zeebe);
        });
  }

  @Test
  void notConfigured400IsBackupStoreNotConfigured() {
    server.on("POST", "/actuator/backupRuntime", Reply.json(400, message("Backup is not enabled on the cluster. Configure a backup store.")));

    assertThatThrownBy(() -> client().takeBackup(5))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.BACKUP_STORE_NOT_CONFIGURED);
          assertThat(e.getMessage()).contains("Backup is not enabled on the cluster");
        });
  }

  @Test
  void invalidId400IsInvalidRequest() {
    server.on("POST", "/actuator/backupRuntime", Reply.json(400, message("A backupId must be provided and it must be > 0")));

    assertThatThrownBy(() -> client().takeBackup(0))
        .asInstanceOf(type(BackupRejectedException.class))
        .extracting(BackupRejectedException::reason)
        .isEqualTo(Reason.INVALID_REQUEST);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({
    "502, Failed to send request from gateway to broker.",
    "503, Expected to handle request but broker is resource exhausted",
    "504, Request from gateway to broker timed out.",
    "500, Unexpected exception"
  })
  void serverErrorsAreTargetUnavailableWithUrlAndStatus(int status, String text) {
    server.on("POST", "/actuator/backupRuntime", Reply.json(status, message(text)));

    assertThatThrownBy(() -> client().takeBackup(9))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("Zeebe management API")
        .hasMessageContaining("POST " + server.baseUrl() + "/actuator/backupRuntime")
        .hasMessageContaining("answered " + status)
        .hasMessageContaining(text)
        .hasMessageContaining("Check that the management API");
  }

  // --- get / list / delete (1.2.2 - 1.2.4) ----------------------------------------------------

  @Test
  void getBackupParsesTheContractExample() {
    server.on("GET", "/actuator/backupRuntime/1748937221", Reply.json(200, """
        {
          "backupId": 1748937221,
          "state": "COMPLETED",
          "details": [
            {
              "partitionId": 1,
              "state": "COMPLETED",
              "createdAt": "2025-06-03T08:06:06.246997293Z",
              "lastUpdatedAt": "2025-06-03T08:06:10.408893628Z",
              "snapshotId": "2-1-3-2",
              "checkpointPosition": 5,
              "firstLogPosition": 1,
              "brokerId": 0,
              "brokerVersion": "8.8.0"
            }
          ]
        }"""));

    ZeebeBackupInfo info = client().getBackup(1748937221L).orElseThrow();

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.uri()).isEqualTo("/actuator/backupRuntime/1748937221");
    assertThat(info.backupId()).isEqualTo(1748937221L);
    assertThat(info.state()).isEqualTo("COMPLETED");
    assertThat(info.failureReason()).isNull();
    assertThat(info.details()).singleElement().satisfies(p -> {
      assertThat(p.partitionId()).isEqualTo(1);
      assertThat(p.state()).isEqualTo("COMPLETED");
      assertThat(p.createdAt()).isEqualTo("2025-06-03T08:06:06.246997293Z");
      assertThat(p.snapshotId()).isEqualTo("2-1-3-2");
      assertThat(p.checkpointPosition()).isEqualTo(5L);
      assertThat(p.brokerId()).isZero();
      assertThat(p.brokerVersion()).isEqualTo("8.8.0");
    });
  }

  @Test
  void getBackupCarriesTheFailureReason() {
    server.on("GET", "/actuator/backupRuntime/3", Reply.json(200, """
        {"backupId":3,"state":"FAILED","failureReason":"disk full",
         "details":[{"partitionId":1,"state":"FAILED","failureReason":"disk full"},{"partitionId":2,"state":"COMPLETED"}]}"""));

    ZeebeBackupInfo info = client().getBackup(3).orElseThrow();

    assertThat(info.state()).isEqualTo("FAILED");
    assertThat(info.failureReason()).isEqualTo("disk full");
    assertThat(info.details()).extracting(ZeebeBackupInfo.Partition::state).containsExactly("FAILED", "COMPLETED");
  }

  @Test
  void getBackup404IsEmpty() {
    server.on("GET", "/actuator/backupRuntime/42", Reply.json(404, message("Backup with id 42 does not exist")));

    assertThat(client().getBackup(42)).isEmpty();
  }

  @Test
  void getBackup502IsUnavailable() {
    server.on("GET", "/actuator/backupRuntime/42", Reply.json(502, message("Failed to send request from gateway to broker.")));

    assertThatThrownBy(() -> client().getBackup(42))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("GET " + server.baseUrl() + "/actuator/backupRuntime/42")
        .hasMessageContaining("502");
  }

  @Test
  void listBackupsParsesTheContractExample() {
    server.on("GET", "/actuator/backupRuntime", Reply.json(200, """
        [
          {
            "backupId": 1748937221,
            "state": "COMPLETED",
            "details": [
              {"partitionId": 1, "state": "COMPLETED", "createdAt": "2025-06-03T08:06:10.408893628Z", "brokerVersion": "8.8.0"},
              {"partitionId": 2, "state": "COMPLETED", "createdAt": "2025-06-03T08:06:10.408893628Z", "brokerVersion": "8.8.0"},
              {"partitionId": 3, "state": "COMPLETED", "createdAt": "2025-06-03T08:06:10.408893628Z", "brokerVersion": "8.8.0"}
            ]
          }
        ]"""));

    List<ZeebeBackupInfo> backups = client().listBackups();

    assertThat(server.single().uri()).isEqualTo("/actuator/backupRuntime");
    assertThat(backups).singleElement().satisfies(b -> {
      assertThat(b.backupId()).isEqualTo(1748937221L);
      assertThat(b.state()).isEqualTo("COMPLETED");
      assertThat(b.details()).extracting(ZeebeBackupInfo.Partition::partitionId).containsExactly(1, 2, 3);
      assertThat(b.details()).extracting(ZeebeBackupInfo.Partition::brokerVersion).containsOnly("8.8.0");
      assertThat(b.details()).extracting(ZeebeBackupInfo.Partition::checkpointPosition).containsOnlyNulls();
    });
  }

  @Test
  void listBackupsOfAnEmptyStoreIsEmpty() {
    server.on("GET", "/actuator/backupRuntime", Reply.json(200, "[]"));

    assertThat(client().listBackups()).isEmpty();
  }

  @Test
  void deleteBackupIsADeleteOnTheId() {
    server.on("DELETE", "/actuator/backupRuntime/77", Reply.status(204));

    client().deleteBackup(77);

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("DELETE");
    assertThat(request.uri()).isEqualTo("/actuator/backupRuntime/77");
    assertThat(request.body()).isEmpty();
  }

  @Test
  void deleteBackupFailureIsUnavailable() {
    server.on("DELETE", "/actuator/backupRuntime/77", Reply.json(500, message("boom")));

    assertThatThrownBy(() -> client().deleteBackup(77))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("DELETE " + server.baseUrl() + "/actuator/backupRuntime/77")
        .hasMessageContaining("boom");
  }

  // --- partitions (1.7) -----------------------------------------------------------------------

  @Test
  void partitionsAreParsedPerPartitionId() {
    server.on("GET", "/actuator/partitions", Reply.json(200, """
        {"1": {"role": "LEADER", "processedPosition": 6403, "snapshotId": "x", "processedPositionInSnapshot": 6393,
               "streamProcessorPhase": "PROCESSING", "exporterPhase": "SOFT_PAUSED", "exportedPosition": 6404,
               "clock": {}, "health": {"status": "HEALTHY"}},
         "2": {"role": "FOLLOWER", "processedPosition": null, "exporterPhase": null, "exportedPosition": null}}"""));

    var partitions = client().partitions();

    assertThat(server.single().uri()).isEqualTo("/actuator/partitions");
    assertThat(partitions).containsOnlyKeys("1", "2");
    assertThat(partitions.get("1")).isEqualTo(new ZeebeManagementClient.PartitionStatus("LEADER", "SOFT_PAUSED", 6404L, 6403L));
    assertThat(partitions.get("2").role()).isEqualTo("FOLLOWER");
    assertThat(partitions.get("2").exportedPosition()).isNull();
  }
}
