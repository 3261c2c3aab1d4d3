package io.camunda.community.backup.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The OpenSearch snapshot repository as the web apps and Optimize use it, over plain HTTP. */
final class SnapshotRepository {

  /** The web apps' and Optimize's {@code startTime} format: offset without colon, server zone. */
  private static final DateTimeFormatter START_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ").withZone(ZoneId.systemDefault());

  /** What OpenSearch reports about one snapshot; times are 0 when unknown (non-verbose listing). */
  record SnapshotInfo(
      String name, String state, long startMillis, long endMillis, List<String> failures, JsonNode metadata) {

    static SnapshotInfo of(JsonNode json) {
      var failures = new ArrayList<String>();
      // the shard failure text OpenSearch's own SnapshotShardFailure.toString() gives
      json.path("failures")
          .forEach(
              failure ->
                  failures.add(
                      "[%s][%d] failed, reason [%s]"
                          .formatted(
                              failure.path("index").asText(),
                              failure.path("shard_id").asInt(),
                              failure.path("reason").asText())));
      return new SnapshotInfo(
          json.path("snapshot").asText(),
          json.path("state").asText(),
          json.path("start_time_in_millis").asLong(0),
          json.path("end_time_in_millis").asLong(0),
          failures,
          json.path("metadata"));
    }

    boolean hasState(String expected) {
      return expected.equals(state);
    }

    /** A {@code details[]} entry; without verbose information the optional fields are null. */
    Map<String, Object> detail() {
      var detail = new LinkedHashMap<String, Object>();
      detail.put("snapshotName", name);
      detail.put("state", state);
      detail.put("startTime", startMillis == 0 ? null : START_TIME.format(Instant.ofEpochMilli(startMillis)));
      detail.put("failures", startMillis == 0 ? null : failures);
      return detail;
    }

    SnapshotInfo withState(String newState) {
      return new SnapshotInfo(name, newState, startMillis, endMillis, failures, metadata);
    }
  }

  /** The configured repository is not registered in OpenSearch. */
  static final class RepositoryMissing extends RuntimeException {
    RepositoryMissing(String repository) {
      super("No repository with name [%s] could be found.".formatted(repository));
    }
  }

  private final OpenSearchHttp http;
  private final String name;

  SnapshotRepository(OpenSearchHttp http, String name) {
    this.http = http;
    this.name = name;
  }

  String name() {
    return name;
  }

  void requireExists() {
    var response = http.get("/_snapshot/" + name);
    if (response.status() == 404) {
      throw new RepositoryMissing(name);
    }
    response.requireOk();
  }

  /** Snapshots matching a name pattern, in start order; none is an empty list, not an error. */
  List<SnapshotInfo> find(String pattern, boolean verbose) {
    var response = http.get("/_snapshot/" + name + "/" + pattern + (verbose ? "" : "?verbose=false"));
    if (response.status() == 404) {
      if ("repository_missing_exception".equals(response.errorType())) {
        throw new RepositoryMissing(name);
      }
      return List.of();
    }
    var snapshots = new ArrayList<SnapshotInfo>();
    response.requireOk().path("snapshots").forEach(json -> snapshots.add(SnapshotInfo.of(json)));
    return snapshots;
  }

  /** State of one snapshot, or null when it does not exist (any more). */
  String state(String snapshot) {
    return find(snapshot, true).stream().findFirst().map(SnapshotInfo::state).orElse(null);
  }

  /** Starts a snapshot and returns at once ({@code wait_for_completion=false}), as Camunda does. */
  void startSnapshot(String snapshot, String indices, Map<String, Object> metadata, boolean partial) {
    var body = new LinkedHashMap<String, Object>();
    body.put("indices", indices);
    body.put("ignore_unavailable", true);
    body.put("include_global_state", false);
    body.put("partial", partial);
    body.put("metadata", metadata);
    http.put("/_snapshot/" + name + "/" + snapshot + "?wait_for_completion=false", body).requireOk();
  }

  void delete(String snapshot) {
    var response = http.delete("/_snapshot/" + name + "/" + snapshot);
    if (response.status() != 404) {
      response.requireOk();
    }
  }

  /** Index names (no system indices) currently in OpenSearch. */
  List<String> indices() {
    var response = http.get("/_cat/indices?h=index");
    if (!response.ok()) {
      throw new OpenSearchHttp.Failure(response.status(), response.body());
    }
    return response.body().lines().map(String::trim).filter(i -> !i.isEmpty() && !i.startsWith(".")).sorted().toList();
  }

  /**
   * Creates an index whose primary shard can never be allocated, so a snapshot covering it with
   * {@code partial=true} is finished PARTIAL by OpenSearch itself.
   */
  void createUnassignedIndex(String index) {
    var settings =
        Map.of(
            "number_of_shards", 1,
            "number_of_replicas", 0,
            "index.routing.allocation.require._name", "sandbox-no-such-node");
    var response = http.put("/" + index + "?wait_for_active_shards=0", Map.of("settings", settings));
    if (!"resource_already_exists_exception".equals(response.errorType())) {
      response.requireOk();
    }
  }

  void deleteIndex(String index) {
    var response = http.delete("/" + index);
    if (response.status() != 404) {
      response.requireOk();
    }
  }
}
