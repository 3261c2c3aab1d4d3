package io.camunda.community.backup.sandbox;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.codelibs.opensearch.runner.OpenSearchRunner;

/**
 * One real OpenSearch 2.19 node inside this JVM, with an {@code fs} snapshot repository named
 * {@value #REPOSITORY} and the indices of a small Camunda 8.8 installation.
 *
 * <p>Startup takes about ten seconds, so test classes share {@link #shared()} and call {@link
 * #resetData()} instead of starting their own node.
 */
public final class SandboxOpenSearch implements AutoCloseable {

  public static final String REPOSITORY = "camunda";

  private static SandboxOpenSearch shared;

  private final OpenSearchRunner runner;
  private final OpenSearchHttp http;
  private final String url;
  private final Path repositoryLocation;

  private SandboxOpenSearch(OpenSearchRunner runner, int httpPort, Path repositoryLocation) {
    this.runner = runner;
    this.url = "http://127.0.0.1:" + httpPort;
    this.http = new OpenSearchHttp(url);
    this.repositoryLocation = repositoryLocation;
  }

  /** Starts a node whose data, logs and snapshot repository live under {@code workDir}. */
  public static SandboxOpenSearch start(Path workDir) {
    return start(workDir, workDir.resolve("snapshots").toAbsolutePath(), REPOSITORY);
  }

  /**
   * Starts another, independent search cluster (its own UUID, data and {@value #REPOSITORY}
   * repository) that can read {@code other}'s snapshot repositories: registered here with {@link
   * #registerReadOnlyRepository(String)}, as a scratch installation reads the bucket of the cluster
   * whose restores it rehearses.
   */
  public static SandboxOpenSearch startReadingRepositoriesOf(SandboxOpenSearch other, Path workDir) {
    Path repoRoot = other.repositoryLocation.getParent();
    return start(workDir, repoRoot, "scratch-" + workDir.getFileName());
  }

  private static SandboxOpenSearch start(Path workDir, Path repoRoot, String ownRepositoryDirectory) {
    // Next to WebFlux's Netty the node refuses to start unless it leaves the processor count alone.
    System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
    int httpPort = freePort();
    int transportPort = freePort();
    var runner = new OpenSearchRunner();
    runner.onBuild(
        (index, settings) ->
            settings
                .put("network.host", "127.0.0.1")
                .put("http.port", httpPort)
                .put("transport.port", transportPort)
                .put("discovery.type", "single-node")
                .put("path.repo", repoRoot.toString())
                // The node shares the test JVM's heap: the real-memory breaker would trip on it.
                .put("indices.breaker.total.use_real_memory", false)
                // A nearly full CI disk must not turn the seeded indices read-only.
                .put("cluster.routing.allocation.disk.threshold_enabled", false)
                .put("thread_pool.snapshot.max", 2)
                // Exact snapshot start and end times (the benchmark measures from them), not the
                // 200 ms cached clock.
                .put("thread_pool.estimated_time_interval", "0ms"));
    runner.build(
        OpenSearchRunner.newConfigs()
            .basePath(workDir.resolve("node").toAbsolutePath().toString())
            .clusterName("sandbox-" + httpPort)
            .numOfNode(1)
            .disableESLogger()
            .printOnFailure());
    runner.ensureYellow();
    var node = new SandboxOpenSearch(runner, httpPort, repoRoot.resolve(ownRepositoryDirectory));
    node.prepare();
    return node;
  }

  /** A node for the whole JVM, started on first use and stopped by a shutdown hook. */
  public static synchronized SandboxOpenSearch shared() {
    if (shared == null) {
      try {
        var workDir = Files.createTempDirectory("sandbox-opensearch");
        shared = start(workDir);
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        shared.close();
                      } finally {
                        deleteRecursively(workDir);
                      }
                    },
                    "sandbox-opensearch-shutdown"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return shared;
  }

  public String url() {
    return url;
  }

  public String repository() {
    return REPOSITORY;
  }

  /**
   * Registers (again, harmlessly) an {@code fs} snapshot repository {@code name} next to {@value
   * #REPOSITORY}, so a test class can keep its snapshots apart from everyone else's (with {@link
   * SandboxOptions#withRepositoryName(String)}); {@link #resetData()} leaves it alone.
   */
  public void registerRepository(String name) {
    http.put(
            "/_snapshot/" + name,
            Map.of("type", "fs", "settings", Map.of("location", repositoryLocation.resolveSibling(name).toString())))
        .requireOk();
  }

  /**
   * Registers {@code name} read-only over the directory another node's repository {@code name}
   * writes to (both nodes started with the same {@code path.repo}): this node lists and restores
   * that node's snapshots and can never write there.
   */
  public void registerReadOnlyRepository(String name) {
    http.put(
            "/_snapshot/" + name,
            Map.of("type", "fs", "settings", Map.of("location", repositoryLocation.resolveSibling(name).toString(), "readonly", true)))
        .requireOk();
  }

  /** The directory the {@code fs} repository {@code name} keeps its files in (under the node's {@code path.repo}). */
  public java.nio.file.Path repositoryDirectory(String name) {
    return repositoryLocation.resolveSibling(name);
  }

  /**
   * Unregisters snapshot repository {@code name}: its snapshots stay on disk and are listed again
   * once {@link #registerRepository(String)} registers it anew.
   */
  public void unregisterRepository(String name) {
    http.delete("/_snapshot/" + name).requireOk();
  }

  /** Indexes one document and refreshes, so it is visible to searches and counts at once; its ID. */
  public String index(String index, Map<String, Object> document) {
    return http.post("/" + index + "/_doc?refresh=true", document).requireOk().path("_id").asText();
  }

  /** Deletes one document and refreshes. */
  public void delete(String index, String id) {
    http.delete("/" + index + "/_doc/" + id + "?refresh=true").requireOk();
  }

  /** Number of documents in an index (or pattern), after a refresh. */
  public long count(String index) {
    http.post("/" + index + "/_refresh", null).requireOk();
    return http.get("/" + index + "/_count").requireOk().path("count").asLong();
  }

  /** All index names, system indices included, sorted. */
  public List<String> indices() {
    var response = http.get("/_cat/indices?h=index");
    if (!response.ok()) {
      throw new OpenSearchHttp.Failure(response.status(), response.body());
    }
    return response.body().lines().map(String::trim).filter(line -> !line.isEmpty()).sorted().toList();
  }

  public List<String> snapshotNames() {
    return snapshotNames(REPOSITORY);
  }

  /** Names of all snapshots in one repository. */
  public List<String> snapshotNames(String repository) {
    var names = new ArrayList<String>();
    http.get("/_snapshot/" + repository + "/_all")
        .requireOk()
        .path("snapshots")
        .forEach(snapshot -> names.add(snapshot.path("snapshot").asText()));
    return names;
  }

  /** The snapshot info OpenSearch reports (state, indices, metadata, ...), or null if unknown. */
  public Map<String, Object> snapshot(String name) {
    return snapshot(REPOSITORY, name);
  }

  /** The snapshot {@code name} of {@code repository} as OpenSearch describes it, or null. */
  public Map<String, Object> snapshot(String repository, String name) {
    var response = http.get("/_snapshot/" + repository + "/" + name);
    if (response.status() == 404) {
      return null;
    }
    JsonNode snapshot = response.requireOk().path("snapshots").path(0);
    return snapshot.isMissingNode()
        ? null
        : OpenSearchHttp.JSON.convertValue(snapshot, new TypeReference<Map<String, Object>>() {});
  }

  /**
   * Takes snapshot {@code name} of {@code repository} again, with the indices and metadata it had:
   * the same name and index list, but what the indices hold now (a set changed after its backup).
   */
  public void retakeSnapshot(String repository, String name) {
    JsonNode old = http.get("/_snapshot/" + repository + "/" + name).requireOk().path("snapshots").path(0);
    List<String> indices = new ArrayList<>();
    old.path("indices").forEach(index -> indices.add(index.asText()));
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("indices", String.join(",", indices));
    body.put("include_global_state", false);
    if (old.path("metadata").isObject()) {
      body.put("metadata", OpenSearchHttp.JSON.convertValue(old.path("metadata"), new TypeReference<Map<String, Object>>() {}));
    }
    http.delete("/_snapshot/" + repository + "/" + name).requireOk();
    http.put("/_snapshot/" + repository + "/" + name + "?wait_for_completion=true", body).requireOk();
  }

  public void deleteAllSnapshots() {
    for (var name : snapshotNames()) {
      var response = http.delete("/_snapshot/" + REPOSITORY + "/" + name);
      if (!response.ok() && response.status() != 404) {
        throw new OpenSearchHttp.Failure(response.status(), response.body());
      }
    }
  }

  /** Back to the freshly seeded state: no snapshots, only the seeded indices with their documents. */
  public void resetData() {
    deleteAllSnapshots();
    var userIndices = indices().stream().filter(index -> !index.startsWith(".")).toList();
    if (!userIndices.isEmpty()) {
      http.delete("/" + String.join(",", userIndices)).requireOk();
    }
    seed();
  }

  /** The node's own HTTP access, for the cluster stand-in. */
  OpenSearchHttp http() {
    return http;
  }

  @Override
  public void close() {
    try {
      runner.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void prepare() {
    // One replica per index could never be assigned on one node: keep every index green.
    http.put(
            "/_template/sandbox-single-node",
            Map.of("index_patterns", List.of("*"), "order", 0, "settings", Map.of("number_of_replicas", 0)))
        .requireOk();
    http.put(
            "/_snapshot/" + REPOSITORY,
            Map.of("type", "fs", "settings", Map.of("location", repositoryLocation.toString())))
        .requireOk();
    seed();
  }

  private void seed() {
    var bulk = new StringBuilder();
    for (var index : SampleData.seedIndices()) {
      for (var document : SampleData.documents(index)) {
        bulk.append("{\"index\":{\"_index\":\"").append(index).append("\"}}\n");
        bulk.append(OpenSearchHttp.JSON.valueToTree(document).toString()).append('\n');
      }
    }
    var result = http.post("/_bulk?refresh=true", bulk.toString()).requireOk();
    if (result.path("errors").asBoolean()) {
      throw new IllegalStateException("Seeding OpenSearch failed: " + result);
    }
    http.get("/_cluster/health?wait_for_status=green&timeout=30s").requireOk();
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort: the temp directory is left behind
    }
  }
}
