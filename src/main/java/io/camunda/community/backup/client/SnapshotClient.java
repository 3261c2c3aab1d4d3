package io.camunda.community.backup.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.config.SecondaryStorageType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/** The Elasticsearch/OpenSearch snapshot API of one repository (contract 1.8). */
public class SnapshotClient {

  private final TargetHttp http;
  private final SecondaryStorageType type;
  private final String repository;

  public SnapshotClient(TargetHttp http, SecondaryStorageType type, String repository) {
    this.http = http;
    this.type = type;
    this.repository = repository;
  }

  public String repository() {
    return repository;
  }

  /**
   * Starts a snapshot of the indices matching {@code indexPattern} without waiting for it; its
   * progress is read with {@link #snapshotState(String)}. Elasticsearch needs {@code
   * feature_states: ["none"]} to leave system indices out; OpenSearch does not know that field.
   */
  public void startSnapshot(String name, String indexPattern) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("indices", indexPattern);
    if (type == SecondaryStorageType.ELASTICSEARCH) {
      body.put("feature_states", List.of("none"));
    }
    TargetHttp.Response response = http.send(HttpMethod.PUT, "/_snapshot/" + repository + "/" + name, body);
    switch (response.status()) {
      case 200 -> {}
      case 400 -> {
        if (response.message().contains("invalid_snapshot_name_exception")) {
          throw new BackupRejectedException(Reason.ALREADY_EXISTS, "Snapshot " + name + " already exists in repository " + repository);
        }
        throw http.unexpected(response);
      }
      case 404 -> throw repositoryMissing(response);
      default -> throw http.unexpected(response);
    }
  }

  private BackupRejectedException repositoryMissing(TargetHttp.Response response) {
    return new BackupRejectedException(Reason.REPOSITORY_MISSING, "Snapshot repository '%s' is not registered: %s answered 404 (%s). Register it with PUT _snapshot/%s."
        .formatted(repository, response.request(), response.message(), repository));
  }

  /** State of one snapshot from {@code _status}, or empty when it does not exist. */
  public Optional<String> snapshotState(String name) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository + "/" + name + "/_status", null);
    if (response.is(404)) {
      if (response.message().contains("repository_missing_exception")) {
        throw repositoryMissing(response);
      }
      return Optional.empty();
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    JsonNode snapshots = http.tree(response).path("snapshots");
    return snapshots.isEmpty() ? Optional.empty() : Optional.of(snapshots.get(0).path("state").asText());
  }

  /** Snapshots whose names match {@code pattern} (wildcards allowed), with their states. */
  public List<SnapshotSummary> listSnapshots(String pattern) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository + "/" + pattern, null);
    if (response.is(404)) {
      if (response.message().contains("repository_missing_exception")) {
        throw repositoryMissing(response);
      }
      if (response.message().contains("snapshot_missing_exception")) {
        return List.of();
      }
      // a 404 that is not OpenSearch's (a proxy, a wrong URL) says nothing about the snapshots
      throw http.unexpected(response);
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    // A body without the snapshots array is no listing, not an empty one.
    JsonNode snapshots = http.tree(response).path("snapshots");
    if (!snapshots.isArray()) {
      throw http.missingField(response, "snapshots");
    }
    List<SnapshotSummary> result = new ArrayList<>();
    for (JsonNode snapshot : snapshots) {
      if (!snapshot.path("snapshot").isTextual() || !snapshot.path("state").isTextual()) {
        throw http.missingField(response, "snapshots[].snapshot and snapshots[].state");
      }
      Map<String, String> metadata = new LinkedHashMap<>();
      snapshot.path("metadata").properties().forEach(e -> metadata.put(e.getKey(), e.getValue().asText()));
      result.add(new SnapshotSummary(snapshot.path("snapshot").asText(), snapshot.path("state").asText(), Map.copyOf(metadata)));
    }
    return result;
  }

  public record SnapshotSummary(String name, String state, Map<String, String> metadata) {
    public SnapshotSummary(String name, String state) {
      this(name, state, Map.of());
    }
  }

  /**
   * The search cluster's UUID ({@code GET /}, {@code cluster_uuid}): what tells two clusters apart
   * whatever URL reaches them.
   *
   * @throws TargetUnavailableException when it cannot be read or is not reported
   */
  public String clusterUuid() {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/", null);
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    String uuid = http.tree(response).path("cluster_uuid").asText("");
    if (uuid.isBlank() || uuid.equals("_na_")) {
      throw http.missingField(response, "cluster_uuid");
    }
    return uuid;
  }

  // --- restore side (contract 4.2 steps 4-5) ---------------------------------------------

  /** Whether the repository is registered ({@code GET _snapshot/<repo>}). */
  public boolean repositoryExists() {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository, null);
    if (response.is(404)) {
      return false;
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    return true;
  }

  /** Every index name ({@code GET _cat/indices?h=index}, plain text, one per line). */
  public List<String> indices() {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_cat/indices?h=index", null);
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    return response.body().lines().map(String::trim).filter(l -> !l.isEmpty()).sorted().toList();
  }

  /** Document count per index, for the given indices that exist. */
  public Map<String, Long> documentCounts(List<String> indices) {
    Map<String, Long> counts = new java.util.TreeMap<>();
    indexStats(indices).forEach((index, stats) -> counts.put(index, stats.documents()));
    return counts;
  }

  /** Documents and size on disk (primaries and replicas, bytes) of one index. */
  public record IndexStats(String index, long documents, long sizeBytes) {}

  /** {@link IndexStats} of the given indices that exist, by name. */
  public Map<String, IndexStats> indexStats(List<String> indices) {
    Map<String, IndexStats> stats = new java.util.TreeMap<>();
    if (indices.isEmpty()) {
      return stats;
    }
    TargetHttp.Response response = http.send(HttpMethod.GET,
        "/_cat/indices/" + String.join(",", indices) + "?h=index,docs.count,store.size&bytes=b&format=json&ignore_unavailable=true", null);
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    for (JsonNode index : http.tree(response)) {
      String name = index.path("index").asText();
      stats.put(name, new IndexStats(name, index.path("docs.count").asLong(), index.path("store.size").asLong()));
    }
    return stats;
  }

  /** Deletes one index; already gone is fine. */
  public void deleteIndex(String index) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, "/" + index, null);
    if (!(response.is(200) || response.is(404))) {
      throw http.unexpected(response);
    }
  }

  /**
   * Deletes exactly these indices, by name, one request each (a deletion of many indices at once
   * can outlast the request timeout on a busy cluster); already gone is fine. Every name is checked
   * before the first deletion: names are never patterns.
   */
  public void deleteIndices(List<String> indices) {
    indices.forEach(index -> requireName("an index", index));
    indices.forEach(index -> deleteChunk(List.of(index)));
  }

  private void deleteChunk(List<String> chunk) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, "/" + String.join(",", chunk) + "?ignore_unavailable=true", null);
    if (!(response.is(200) || response.is(404))) {
      throw http.unexpected(response);
    }
  }

  /** The indices a snapshot holds ({@code GET _snapshot/<repo>/<name>}). */
  public List<String> snapshotIndices(String name) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository + "/" + name, null);
    if (response.is(404)) {
      throw response.message().contains("repository_missing_exception") ? repositoryMissing(response) : http.unexpected(response);
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    List<String> indices = new ArrayList<>();
    http.tree(response).path("snapshots").path(0).path("indices").forEach(i -> indices.add(i.asText()));
    return indices;
  }

  /**
   * Starts restoring one snapshot without waiting ({@code _restore} without {@code
   * wait_for_completion}); its progress is read with {@link #recoveries(List)}. Returns false when
   * the target refused because an index of the snapshot already exists: a restore of it was
   * started before (the caller reads the recoveries to tell).
   */
  public boolean startRestore(String name) {
    TargetHttp.Response response = http.send(HttpMethod.POST, "/_snapshot/" + repository + "/" + name + "/_restore", null);
    if (response.is(404) && response.message().contains("repository_missing_exception")) {
      throw repositoryMissing(response);
    }
    if (response.is(200)) {
      return true;
    }
    if ((response.is(500) || response.is(400) || response.is(503)) && response.body().contains("snapshot_restore_exception")
        && (response.message().contains("already exists") || response.message().contains("concurrent"))) {
      return false;
    }
    throw http.unexpected(response);
  }

  /** What a snapshot holds ({@code GET _snapshot/<repo>/<name>}): its indices and shard count. */
  public SnapshotContents snapshotContents(String name) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository + "/" + name, null);
    if (response.is(404)) {
      throw response.message().contains("repository_missing_exception") ? repositoryMissing(response) : http.unexpected(response);
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    JsonNode snapshot = http.tree(response).path("snapshots").path(0);
    if (!snapshot.path("shards").path("total").isNumber()) {
      throw http.missingField(response, "snapshots[0].shards.total");
    }
    List<String> indices = new ArrayList<>();
    snapshot.path("indices").forEach(i -> indices.add(i.asText()));
    return new SnapshotContents(name, List.copyOf(indices), snapshot.path("shards").path("total").asInt());
  }

  public record SnapshotContents(String snapshot, List<String> indices, int shards) {}

  /**
   * The recovery of every primary shard of those of {@code indices} that exist ({@code GET
   * <indices>/_recovery}): how the shard got its data (type {@code SNAPSHOT} and from which
   * snapshot for a restore) and how far it is ({@code stage}, {@code DONE} when finished).
   * Completed recoveries stay listed until the shard recovers again.
   */
  public List<ShardRecovery> recoveries(List<String> indices) {
    if (indices.isEmpty()) {
      return List.of();
    }
    TargetHttp.Response response = http.send(HttpMethod.GET,
        "/" + String.join(",", indices) + "/_recovery?ignore_unavailable=true&allow_no_indices=true", null);
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    List<ShardRecovery> result = new ArrayList<>();
    http.tree(response).properties().forEach(index -> {
      for (JsonNode shard : index.getValue().path("shards")) {
        if (shard.path("primary").asBoolean(false)) {
          result.add(new ShardRecovery(index.getKey(), shard.path("id").asInt(), shard.path("type").asText(""),
              shard.path("stage").asText(""), shard.path("source").path("repository").asText(null),
              shard.path("source").path("snapshot").asText(null), shard.path("index").path("size").path("total_in_bytes").asLong(-1)));
        }
      }
    });
    return result;
  }

  /**
   * One primary shard's recovery; {@code repository}/{@code snapshot} only for type SNAPSHOT;
   * {@code bytes}: the size of the files it recovers (from a snapshot: the shard's files in it, byte
   * for byte), -1 when not reported.
   */
  public record ShardRecovery(String index, int shard, String type, String stage, String repository, String snapshot, long bytes) {

    public boolean fromSnapshot(String repository, String snapshot) {
      return "SNAPSHOT".equalsIgnoreCase(type) && snapshot.equals(this.snapshot) && repository.equals(this.repository);
    }

    public boolean done() {
      return "DONE".equalsIgnoreCase(stage);
    }
  }

  /** Documents in {@code indexPattern} whose {@code field} (epoch millis) is after {@code since}. */
  public long countSince(String indexPattern, String field, java.time.Instant since) {
    Map<String, Object> query = Map.of("query", Map.of("range", Map.of(field, Map.of("gt", since.toEpochMilli()))));
    TargetHttp.Response response = http.send(HttpMethod.POST, "/" + indexPattern + "/_count?ignore_unavailable=true&allow_no_indices=true", query);
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    return http.tree(response).path("count").asLong();
  }

  public void deleteSnapshot(String name) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, "/_snapshot/" + repository + "/" + name, null);
    if (!(response.is(200) || response.is(404))) {
      throw http.unexpected(response);
    }
  }
  /** A single name, never a pattern or a list: a wildcard or comma would widen what is read or deleted. */
  private static void requireName(String kind, String name) {
    if (name.isBlank() || name.chars().anyMatch(c -> "*?,/\\\" <>|#:".indexOf(c) >= 0)) {
      throw new IllegalArgumentException("not " + kind + " name: '" + name + "'");
    }
  }

  // --- backup manifests (a document of the cluster's manifest index, snapshotted beside the set) ---

  /** Names per {@code _status} request: a set has about ten snapshots, and the URL stays short. */
  private static final int STATUS_NAMES_PER_REQUEST = 25;

  /**
   * The bytes each index of each snapshot holds in the repository, by snapshot name, asked for
   * many snapshots at once ({@code GET _snapshot/<repo>/<a>,<b>/_status}, {@code
   * indices.<index>.stats.total.size_in_bytes}). One name that is missing fails the whole read:
   * a manifest never describes part of a set.
   */
  public Map<String, Map<String, Long>> snapshotIndexSizes(List<String> names) {
    names.forEach(name -> requireName("a snapshot", name));
    Map<String, Map<String, Long>> sizes = new LinkedHashMap<>();
    for (int from = 0; from < names.size(); from += STATUS_NAMES_PER_REQUEST) {
      List<String> chunk = names.subList(from, Math.min(names.size(), from + STATUS_NAMES_PER_REQUEST));
      TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository + "/" + String.join(",", chunk) + "/_status", null);
      if (response.is(404)) {
        throw response.message().contains("repository_missing_exception") ? repositoryMissing(response) : http.unexpected(response);
      }
      if (!response.is(200)) {
        throw http.unexpected(response);
      }
      Map<String, JsonNode> answered = new LinkedHashMap<>();
      http.tree(response).path("snapshots").forEach(snapshot -> answered.put(snapshot.path("snapshot").asText(), snapshot));
      for (String name : chunk) {
        JsonNode indices = answered.getOrDefault(name, MissingNode.getInstance()).path("indices");
        if (!indices.isObject()) {
          throw http.missingField(response, "snapshots[snapshot=" + name + "].indices");
        }
        Map<String, Long> snapshotSizes = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> index : indices.properties()) {
          JsonNode size = index.getValue().path("stats").path("total").path("size_in_bytes");
          if (!size.isNumber()) {
            throw http.missingField(response, "snapshots[snapshot=" + name + "].indices." + index.getKey() + ".stats.total.size_in_bytes");
          }
          snapshotSizes.put(index.getKey(), size.asLong());
        }
        sizes.put(name, snapshotSizes);
      }
    }
    return sizes;
  }

  /**
   * Creates an index of one shard that keeps documents as they are and maps none of their fields
   * ({@code dynamic: false}): a document then costs no mapping update. A replica where a second
   * node can hold it, none on a single node (which stays green). {@code false} when it exists
   * already.
   */
  public boolean createUnmappedIndex(String index) {
    Map<String, Object> body = Map.of(
        "settings", Map.of("index.number_of_shards", 1, "index.auto_expand_replicas", "0-1"),
        "mappings", Map.of("dynamic", false));
    TargetHttp.Response response = http.send(HttpMethod.PUT, "/" + index, body);
    if (response.is(400) && response.message().contains("resource_already_exists_exception")) {
      return false;
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    return true;
  }

  /**
   * Writes one document ({@code PUT <index>/_doc/<id>}). Not refreshed: a snapshot flushes the
   * shard first, and reading it back by ID needs no refresh.
   */
  public void putDocument(String index, String id, Object document) {
    TargetHttp.Response response = http.send(HttpMethod.PUT, "/" + index + "/_doc/" + id, document);
    if (!(response.is(200) || response.is(201))) {
      throw http.unexpected(response);
    }
  }

  /** Deletes one document ({@code DELETE <index>/_doc/<id>}); a missing document or index is fine. */
  public void deleteDocument(String index, String id) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, "/" + index + "/_doc/" + id, null);
    if (!(response.is(200) || response.is(404))) {
      throw http.unexpected(response);
    }
  }

  /** One document's source ({@code GET <index>/_doc/<id>}); empty when the index or document does not exist. */
  public Optional<JsonNode> getDocument(String index, String id) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/" + index + "/_doc/" + id, null);
    if (response.is(404)) {
      return Optional.empty();
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    JsonNode source = http.tree(response).path("_source");
    if (!source.isObject()) {
      throw http.missingField(response, "_source");
    }
    return Optional.of(source);
  }

  /**
   * Snapshots one index and waits until it is done (for small indices only). {@code metadata} is
   * kept with the snapshot and returned by every listing (Elasticsearch and OpenSearch take up to
   * 1 KB of it).
   */
  public boolean snapshotAndWait(String name, String index, Map<String, Object> metadata) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("indices", index);
    body.put("include_global_state", false);
    body.put("metadata", metadata);
    if (type == SecondaryStorageType.ELASTICSEARCH) {
      body.put("feature_states", List.of("none"));
    }
    TargetHttp.Response response = http.send(HttpMethod.PUT, "/_snapshot/" + repository + "/" + name + "?wait_for_completion=true", body);
    if (response.is(404)) {
      throw repositoryMissing(response);
    }
    if (response.is(400) && response.message().contains("invalid_snapshot_name_exception")
        && (response.message().contains("already exists") || response.message().contains("already in-progress"))) {
      return false;
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    String state = http.tree(response).path("snapshot").path("state").asText();
    if (!"SUCCESS".equals(state)) {
      throw new IllegalStateException("Snapshot " + name + " of index " + index + " in repository " + repository
          + " ended " + (state.isEmpty() ? "without a state" : state) + ": " + response.request());
    }
    return true;
  }

  /** Restores one index of a snapshot under another name and waits until it is done (for small indices only). */
  public void restoreAsAndWait(String name, String index, String restoredName) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("indices", index);
    body.put("include_global_state", false);
    body.put("rename_pattern", "(.+)");
    body.put("rename_replacement", restoredName);
    TargetHttp.Response response = http.send(HttpMethod.POST, "/_snapshot/" + repository + "/" + name + "/_restore?wait_for_completion=true", body);
    if (response.is(404) && response.message().contains("repository_missing_exception")) {
      throw repositoryMissing(response);
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
  }
}
