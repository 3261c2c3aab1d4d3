package io.camunda.community.backup.config;

import io.camunda.community.backup.config.ClusterProperties.TimeoutProperties;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Cluster configurations built in code, with the application's defaults, for tests without Spring. */
public final class TestClusters {

  private TestClusters() {}

  /** A cluster with Elasticsearch over https and basic auth with this password. */
  public static ClusterProperties withStoragePassword(String name, String password) {
    return cluster(name, new SecondaryStorageProperties(SecondaryStorageType.ELASTICSEARCH, URI.create("https://" + name + "-es:9200"),
        "elastic", password, null, "camunda", "zeebe-record", "", "optimize", null));
  }

  public static ClusterProperties cluster(String name, SecondaryStorageProperties storage) {
    return new ClusterProperties(name, URI.create("http://" + name + "-zeebe-gateway:9600"), null, true, Duration.ofMinutes(30),
        Duration.ofSeconds(5), storage, new TimeoutProperties(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(5)),
        new ClusterProperties.RetentionProperties(true, 3, 3, null), Duration.ZERO, Duration.ofDays(1), RestoreProperties.defaults());
  }

  public static OrchestratorProperties properties(ClusterProperties... clusters) {
    return new OrchestratorProperties(new OrchestratorProperties.Schedule(true, "0 0 2 * * *"),
        new OrchestratorProperties.Housekeeping(true, "0 15 * * * *"), Duration.ofSeconds(10), List.of(clusters));
  }
}
