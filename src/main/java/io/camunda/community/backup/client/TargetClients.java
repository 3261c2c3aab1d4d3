package io.camunda.community.backup.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondaryStorageProperties;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Builds, once per cluster, the clients of its components from the cluster registry. */
@Component
public class TargetClients {

  private static final String MANAGEMENT_HINT =
      "Check that the management API (port 9600, with its context path) is reachable from the worker and that every broker is up.";

  private final ClusterRegistry registry;
  private final WebClient.Builder webClientBuilder;
  private final ObjectMapper json;
  private final Map<String, Clients> byCluster = new ConcurrentHashMap<>();

  public TargetClients(ClusterRegistry registry, WebClient.Builder webClientBuilder, ObjectMapper json) {
    this.registry = registry;
    this.webClientBuilder = webClientBuilder;
    this.json = json;
  }

  public ZeebeManagementClient zeebe(String cluster) {
    return clients(cluster).zeebe();
  }

  /**
   * A Zeebe management client that opens a new connection for every request: whether a component
   * is stopped can only be told by a new connection (refused), never by a pooled one that outlived
   * the component. Not cached: made for the rare "are they stopped?" question.
   */
  public ZeebeManagementClient zeebeOnNewConnections(String cluster) {
    ClusterProperties properties = registry.get(cluster);
    return new ZeebeManagementClient(http(properties, properties.managementUrl(), null, "Zeebe management API",
        MANAGEMENT_HINT, ConnectionProvider.newConnection()));
  }

  /**
   * The management APIs that must stop before a restore, by what they are, each on connections of
   * its own: the Orchestration Cluster's, and a standalone Operate's and Tasklist's ({@code standalone}).
   */
  public java.util.Map<String, ZeebeManagementClient> componentsOnNewConnections(String cluster) {
    ClusterProperties properties = registry.get(cluster);
    java.util.Map<String, ZeebeManagementClient> components = new java.util.LinkedHashMap<>();
    components.put("the management API", zeebeOnNewConnections(cluster));
    if (properties.standalone() != null) {
      components.put("Operate's management API", new ZeebeManagementClient(http(properties, properties.standalone().operateManagementUrl(),
          null, "Operate management API", MANAGEMENT_HINT, ConnectionProvider.newConnection())));
      components.put("Tasklist's management API", new ZeebeManagementClient(http(properties, properties.standalone().tasklistManagementUrl(),
          null, "Tasklist management API", MANAGEMENT_HINT, ConnectionProvider.newConnection())));
    }
    return components;
  }

  /** One client per broker ({@code broker-management-urls}), or the management URL alone. */
  public java.util.List<ZeebeManagementClient> zeebeBrokers(String cluster) {
    return clients(cluster).brokers();
  }

  public WebappsBackups webapps(String cluster) {
    return clients(cluster).webapps();
  }

  /** @throws IllegalStateException when the cluster has no Optimize configured */
  public OptimizeBackupClient optimize(String cluster) {
    OptimizeBackupClient optimize = clients(cluster).optimize();
    if (optimize == null) {
      throw new IllegalStateException("Cluster '" + cluster + "' has no optimize-url configured");
    }
    return optimize;
  }

  /** @throws IllegalStateException when the cluster keeps its secondary storage in a database */
  public SnapshotClient snapshots(String cluster) {
    SnapshotClient snapshots = clients(cluster).snapshots();
    if (snapshots == null) {
      throw new IllegalStateException("Cluster '" + cluster + "' has RDBMS secondary storage: it has no snapshot repository");
    }
    return snapshots;
  }

  /**
   * The snapshot API of the repository registered read-only over the second copy of the snapshot
   * repository ({@code second-location.snapshot-repository.second-repository}), on the same
   * Elasticsearch/OpenSearch cluster and with the same credentials.
   *
   * @throws IllegalStateException when the cluster has no such repository configured
   */
  public SnapshotClient secondRepositorySnapshots(String cluster) {
    SnapshotClient second = clients(cluster).secondRepository();
    if (second == null) {
      throw new IllegalStateException("Cluster '" + cluster + "' has no second-location.snapshot-repository.second-repository configured");
    }
    return second;
  }

  private Clients clients(String cluster) {
    ClusterProperties properties = registry.get(cluster);
    return byCluster.computeIfAbsent(cluster, name -> build(properties));
  }

  private record Clients(
      ZeebeManagementClient zeebe, WebappsBackups webapps, OptimizeBackupClient optimize, SnapshotClient snapshots,
      java.util.List<ZeebeManagementClient> brokers, SnapshotClient secondRepository) {}

  private Clients build(ClusterProperties cluster) {
    String management = MANAGEMENT_HINT;
    TargetHttp zeebe = http(cluster, cluster.managementUrl(), null, "Zeebe management API", management);
    TargetHttp webapps = http(cluster, cluster.managementUrl(), null, "Web-apps backup API",
        management + " The web apps also need Elasticsearch/OpenSearch to be reachable from the cluster.");
    TargetHttp optimize = cluster.optimizeEnabled()
        ? http(cluster, cluster.optimizeUrl(), null, "Optimize backup API", "Check that Optimize's management API (port 8092) is reachable and Optimize is running.")
        : null;
    SecondaryStorageProperties storage = cluster.secondaryStorage();
    SnapshotClient snapshots = null;
    SnapshotClient secondRepository = null;
    if (!storage.isRdbms()) {
      TargetHttp http = http(cluster, storage.url(), authorization(storage), label(storage),
          "Check the secondary-storage settings of cluster '" + cluster.name() + "' (URL, credentials, snapshot privileges) and the health of Elasticsearch/OpenSearch.");
      snapshots = new SnapshotClient(http, storage.type(), storage.snapshotRepository());
      if (cluster.secondLocation() != null && cluster.secondLocation().snapshotRepository() != null
          && cluster.secondLocation().snapshotRepository().secondRepository() != null) {
        secondRepository = new SnapshotClient(http, storage.type(), cluster.secondLocation().snapshotRepository().secondRepository());
      }
    }
    return new Clients(
        new ZeebeManagementClient(zeebe, cluster.zeebeBackupPath()),
        webapps(cluster, webapps),
        optimize == null ? null : new OptimizeBackupClient(optimize),
        snapshots,
        cluster.exportingStateUrls().stream()
            .map(url -> new ZeebeManagementClient(http(cluster, url, null, "Zeebe management API (broker)", management)))
            .toList(),
        secondRepository);
  }

  /** One backupHistory endpoint, or the standalone apps' legacy ones ({@code standalone}). */
  private WebappsBackups webapps(ClusterProperties cluster, TargetHttp combined) {
    if (cluster.standalone() == null) {
      return new WebappsBackupClient(combined);
    }
    String hint = "Check that the app's management API (port 9600 of its own pod) is reachable and the app is running; it also needs"
        + " Elasticsearch/OpenSearch to be reachable.";
    return new StandaloneWebappsBackupClient(
        new WebappsBackupClient(http(cluster, cluster.standalone().operateManagementUrl(), null, "Operate backup API", hint),
            "/actuator/backups", "Operate"),
        new WebappsBackupClient(http(cluster, cluster.standalone().tasklistManagementUrl(), null, "Tasklist backup API", hint),
            "/actuator/backups", "Tasklist"));
  }

  private static String label(SecondaryStorageProperties storage) {
    return switch (storage.type()) {
      case ELASTICSEARCH -> "Elasticsearch snapshot API";
      case OPENSEARCH -> "OpenSearch snapshot API";
      case RDBMS -> throw new IllegalArgumentException("a database has no snapshot API");
    };
  }

  private static String authorization(SecondaryStorageProperties storage) {
    if (storage.hasApiKey()) {
      return "ApiKey " + storage.apiKey();
    }
    if (storage.hasBasicAuth()) {
      String credentials = storage.username() + ":" + storage.password();
      return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  private TargetHttp http(ClusterProperties cluster, URI baseUrl, String authorization, String component, String hint) {
    return http(cluster, baseUrl, authorization, component, hint, null);
  }

  private TargetHttp http(ClusterProperties cluster, URI baseUrl, String authorization, String component, String hint,
      ConnectionProvider connections) {
    String base = baseUrl.toString().replaceAll("/+$", "");
    HttpClient httpClient = (connections == null ? HttpClient.create() : HttpClient.create(connections))
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(cluster.timeouts().request().toMillis(), 30_000));
    WebClient.Builder builder = webClientBuilder.clone()
        .baseUrl(base)
        .clientConnector(new ReactorClientHttpConnector(httpClient))
        .codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024));
    if (authorization != null) {
      builder.defaultHeader(HttpHeaders.AUTHORIZATION, authorization);
    }
    return new TargetHttp(builder.build(), base, component, hint, cluster.timeouts().request(), json);
  }
}
