package io.camunda.community.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.config.ClusterProperties.TimeoutProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link ClusterRegistry} lookups and its checks, without Spring. */
class ClusterRegistryTest {

  private static ClusterProperties cluster(String name, String optimizeUrl) {
    return new ClusterProperties(
        name,
        URI.create("http://" + name + "-zeebe-gateway:9600"),
        optimizeUrl == null ? null : URI.create(optimizeUrl),
        true,
        Duration.ofMinutes(30),
        Duration.ofSeconds(5),
        new SecondaryStorageProperties(SecondaryStorageType.ELASTICSEARCH, URI.create("http://" + name + "-es:9200"),
            null, null, null, "camunda", "zeebe-record", "", "optimize", null),
        new TimeoutProperties(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(5)),
        new ClusterProperties.RetentionProperties(true, 3, 3, null), Duration.ZERO, Duration.ofDays(1),
        RestoreProperties.defaults());
  }

  private static ClusterRegistry registry(ClusterProperties... clusters) {
    return new ClusterRegistry(new OrchestratorProperties(
        new OrchestratorProperties.Schedule(true, "0 0 2 * * *"),
        new OrchestratorProperties.Housekeeping(true, "0 15 * * * *"), Duration.ofSeconds(10), List.of(clusters)));
  }

  @Test
  void getReturnsTheClusterByName() {
    ClusterRegistry registry = registry(cluster("prod", null), cluster("staging", "http://staging-optimize:8092"));

    assertThat(registry.get("staging").optimizeEnabled()).isTrue();
    assertThat(registry.get("prod").optimizeEnabled()).isFalse();
    assertThat(registry.names()).containsExactly("prod", "staging");
    assertThat(registry.all()).extracting(ClusterProperties::name).containsExactly("prod", "staging");
  }

  @Test
  void unknownClusterListsTheConfiguredNames() {
    ClusterRegistry registry = registry(cluster("prod", null), cluster("staging", null));

    assertThatThrownBy(() -> registry.get("nope"))
        .isInstanceOf(UnknownClusterException.class)
        .hasMessage("Unknown cluster 'nope': clusterName must be one of [prod, staging] (configured under backup-orchestrator.clusters)");
  }

  @Test
  void nullClusterNameIsUnknownToo() {
    ClusterRegistry registry = registry(cluster("prod", null));

    assertThatThrownBy(() -> registry.get(null))
        .isInstanceOf(UnknownClusterException.class)
        .hasMessageContaining("[prod]");
  }

  @Test
  void lookupIsCaseSensitive() {
    ClusterRegistry registry = registry(cluster("prod", null));

    assertThatThrownBy(() -> registry.get("PROD")).isInstanceOf(UnknownClusterException.class);
  }

  @Test
  void blankOptimizeUrlMeansOptimizeDisabled() {
    assertThat(cluster("prod", "").optimizeEnabled()).isFalse();
    assertThat(cluster("prod", null).optimizeEnabled()).isFalse();
    assertThat(cluster("prod", "http://optimize:8092").optimizeEnabled()).isTrue();
  }

  @Test
  void namesCannotBeModifiedThroughTheView() {
    ClusterRegistry registry = registry(cluster("prod", null));

    assertThatThrownBy(() -> registry.all().clear()).isInstanceOf(UnsupportedOperationException.class);
  }
}
