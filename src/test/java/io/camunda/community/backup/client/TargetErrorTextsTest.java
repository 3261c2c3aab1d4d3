package io.camunda.community.backup.client;

import static io.camunda.community.backup.client.ClientFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.client.RecordingHttpServer.Reply;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A target that echoes credentials in its error body (a URL with user info, an authorization
 * header) does not get them into the fault texts, which become incidents and failure reasons.
 */
class TargetErrorTextsTest {

  private static final String ECHO = "{\"message\": \"proxy denied http://backup:pw-9f3a@es.internal:9200 "
      + "(Authorization: Basic YmFja3VwOnB3LTlmM2E=)\"}";

  @RegisterExtension static final RecordingHttpServer server = new RecordingHttpServer();

  @Test
  void anUnexpectedAnswersTextIsRedacted() {
    server.on("POST", "/actuator/backupRuntime", Reply.json(502, ECHO));

    assertThatThrownBy(() -> cluster(server).clients().zeebe(ClientFixtures.CLUSTER).takeBackup(1))
        .isInstanceOf(TargetUnavailableException.class)
        .hasMessageContaining("proxy denied http://****@es.internal:9200 (Authorization: Basic ****)")
        .hasMessageNotContaining("pw-9f3a")
        .hasMessageNotContaining("YmFja3VwOnB3LTlmM2E=");
  }

  @Test
  void aRejectionsTextIsRedacted() {
    server.on("POST", "/actuator/backupRuntime", Reply.json(409, ECHO));

    assertThatThrownBy(() -> cluster(server).clients().zeebe(ClientFixtures.CLUSTER).takeBackup(1))
        .isInstanceOf(BackupRejectedException.class)
        .hasMessageNotContaining("pw-9f3a")
        .hasMessageNotContaining("YmFja3VwOnB3LTlmM2E=");
  }
}
