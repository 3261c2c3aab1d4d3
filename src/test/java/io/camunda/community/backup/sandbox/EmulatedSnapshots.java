package io.camunda.community.backup.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One snapshot repository answered in memory, with OpenSearch's snapshot REST API (create, get
 * with wildcards and {@code verbose=false}, {@code _status}, delete, the repository itself), every
 * other request passed to the real node. A snapshot is IN_PROGRESS for a fixed duration from its
 * creation, then SUCCESS with the indices the real node held that matched its patterns.
 *
 * <p>Why: the fleet benchmark backs up 50 sandboxes at once, and one OpenSearch node creates and
 * finalizes their 400 snapshots one cluster-state update after another, so each web-apps backup
 * took 18-42 s instead of 2.4 s and the sandboxes reported them done seconds after their
 * snapshots' recorded end. Fifty clusters have fifty search clusters; this gives each sandbox a
 * repository of its own that takes its snapshots in the time it was given. Restoring an emulated
 * snapshot is refused (501): nothing is stored.
 */
final class EmulatedSnapshots extends OpenSearchHttp {

  private static final Pattern SNAPSHOT_PATH =
      Pattern.compile("/_snapshot/([^/?]+)(?:/([^/?]+))?(?:/(_status|_restore))?/?(?:\\?(.*))?");

  private record Snapshot(String name, String uuid, List<String> indices, Map<String, Object> metadata, Instant start, Instant end) {
    boolean done(Instant now) {
      return !now.isBefore(end);
    }
  }

  private final String repository;
  private final Duration duration;
  private final Clock clock;
  /** In creation order, as OpenSearch lists them. */
  private final Map<String, Snapshot> snapshots = new ConcurrentHashMap<>();

  EmulatedSnapshots(String baseUrl, String repository, Duration duration, Clock clock) {
    super(baseUrl);
    this.repository = repository;
    this.duration = duration;
    this.clock = clock;
  }

  @Override
  Response send(String method, String path, Object body) {
    Matcher matcher = SNAPSHOT_PATH.matcher(path);
    if (!matcher.matches() || !matcher.group(1).equals(repository)) {
      return super.send(method, path, body);
    }
    String name = matcher.group(2);
    String action = matcher.group(3);
    String query = matcher.group(4) == null ? "" : matcher.group(4);
    if (name == null) {
      return switch (method) {
        case "GET" -> json(200, Map.of(repository, Map.of("type", "fs", "settings", Map.of())));
        case "PUT" -> json(200, Map.of("acknowledged", true));
        default -> notEmulated(method, path);
      };
    }
    if ("_restore".equals(action)) {
      return notEmulated(method, path);
    }
    if ("_status".equals(action)) {
      return "GET".equals(method) ? status(name) : notEmulated(method, path);
    }
    return switch (method) {
      case "PUT", "POST" -> create(name, body, query.contains("wait_for_completion=true"));
      case "GET" -> list(name, !query.contains("verbose=false"));
      case "DELETE" -> deleteSnapshot(name);
      default -> notEmulated(method, path);
    };
  }

  private Response create(String name, Object body, boolean waitForCompletion) {
    Map<?, ?> request = body == null ? Map.of() : JSON.convertValue(body instanceof String text ? readTree(text) : body, Map.class);
    String patterns = String.valueOf(request.get("indices") == null ? "*" : request.get("indices"));
    Object metadata = request.get("metadata");
    Instant now = clock.instant();
    Snapshot snapshot = new Snapshot(name, UUID.randomUUID().toString(), matchingIndices(patterns),
        metadata instanceof Map<?, ?> map ? JSON.convertValue(map, Map.class) : Map.of(), now, now.plus(duration));
    if (snapshots.putIfAbsent(name, snapshot) != null) {
      return error(400, "invalid_snapshot_name_exception",
          "[%s:%s] Invalid snapshot name [%s], snapshot with the same name already exists".formatted(repository, name, name));
    }
    if (!waitForCompletion) {
      return json(200, Map.of("accepted", true));
    }
    sleepUntil(snapshot.end());
    return json(200, Map.of("snapshot", describe(snapshot, true)));
  }

  private Response list(String pattern, boolean verbose) {
    Instant now = clock.instant();
    List<Map<String, Object>> found = new ArrayList<>();
    boolean wildcard = pattern.contains("*") || pattern.equals("_all");
    for (Snapshot snapshot : inCreationOrder()) {
      if (matches(pattern, snapshot.name())) {
        found.add(verbose ? describe(snapshot, snapshot.done(now)) : brief(snapshot, snapshot.done(now)));
      }
    }
    if (found.isEmpty() && !wildcard) {
      return missing(pattern);
    }
    return json(200, Map.of("snapshots", found));
  }

  /** One entry per comma-separated name, in the order asked; one missing name answers 404 as OpenSearch does. */
  private Response status(String names) {
    List<Map<String, Object>> statuses = new ArrayList<>();
    for (String name : names.split(",")) {
      Snapshot snapshot = snapshots.get(name);
      if (snapshot == null) {
        return missing(name);
      }
      boolean done = snapshot.done(clock.instant());
      Map<String, Object> indices = new LinkedHashMap<>();
      snapshot.indices().forEach(index -> indices.put(index, Map.of("stats", Map.of("total", Map.of("size_in_bytes", 0)))));
      Map<String, Object> status = new LinkedHashMap<>();
      status.put("snapshot", snapshot.name());
      status.put("repository", repository);
      status.put("uuid", snapshot.uuid());
      status.put("state", done ? "SUCCESS" : "STARTED");
      status.put("include_global_state", false);
      status.put("indices", indices);
      statuses.add(status);
    }
    return json(200, Map.of("snapshots", statuses));
  }

  private Response deleteSnapshot(String name) {
    return snapshots.remove(name) == null ? missing(name) : json(200, Map.of("acknowledged", true));
  }

  private Map<String, Object> describe(Snapshot snapshot, boolean done) {
    Map<String, Object> json = brief(snapshot, done);
    long end = done ? snapshot.end().toEpochMilli() : 0;
    json.put("include_global_state", false);
    json.put("metadata", snapshot.metadata());
    json.put("start_time", snapshot.start().toString());
    json.put("start_time_in_millis", snapshot.start().toEpochMilli());
    json.put("end_time_in_millis", end);
    if (done) {
      json.put("end_time", snapshot.end().toString());
      json.put("duration_in_millis", end - snapshot.start().toEpochMilli());
    }
    json.put("failures", List.of());
    int shards = snapshot.indices().size();
    json.put("shards", Map.of("total", shards, "failed", 0, "successful", done ? shards : 0));
    return json;
  }

  private Map<String, Object> brief(Snapshot snapshot, boolean done) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("snapshot", snapshot.name());
    json.put("uuid", snapshot.uuid());
    json.put("indices", snapshot.indices());
    json.put("data_streams", List.of());
    json.put("state", done ? "SUCCESS" : "IN_PROGRESS");
    return json;
  }

  private List<Snapshot> inCreationOrder() {
    return snapshots.values().stream().sorted(java.util.Comparator.comparing(Snapshot::start).thenComparing(Snapshot::name)).toList();
  }

  /** The real node's indices (no system indices) that one of the comma-separated patterns names. */
  private List<String> matchingIndices(String patterns) {
    Response cat = super.send("GET", "/_cat/indices?h=index", null);
    if (!cat.ok()) {
      throw new Failure(cat.status(), cat.body());
    }
    List<String> wanted = Arrays.stream(patterns.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    return cat.body().lines().map(String::trim).filter(index -> !index.isEmpty() && !index.startsWith("."))
        .filter(index -> wanted.stream().anyMatch(pattern -> matches(pattern, index))).sorted().toList();
  }

  /** OpenSearch's name patterns: {@code _all}, {@code *} wildcards, comma-separated alternatives. */
  private static boolean matches(String pattern, String name) {
    for (String alternative : pattern.split(",")) {
      if (alternative.equals("_all") || name.matches(Arrays.stream(alternative.split("\\*", -1)).map(Pattern::quote)
          .collect(java.util.stream.Collectors.joining(".*")))) {
        return true;
      }
    }
    return false;
  }

  private Response missing(String name) {
    return error(404, "snapshot_missing_exception", "[%s:%s] is missing".formatted(repository, name));
  }

  private Response notEmulated(String method, String path) {
    return error(501, "emulation_exception", "The sandbox's emulated repository does not answer " + method + " " + path);
  }

  private static Response error(int status, String type, String reason) {
    return json(status, Map.of("error", Map.of("type", type, "reason", reason, "root_cause", List.of(Map.of("type", type, "reason", reason))),
        "status", status));
  }

  private static Response json(int status, Object body) {
    try {
      return new Response(status, JSON.writeValueAsString(body));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object readTree(String text) {
    try {
      return JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("Not JSON: " + text, e);
    }
  }

  private void sleepUntil(Instant end) {
    Duration left = Duration.between(clock.instant(), end);
    if (left.isPositive()) {
      try {
        Thread.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
