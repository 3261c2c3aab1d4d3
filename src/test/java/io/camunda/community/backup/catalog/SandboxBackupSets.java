package io.camunda.community.backup.catalog;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.sandbox.SandboxCamundaCluster;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.sandbox.SandboxOptions;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * A sandbox Camunda cluster of one test class, with a snapshot repository and a Camunda version
 * of its own so nothing else in the JVM-wide OpenSearch shows up in its listings, plus the
 * production {@link TargetClients} wired to it as two named clusters: {@value #CLUSTER} (with
 * Optimize) and {@value #CLUSTER_NO_OPTIMIZE} (Optimize not deployed). Backup sets are made by
 * calling the management APIs and OpenSearch directly over HTTP, as the backup procedure does.
 */
public final class SandboxBackupSets implements AutoCloseable {

  public static final String CLUSTER = "sandbox";
  public static final String CLUSTER_NO_OPTIMIZE = "sandbox-no-optimize";
  public static final String CAMUNDA_VERSION = "8.8.1";

  /** The parts of a backup set, in the order the procedure takes them. */
  public enum Part {
    WEBAPPS,
    OPTIMIZE,
    RECORDS,
    ZEEBE
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration AWAIT = Duration.ofSeconds(30);

  private final SandboxOpenSearch openSearch;
  private final SandboxTargets targets;
  private final String repository;
  private final ClusterRegistry registry;
  private final TargetClients clients;

  private SandboxBackupSets(SandboxOpenSearch openSearch, SandboxTargets targets, String repository) {
    this.openSearch = openSearch;
    this.targets = targets;
    this.repository = repository;
    Map<String, String> properties = new LinkedHashMap<>();
    properties.putAll(clusterProperties(0, CLUSTER, Tuning.standard()));
    properties.putAll(clusterProperties(1, CLUSTER_NO_OPTIMIZE, Tuning.standard().withoutOptimize()));
    OrchestratorProperties orchestrator = new Binder(new MapConfigurationPropertySource(properties))
        .bindOrCreate("backup-orchestrator", OrchestratorProperties.class);
    this.registry = new ClusterRegistry(orchestrator);
    this.clients = new TargetClients(registry, WebClient.builder(), Jackson2ObjectMapperBuilder.json().build());
  }

  /** Registers {@code repository} in the shared OpenSearch and starts a cluster configured with it. */
  public static SandboxBackupSets start(String repository) {
    SandboxOpenSearch openSearch = SandboxOpenSearch.shared();
    openSearch.registerRepository(repository);
    SandboxOptions options = SandboxOptions.defaults()
        .withRepositoryName(repository)
        .withCamundaVersion(CAMUNDA_VERSION)
        .withExporterInterval(Duration.ofMillis(500))
        .withZeebeBackupDuration(Duration.ofMillis(200))
        .withSnapshotPartDelay(Duration.ofMillis(20));
    return new SandboxBackupSets(openSearch, SandboxTargets.start(openSearch, options), repository);
  }

  private Map<String, String> clusterProperties(int index, String name, Tuning tuning) {
    Map<String, String> properties = new LinkedHashMap<>(targets.clusterProperties(index, name, tuning));
    String prefix = "backup-orchestrator.clusters[" + index + "].";
    properties.put(prefix + "secondary-storage.snapshot-repository", repository);
    properties.put(prefix + "timeouts.request", "PT10S");
    return properties;
  }

  public ClusterRegistry registry() {
    return registry;
  }

  /** No cluster of this sandbox keeps its storage in a database, so this finds no dumps. */
  public io.camunda.community.backup.client.database.DatabaseDumps dumps() {
    return new io.camunda.community.backup.client.database.DatabaseDumps(
        registry, Jackson2ObjectMapperBuilder.json().build(), java.time.Clock.systemUTC());
  }

  public TargetClients clients() {
    return clients;
  }

  public SandboxCamundaCluster cluster() {
    return targets.cluster();
  }

  public SandboxFaults faults() {
    return targets.cluster().faults();
  }

  /** Takes every part of backup {@code id} and waits until each has ended. */
  public void takeComplete(long id) {
    take(id, EnumSet.allOf(Part.class), true);
  }

  /**
   * Takes the given parts of backup {@code id} and waits until the web-app and Optimize parts have
   * ended (COMPLETED or FAILED) and, if {@code awaitZeebe}, the Zeebe part too.
   */
  public void take(long id, Set<Part> parts, boolean awaitZeebe) {
    String management = cluster().managementUrl();
    String optimize = cluster().optimizeUrl();
    String body = "{\"backupId\":" + id + "}";
    if (parts.contains(Part.WEBAPPS)) {
      require(call("POST", management + "/actuator/backupHistory", body), 200);
    }
    if (parts.contains(Part.OPTIMIZE)) {
      require(call("POST", optimize + "/actuator/backups", body), 202);
    }
    if (parts.contains(Part.RECORDS)) {
      require(call("PUT", openSearch.url() + "/_snapshot/" + repository + "/camunda_zeebe_records_backup_" + id
          + "?wait_for_completion=true", "{\"indices\":\"zeebe-record*\",\"include_global_state\":false}"), 200);
    }
    if (parts.contains(Part.ZEEBE)) {
      require(call("POST", management + "/actuator/backupRuntime", body), 202);
    }
    if (parts.contains(Part.WEBAPPS)) {
      awaitState(management + "/actuator/backupHistory/" + id, Set.of("COMPLETED", "FAILED", "INCOMPATIBLE"));
    }
    if (parts.contains(Part.OPTIMIZE)) {
      awaitState(optimize + "/actuator/backups/" + id, Set.of("COMPLETED", "FAILED", "INCOMPATIBLE"));
    }
    if (parts.contains(Part.ZEEBE) && awaitZeebe) {
      awaitZeebe(id);
    }
  }

  /** Waits until the Zeebe backup has left IN_PROGRESS. */
  public void awaitZeebe(long id) {
    awaitState(cluster().managementUrl() + "/actuator/backupRuntime/" + id, Set.of("COMPLETED", "FAILED", "INCOMPLETE"));
  }

  /** Names of the snapshots in this class's repository. */
  public Set<String> snapshotNames() {
    Response response = call("GET", openSearch.url() + "/_snapshot/" + repository + "/_all", null);
    require(response, 200);
    Set<String> names = new java.util.TreeSet<>();
    response.json().path("snapshots").forEach(s -> names.add(s.path("snapshot").asText()));
    return names;
  }

  private void awaitState(String url, Set<String> terminal) {
    await().atMost(AWAIT).pollInterval(Duration.ofMillis(50)).until(() -> {
      Response response = call("GET", url, null);
      return response.status() == 200 && terminal.contains(response.json().path("state").asText());
    });
  }

  /** Stops the cluster, removes its Zeebe backup store and this class's snapshots (the repository stays registered). */
  @Override
  public void close() {
    java.nio.file.Path store = cluster().backupStore();
    try {
      faults().clear();
      targets.close();
    } finally {
      call("DELETE", openSearch.url() + "/_snapshot/" + repository + "/*", null);
      try (var paths = java.nio.file.Files.walk(store)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // best effort: a temp directory is left behind
      }
    }
  }

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static void require(Response response, int status) {
    if (response.status() != status) {
      throw new IllegalStateException("expected " + status + " but got " + response.status() + ": " + response.body());
    }
  }

  static Response call(String method, String url, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
    if (body == null) {
      request.method(method, BodyPublishers.noBody());
    } else {
      request.header("Content-Type", "application/json").method(method, BodyPublishers.ofString(body));
    }
    try {
      var response = HTTP.send(request.build(), BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
