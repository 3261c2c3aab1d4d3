package io.camunda.community.backup.client;

import static io.camunda.community.backup.client.ClientFixtures.cluster;
import static io.camunda.community.backup.client.ClientFixtures.esError;
import static io.camunda.community.backup.client.ClientFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.InstanceOfAssertFactories.type;

import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.client.RecordingHttpServer.Recorded;
import io.camunda.community.backup.client.RecordingHttpServer.Reply;
import io.camunda.community.backup.client.SnapshotClient.SnapshotSummary;
import io.camunda.community.backup.config.SecondaryStorageType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link SnapshotClient} against contract 1.8 (Elasticsearch / OpenSearch snapshot API). */
class SnapshotClientTest {

  private static final String NAME = "camunda_zeebe_records_backup_1";
  private static final String PATH = "/_snapshot/camunda/" + NAME;

  private static final String CREATED = """
      {"snapshot": {"snapshot": "camunda_zeebe_records_backup_1", "uuid": "x", "repository": "camunda", "version_id": 8521000,
        "version": "8.18.0", "indices": ["zeebe-record_process_8.8.0_2025-06-03"], "data_streams": [], "include_global_state": true,
        "state": "SUCCESS", "failures": [], "shards": {"total": 8, "failed": 0, "successful": 8}, "feature_states": []}}""";

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  private SnapshotClient client() {
    return cluster(server).clients().snapshots(ClientFixtures.CLUSTER);
  }

  private SnapshotClient client(SecondaryStorageType type) {
    return cluster(server).type(type).clients().snapshots(ClientFixtures.CLUSTER);
  }

  // --- create ----------------------------------------------------------------------------------

  @Test
  void elasticsearchSnapshotLeavesFeatureStatesOut() {
    server.on("PUT", PATH, Reply.json(200, CREATED));

    client(SecondaryStorageType.ELASTICSEARCH).startSnapshot(NAME, "zeebe-record*");

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.path()).isEqualTo(PATH);
    // Deliberately not ?wait_for_completion=true: progress is polled through _status.
    assertThat(request.query()).isNull();
    assertThat(request.firstHeader("Content-Type")).isEqualTo("application/json");
    assertThat(json(request.body())).isEqualTo(json("{\"indices\":\"zeebe-record*\",\"feature_states\":[\"none\"]}"));
  }

  @Test
  void openSearchSnapshotHasNoFeatureStates() {
    server.on("PUT", PATH, Reply.json(200, "{\"accepted\":true}"));

    client(SecondaryStorageType.OPENSEARCH).startSnapshot(NAME, "zeebe-record*");

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("PUT");
    assertThat(request.uri()).isEqualTo(PATH);
    assertThat(request.firstHeader("Content-Type")).isEqualTo("application/json");
    assertThat(json(request.body())).isEqualTo(json("{\"indices\":\"zeebe-record*\"}"));
  }

  @Test
  void configuredRepositoryNameAndStoragePathAreUsed() {
    server.on("PUT", "/es/_snapshot/backups/" + NAME, Reply.json(200, "{\"accepted\":true}"));

    SnapshotClient client = cluster(server).storageUrl(server.baseUrl() + "/es/").repository("backups").clients().snapshots(ClientFixtures.CLUSTER);
    client.startSnapshot(NAME, "zeebe-record*");

    assertThat(client.repository()).isEqualTo("backups");
    assertThat(server.single().uri()).isEqualTo("/es/_snapshot/backups/" + NAME);
  }

  @Test
  void existingSnapshotNameIsAlreadyExists() {
    server.on("PUT", PATH, Reply.json(400, esError(400, "invalid_snapshot_name_exception",
        "[camunda:camunda_zeebe_records_backup_1] Invalid snapshot name [camunda_zeebe_records_backup_1], snapshot with the same name already exists")));

    assertThatThrownBy(() -> client().startSnapshot(NAME, "zeebe-record*"))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.ALREADY_EXISTS);
          assertThat(e.getMessage()).contains(NAME).contains("camunda");
        });
  }

  @Test
  void otherBadRequestIsUnavailableWithTheElasticsearchReason() {
    server.on("PUT", PATH, Reply.json(400, esError(400, "action_request_validation_exception", "Validation Failed: 1: indices is null;")));

    assertThatThrownBy(() -> client().startSnapshot(NAME, "zeebe-record*"))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("Elasticsearch snapshot API")
        .hasMessageContaining("PUT " + server.baseUrl() + PATH)
        .hasMessageContaining("answered 400")
        .hasMessageContaining("action_request_validation_exception: Validation Failed");
  }

  @Test
  void missingRepositoryIsRepositoryMissing() {
    server.on("PUT", PATH, Reply.json(404, esError(404, "repository_missing_exception", "[camunda] missing")));

    assertThatThrownBy(() -> client().startSnapshot(NAME, "zeebe-record*"))
        .asInstanceOf(type(BackupRejectedException.class))
        .satisfies(e -> {
          assertThat(e.reason()).isEqualTo(Reason.REPOSITORY_MISSING);
          assertThat(e.getMessage()).contains("'camunda'").contains("repository_missing_exception").contains("PUT _snapshot/camunda");
        });
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {500, 503, 401, 403})
  void otherStatusesAreUnavailable(int status) {
    server.on("PUT", PATH, Reply.json(status, esError(status, "security_exception", "action [cluster:admin/snapshot/create] is unauthorized")));

    assertThatThrownBy(() -> client().startSnapshot(NAME, "zeebe-record*"))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("answered " + status)
        .hasMessageContaining("is unauthorized")
        .hasMessageContaining("secondary-storage");
  }

  // --- _status -----------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"IN_PROGRESS", "SUCCESS", "FAILED", "STARTED"})
  void snapshotStateIsReadFromStatus(String state) {
    server.on("GET", PATH + "/_status", Reply.json(200, """
        {"snapshots": [{"snapshot": "camunda_zeebe_records_backup_1", "repository": "camunda", "uuid": "u", "state": "%s",
          "include_global_state": true,
          "shards_stats": {"initializing": 0, "started": 0, "finalizing": 0, "done": 8, "failed": 0, "total": 8},
          "stats": {"incremental": {"file_count": 1, "size_in_bytes": 1}, "total": {"file_count": 1, "size_in_bytes": 1},
                    "start_time_in_millis": 1, "time_in_millis": 2},
          "indices": {"zeebe-record_process_8.8.0_2025-06-03": {"shards_stats": {}, "stats": {}, "shards": {}}}}]}"""
        .formatted(state)));

    assertThat(client().snapshotState(NAME)).contains(state);

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.uri()).isEqualTo(PATH + "/_status");
  }

  @Test
  void missingSnapshotIsEmpty() {
    server.on("GET", PATH + "/_status", Reply.json(404, esError(404, "snapshot_missing_exception", "[camunda:camunda_zeebe_records_backup_1] is missing")));

    assertThat(client().snapshotState(NAME)).isEmpty();
  }

  @Test
  void statusOnAMissingRepositoryIsRepositoryMissing() {
    server.on("GET", PATH + "/_status", Reply.json(404, esError(404, "repository_missing_exception", "[camunda] missing")));

    assertThatThrownBy(() -> client().snapshotState(NAME))
        .asInstanceOf(type(BackupRejectedException.class))
        .extracting(BackupRejectedException::reason)
        .isEqualTo(Reason.REPOSITORY_MISSING);
  }

  @Test
  void emptyStatusListIsEmpty() {
    server.on("GET", PATH + "/_status", Reply.json(200, "{\"snapshots\":[]}"));

    assertThat(client().snapshotState(NAME)).isEmpty();
  }

  @Test
  void indexSizesOfManySnapshotsAreReadInOneRequest() {
    server.on("GET", "/_snapshot/camunda/a_1,b_1/_status", Reply.json(200, """
        {"snapshots": [
          {"snapshot": "b_1", "state": "SUCCESS", "indices": {"i2": {"stats": {"total": {"size_in_bytes": 20}}}}},
          {"snapshot": "a_1", "state": "SUCCESS", "indices": {"i1": {"stats": {"total": {"size_in_bytes": 10}}},
                                                              "i3": {"stats": {"total": {"size_in_bytes": 30}}}}}]}"""));

    assertThat(client().snapshotIndexSizes(List.of("a_1", "b_1")))
        .isEqualTo(Map.of("a_1", Map.of("i1", 10L, "i3", 30L), "b_1", Map.of("i2", 20L)));
    assertThat(server.single().uri()).isEqualTo("/_snapshot/camunda/a_1,b_1/_status");
  }

  @Test
  void indexSizesFailWhenTheAnswerLacksOneOfTheSnapshots() {
    server.on("GET", "/_snapshot/camunda/a_1,b_1/_status", Reply.json(200, """
        {"snapshots": [{"snapshot": "a_1", "state": "SUCCESS", "indices": {"i1": {"stats": {"total": {"size_in_bytes": 10}}}}}]}"""));

    assertThatThrownBy(() -> client().snapshotIndexSizes(List.of("a_1", "b_1")))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("snapshots[snapshot=b_1].indices");
  }

  @Test
  void indexSizesOfAMissingSnapshotFailAndNamesAreNeverPatterns() {
    server.on("GET", "/_snapshot/camunda/a_1,b_1/_status",
        Reply.json(404, esError(404, "snapshot_missing_exception", "[camunda:b_1] is missing")));

    assertThatThrownBy(() -> client().snapshotIndexSizes(List.of("a_1", "b_1")))
        .isExactlyInstanceOf(TargetUnavailableException.class).hasMessageContaining("[camunda:b_1] is missing");
    assertThatThrownBy(() -> client().snapshotIndexSizes(List.of("a_*")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a_*");
  }

  // --- list / delete -----------------------------------------------------------------------------

  @Test
  void listWithWildcardParsesNamesAndStates() {
    server.on("GET", "/_snapshot/camunda/camunda_webapps_1748937221_*", Reply.json(200, """
        {"snapshots": [
          {"snapshot": "camunda_webapps_1748937221_8.8.0_part_1_of_5", "uuid": "a", "repository": "camunda", "state": "SUCCESS", "indices": []},
          {"snapshot": "camunda_webapps_1748937221_8.8.0_part_2_of_5", "uuid": "b", "repository": "camunda", "state": "IN_PROGRESS", "indices": []}
         ], "total": 2, "remaining": 0}"""));

    var snapshots = client().listSnapshots("camunda_webapps_1748937221_*");

    Recorded request = server.single();
    assertThat(request.method()).isEqualTo("GET");
    assertThat(request.uri()).isEqualTo("/_snapshot/camunda/camunda_webapps_1748937221_*");
    assertThat(snapshots).containsExactly(
        new SnapshotSummary("camunda_webapps_1748937221_8.8.0_part_1_of_5", "SUCCESS"),
        new SnapshotSummary("camunda_webapps_1748937221_8.8.0_part_2_of_5", "IN_PROGRESS"));
  }

  @Test
  void listAllUsesTheAllKeyword() {
    server.on("GET", "/_snapshot/camunda/_all", Reply.json(200, "{\"snapshots\":[],\"total\":0,\"remaining\":0}"));

    assertThat(client().listSnapshots("_all")).isEmpty();
    assertThat(server.single().uri()).isEqualTo("/_snapshot/camunda/_all");
  }

  @Test
  void listOfAMissingSnapshotIsEmpty() {
    server.on("GET", PATH, Reply.json(404, esError(404, "snapshot_missing_exception", "[camunda:camunda_zeebe_records_backup_1] is missing")));

    assertThat(client().listSnapshots(NAME)).isEmpty();
  }

  @Test
  void listOnAMissingRepositoryIsRepositoryMissing() {
    server.on("GET", "/_snapshot/camunda/camunda_*", Reply.json(404, esError(404, "repository_missing_exception", "[camunda] missing")));

    assertThatThrownBy(() -> client().listSnapshots("camunda_*"))
        .asInstanceOf(type(BackupRejectedException.class))
        .extracting(BackupRejectedException::reason)
        .isEqualTo(Reason.REPOSITORY_MISSING);
  }

  @ParameterizedTest(name = "HTTP {0}")
  @CsvSource({"200, '{\"acknowledged\":true}'", "404, '{\"error\":{\"type\":\"snapshot_missing_exception\",\"reason\":\"missing\"},\"status\":404}'"})
  void deleteSnapshotToleratesMissing(int status, String body) {
    server.on("DELETE", PATH, Reply.json(status, body));

    client().deleteSnapshot(NAME);

    assertThat(server.single().method()).isEqualTo("DELETE");
    assertThat(server.single().uri()).isEqualTo(PATH);
  }

  @Test
  void deleteSnapshotServerErrorIsUnavailable() {
    server.on("DELETE", PATH, Reply.json(500, esError(500, "concurrent_snapshot_execution_exception", "cannot delete - another snapshot is currently being deleted")));

    assertThatThrownBy(() -> client().deleteSnapshot(NAME))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("DELETE " + server.baseUrl() + PATH)
        .hasMessageContaining("concurrent_snapshot_execution_exception");
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(value = SecondaryStorageType.class, names = {"ELASTICSEARCH", "OPENSEARCH"})
  void componentNameFollowsTheStorageType(SecondaryStorageType type) {
    server.on("GET", PATH + "/_status", Reply.json(500, esError(500, "exception", "boom")));

    assertThatThrownBy(() -> client(type).snapshotState(NAME))
        .isExactlyInstanceOf(TargetUnavailableException.class)
        .hasMessageStartingWith(type == SecondaryStorageType.ELASTICSEARCH ? "Elasticsearch snapshot API" : "OpenSearch snapshot API")
        .hasMessageContaining("secondary-storage")
        .hasMessageContaining("prod");
  }
}
