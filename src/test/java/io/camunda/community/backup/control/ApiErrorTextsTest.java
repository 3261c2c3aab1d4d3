package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.ConfiguredSecrets;
import io.camunda.community.backup.config.TestClusters;
import io.camunda.community.backup.config.UnknownClusterException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

/** The API's error bodies carry no configured credential, even when a caller sends one in the request. */
class ApiErrorTextsTest {

  private static final String PASSWORD = "api-echo-pass-31f";

  private final ApiErrors errors =
      new ApiErrors(new ConfiguredSecrets(TestClusters.properties(TestClusters.withStoragePassword("prod", PASSWORD))));

  @Test
  void aConfiguredCredentialEchoedFromTheRequestIsMasked() {
    ResponseEntity<ApiErrors.ErrorBody> answer = errors.unknownCluster(new UnknownClusterException(PASSWORD, Set.of("prod")));

    assertThat(answer.getStatusCode().value()).isEqualTo(404);
    assertThat(answer.getBody().error()).doesNotContain(PASSWORD).startsWith("Unknown cluster '****'");
  }

  @Test
  void aUrlWithUserInfoInAnErrorTextIsMasked() {
    ResponseEntity<ApiErrors.ErrorBody> answer = errors.invalid(
        new InvalidRequestException("note", "note must not hold http://admin:hunter2@x", "remove http://admin:hunter2@x"));

    assertThat(answer.getBody().error()).doesNotContain("hunter2").contains("http://****@x");
    assertThat(answer.getBody().fix()).doesNotContain("hunter2");
  }
}
