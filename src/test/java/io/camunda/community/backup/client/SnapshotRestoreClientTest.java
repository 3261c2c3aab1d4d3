package io.camunda.community.backup.client;

import static io.camunda.community.backup.client.ClientFixtures.cluster;
import static io.camunda.community.backup.client.ClientFixtures.esError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.client.RecordingHttpServer.Recorded;
import io.camunda.community.backup.client.RecordingHttpServer.Reply;
import io.camunda.community.backup.client.SnapshotClient.ShardRecovery;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The restore side of {@link SnapshotClient} (contract 1.8): start without waiting, recoveries, deletion by name. */
class SnapshotRestoreClientTest {

  private static final String NAME = "camunda_webapps_1_8.8.0_part_1_of_1";

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  private SnapshotClient client() {
    return cluster(server).clients().snapshots(ClientFixtures.CLUSTER);
  }

  @Test
  void aRestoreIsStartedWithoutWaitingForIt() {
    server.on("POST", "/_snapshot/camunda/" + NAME + "/_restore", Reply.json(200, "{\"accepted\":true}"));

    assertThat(client().startRestore(NAME)).isTrue();

    Recorded request = server.single();
    assertThat(request.uri()).isEqualTo("/_snapshot/camunda/" + NAME + "/_restore");
  }

  @Test
  void aRestoreRefusedBecauseItsIndicesExistIsReportedAsNotStarted() {
    server.on("POST", "/_snapshot/camunda/" + NAME + "/_restore", Reply.json(500, esError(500, "snapshot_restore_exception",
        "[camunda:" + NAME + "/x] cannot restore index [operate-list-view-8.3.0_] because an open index with same name already exists in the cluster.")));

    assertThat(client().startRestore(NAME)).isFalse();
  }

  @Test
  void anyOtherRefusalIsAFault() {
    server.on("POST", "/_snapshot/camunda/" + NAME + "/_restore", Reply.json(500, esError(500, "snapshot_restore_exception", "snapshot is corrupted")));

    assertThatThrownBy(() -> client().startRestore(NAME)).isInstanceOf(TargetUnavailableException.class).hasMessageContaining("answered 500");
  }

  @Test
  void recoveriesListThePrimariesWithTheirSnapshotSource() {
    server.on("GET", "/a,b/_recovery", Reply.json(200, """
        {"a": {"shards": [
          {"id": 0, "type": "SNAPSHOT", "stage": "DONE", "primary": true,
           "source": {"repository": "camunda", "snapshot": "s1", "version": "2.19.0", "index": "a"},
           "index": {"size": {"total_in_bytes": 26094, "reused_in_bytes": 0, "recovered_in_bytes": 26094}}},
          {"id": 0, "type": "PEER", "stage": "INDEX", "primary": false, "source": {"name": "node-2"}}]},
         "b": {"shards": [{"id": 0, "type": "EMPTY_STORE", "stage": "DONE", "primary": true, "source": {}}]}}"""));

    List<ShardRecovery> recoveries = client().recoveries(List.of("a", "b"));

    assertThat(server.single().uri()).isEqualTo("/a,b/_recovery?ignore_unavailable=true&allow_no_indices=true");
    assertThat(recoveries).containsExactly(
        new ShardRecovery("a", 0, "SNAPSHOT", "DONE", "camunda", "s1", 26094),
        new ShardRecovery("b", 0, "EMPTY_STORE", "DONE", null, null, -1));
    assertThat(recoveries.get(0).fromSnapshot("camunda", "s1")).isTrue();
    assertThat(recoveries.get(1).fromSnapshot("camunda", "s1")).isFalse();
  }

  @Test
  void indicesAreDeletedByName() {
    server.on("DELETE", "/operate-x_", Reply.json(200, "{\"acknowledged\":true}"));
    server.on("DELETE", "/zeebe-record_y", Reply.json(404, esError(404, "index_not_found_exception", "no such index [zeebe-record_y]")));

    client().deleteIndices(List.of("operate-x_", "zeebe-record_y"));

    assertThat(server.requests()).extracting(Recorded::uri)
        .containsExactly("/operate-x_?ignore_unavailable=true", "/zeebe-record_y?ignore_unavailable=true");
  }

  @Test
  void aPatternIsNeverDeleted() {
    assertThatThrownBy(() -> client().deleteIndices(List.of("operate-x_", "operate-*"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an index name: 'operate-*'");
    assertThat(server.requests()).isEmpty();
  }
}
