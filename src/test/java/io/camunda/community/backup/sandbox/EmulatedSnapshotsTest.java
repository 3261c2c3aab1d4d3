package io.camunda.community.backup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.testsupport.SteppedClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The emulated repository answers the snapshot API as the real node does (the fleet benchmark's
 * clients read it with the same code), on a clock the test moves: no test time depends on it.
 */
class EmulatedSnapshotsTest {

  private static final String REPOSITORY = "emulated-test";

  private final SandboxOpenSearch openSearch = SandboxOpenSearch.shared();
  private final SteppedClock clock = new SteppedClock();
  private final EmulatedSnapshots emulated =
      new EmulatedSnapshots(openSearch.http().baseUrl(), REPOSITORY, Duration.ofMillis(100), clock);

  @Test
  void aSnapshotIsInProgressForItsDurationThenSucceedsWithTheMatchingIndicesAndItsMetadata() {
    Instant start = clock.instant();
    assertThat(emulated.put("/_snapshot/" + REPOSITORY + "/camunda_webapps_1_8.8.0_part_1_of_2?wait_for_completion=false",
        Map.of("indices", "operate-list-view-*,no-such-index", "metadata", Map.of("version", "8.8.0"))).status()).isEqualTo(200);

    JsonNode running = emulated.get("/_snapshot/" + REPOSITORY + "/camunda_webapps_1_*").requireOk().path("snapshots").path(0);
    assertThat(running.path("state").asText()).isEqualTo("IN_PROGRESS");
    assertThat(running.path("end_time_in_millis").asLong()).isZero();
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "/camunda_webapps_1_8.8.0_part_1_of_2/_status").requireOk()
        .path("snapshots").path(0).path("state").asText()).isEqualTo("STARTED");

    clock.step(Duration.ofMillis(100));

    JsonNode done = emulated.get("/_snapshot/" + REPOSITORY + "/camunda_webapps_1_8.8.0_part_1_of_2").requireOk().path("snapshots").path(0);
    assertThat(done.path("state").asText()).isEqualTo("SUCCESS");
    assertThat(done.path("start_time_in_millis").asLong()).isEqualTo(start.toEpochMilli());
    assertThat(done.path("end_time_in_millis").asLong()).isEqualTo(start.plusMillis(100).toEpochMilli());
    assertThat(done.path("metadata").path("version").asText()).isEqualTo("8.8.0");
    assertThat(done.path("indices")).isNotEmpty().allSatisfy(index -> assertThat(index.asText()).startsWith("operate-list-view-"));
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "/camunda_webapps_1_*?verbose=false").requireOk()
        .path("snapshots").path(0).path("state").asText()).isEqualTo("SUCCESS");
  }

  @Test
  void aNameTakenTwiceAMissingSnapshotAndARestoreAreAnsweredAsOpenSearchWouldOrRefused() {
    emulated.put("/_snapshot/" + REPOSITORY + "/records_7", Map.of("indices", "zeebe-record*")).requireOk();

    assertThat(emulated.put("/_snapshot/" + REPOSITORY + "/records_7", Map.of("indices", "zeebe-record*")).errorType())
        .isEqualTo("invalid_snapshot_name_exception");
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "/records_8").errorType()).isEqualTo("snapshot_missing_exception");
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "/records_8*").requireOk().path("snapshots")).isEmpty();
    assertThat(emulated.post("/_snapshot/" + REPOSITORY + "/records_7/_restore", null).status()).isEqualTo(501);

    // several names at once: one entry each, in the order asked; one of them missing answers 404
    emulated.put("/_snapshot/" + REPOSITORY + "/records_9", Map.of("indices", "zeebe-record*")).requireOk();
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "/records_9,records_7/_status").requireOk().path("snapshots"))
        .extracting(status -> status.path("snapshot").asText()).containsExactly("records_9", "records_7");
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "/records_7,records_8/_status").errorType())
        .isEqualTo("snapshot_missing_exception");

    assertThat(emulated.delete("/_snapshot/" + REPOSITORY + "/records_7").status()).isEqualTo(200);
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "/records_7/_status").errorType()).isEqualTo("snapshot_missing_exception");
  }

  @Test
  void requestsForAnythingButItsRepositoryReachTheRealNode() {
    assertThat(emulated.get("/_snapshot/" + REPOSITORY).requireOk().has(REPOSITORY)).isTrue();
    assertThat(emulated.get("/_snapshot/" + openSearch.repository()).requireOk().path(openSearch.repository())
        .path("type").asText()).isEqualTo("fs");
    assertThat(emulated.get("/_snapshot/" + REPOSITORY + "-other").errorType()).isEqualTo("repository_missing_exception");
    assertThat(emulated.get("/").requireOk().path("cluster_uuid").asText()).isNotBlank();
  }

}
