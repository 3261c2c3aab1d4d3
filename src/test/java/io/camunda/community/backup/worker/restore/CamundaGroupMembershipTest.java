package io.camunda.community.backup.worker.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.CamundaClient;
import io.camunda.community.backup.engine.ControlClusterRestApi;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Group members read through the Camunda client's REST search, page by page. */
class CamundaGroupMembershipTest {

  private static final ControlClusterRestApi GROUPS = ControlClusterRestApi.shared()
      .group("membership-test-large", Stream.concat(IntStream.range(0, 250).mapToObj(i -> "user-" + i), Stream.of("last")).toList())
      .group("membership-test-small", List.of("alice"));
  private static final CamundaClient CLIENT = CamundaClient.newClientBuilder()
      .restAddress(URI.create(GROUPS.restAddress()))
      .grpcAddress(URI.create("http://127.0.0.1:1"))
      .preferRestOverGrpc(true)
      .defaultRequestTimeout(Duration.ofSeconds(10))
      .build();

  private final CamundaGroupMembership membership = new CamundaGroupMembership(CLIENT);

  @AfterAll
  static void close() {
    CLIENT.close();
  }

  @Test
  void aMemberOnTheFirstPageIsFound() {
    assertThat(membership.isMember("alice", "membership-test-small")).isTrue();
    assertThat(membership.isMember("bob", "membership-test-small")).isFalse();
  }

  @Test
  void aMemberOnALaterPageIsFound() {
    assertThat(membership.isMember("last", "membership-test-large")).isTrue();
    assertThat(GROUPS.requests()).contains("POST /v2/groups/membership-test-large/users/search after=199");
  }

  @Test
  void nobodyIsInAGroupThatDoesNotExist() {
    assertThat(membership.isMember("alice", "no-such-group")).isFalse();
  }
}
