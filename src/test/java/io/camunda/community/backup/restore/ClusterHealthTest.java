package io.camunda.community.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.sandbox.SandboxOptions;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * "Are the components stopped?" before a manual restore deletes anything: asked against a sandbox
 * cluster whose components really stop, with the worker's connection pool full of keep-alive
 * connections that outlived them (as after a backup's many concurrent status requests).
 */
class ClusterHealthTest {

  private static final String CLUSTER = "health-probe";

  private SandboxTargets targets;
  private TargetClients clients;
  private ClusterHealth health;

  @BeforeEach
  void startCluster() {
    targets = SandboxTargets.start(SandboxOpenSearch.shared(), SandboxOptions.defaults().withCamundaVersion("8.8.7"));
    OrchestratorProperties properties = new Binder(new MapConfigurationPropertySource(
        targets.clusterProperties(0, CLUSTER, Tuning.standard()))).bindOrCreate("backup-orchestrator", OrchestratorProperties.class);
    clients = new TargetClients(new ClusterRegistry(properties), WebClient.builder(), Jackson2ObjectMapperBuilder.json().build());
    health = new ClusterHealth(clients);
  }

  @AfterEach
  void stopCluster() {
    targets.close();
  }

  @Test
  void runningComponentsAreReportedAsStillAnswering() {
    assertThat(health.stillAnswering(CLUSTER)).hasValueSatisfying(reason -> assertThat(reason).contains("still answers"));
  }

  @Test
  void stoppedComponentsAreConfirmedDownWhateverThePoolStillHolds() {
    // Eight concurrent requests leave eight idle keep-alive connections in the pool; a stopped
    // sandbox cuts each without an answer, as a half-closed connection to a gone pod would.
    CompletableFuture.allOf(IntStream.range(0, 8)
        .mapToObj(i -> CompletableFuture.runAsync(() -> clients.zeebe(CLUSTER).health()))
        .toArray(CompletableFuture[]::new)).join();
    targets.cluster().stopComponents();

    assertThat(health.stillAnswering(CLUSTER)).isEmpty();
  }

  /**
   * Standalone Operate and Tasklist (clusters[i].standalone) are components too: one still
   * answering holds the restore, even when the Orchestration Cluster is gone.
   */
  @Test
  void aStandaloneWebAppStillAnsweringIsReportedWhileTheOrchestrationClusterIsGone() {
    String gone = SandboxTargets.unreachableUrl();
    java.util.Map<String, String> cluster = new java.util.LinkedHashMap<>(targets.clusterProperties(0, "standalone-probe", Tuning.standard()));
    cluster.put("backup-orchestrator.clusters[0].management-url", gone);
    cluster.put("backup-orchestrator.clusters[0].standalone.operate-management-url", targets.cluster().managementUrl());
    cluster.put("backup-orchestrator.clusters[0].standalone.tasklist-management-url", gone);
    OrchestratorProperties properties = new Binder(new MapConfigurationPropertySource(cluster))
        .bindOrCreate("backup-orchestrator", OrchestratorProperties.class);
    ClusterHealth standalone = new ClusterHealth(
        new TargetClients(new ClusterRegistry(properties), WebClient.builder(), Jackson2ObjectMapperBuilder.json().build()));

    assertThat(standalone.stillAnswering("standalone-probe"))
        .hasValueSatisfying(reason -> assertThat(reason).startsWith("Operate's management API still answers"));

    targets.cluster().stopComponents();
    assertThat(standalone.stillAnswering("standalone-probe")).isEmpty();
  }
}
