package io.camunda.community.backup.sandbox;

import static io.camunda.community.backup.sandbox.SandboxRouter.blocking;

import io.camunda.community.backup.sandbox.SnapshotRepository.RepositoryMissing;
import io.camunda.community.backup.sandbox.SnapshotRepository.SnapshotInfo;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import reactor.core.publisher.Mono;

/**
 * Operate/Tasklist backups, {@code /actuator/backupHistory} (contract 1.3): real OpenSearch
 * snapshots of the web-app indices, one per index group, and the state computed from them. The
 * same API serves a standalone Operate or Tasklist ({@link App}): {@code /actuator/backups}
 * (contract 1.4), snapshots of that app's indices only, named after it.
 */
final class WebappsBackupApi {

  /** Which web app answers: both in one process (8.8), or one of them in a process of its own. */
  enum App {
    COMBINED("/actuator/backupHistory", "webapps", index -> true),
    OPERATE("/actuator/backups", "operate", index -> index.startsWith("operate-") || index.startsWith("camunda-")),
    TASKLIST("/actuator/backups", "tasklist", index -> index.startsWith("tasklist-"));

    final String path;
    final String snapshotPrefix;
    final Predicate<String> owns;

    App(String path, String name, Predicate<String> owns) {
      this.path = path;
      this.snapshotPrefix = "camunda_" + name + "_";
      this.owns = owns;
    }
  }

  private final String PATH;
  private final Pattern SNAPSHOT_NAME;
  private final App app;

  /**
   * One snapshot per group that has indices, in this order; an index joins the first group it fits.
   * The names are matched without this installation's index prefix ({@link SandboxOptions#indexPrefix()}):
   * with prefix {@code prod} only {@code prod-operate-...} and its like are this cluster's.
   */
  private static final List<Predicate<String>> INDEX_GROUPS =
      List.of(
          index -> index.matches("(operate|tasklist)-import-position-.*"),
          index -> index.startsWith("operate-list-view-"),
          index -> index.startsWith("operate-"),
          index -> index.startsWith("tasklist-"),
          index -> index.startsWith("camunda-"));

  /** Added to the last part when the backup is to fail; never matched by a group above. */
  static final String UNASSIGNED_INDEX = "sandbox-unassigned-webapps";

  private final SnapshotRepository repository;
  private final SandboxFaults faults;
  private final SandboxOptions options;
  private final ScheduledExecutorService scheduler;
  private final ComponentLifecycle lifecycle;
  private final Map<Long, SnapshotSequence> sequences = new ConcurrentHashMap<>();
  private final Map<Long, Instant> ignoreGraceUntil = new ConcurrentHashMap<>();
  /** Reads of the state still to be answered INCOMPLETE, per backup (see SandboxFaults#webappsIncompleteForReads). */
  private final Map<Long, AtomicInteger> incompleteReadsLeft = new ConcurrentHashMap<>();
  private SnapshotSequence running;

  WebappsBackupApi(
      SnapshotRepository repository,
      SandboxFaults faults,
      SandboxOptions options,
      ScheduledExecutorService scheduler,
      ComponentLifecycle lifecycle) {
    this(App.COMBINED, repository, faults, options, scheduler, lifecycle);
  }

  WebappsBackupApi(
      App app,
      SnapshotRepository repository,
      SandboxFaults faults,
      SandboxOptions options,
      ScheduledExecutorService scheduler,
      ComponentLifecycle lifecycle) {
    this.app = app;
    this.PATH = app.path;
    this.SNAPSHOT_NAME = Pattern.compile(Pattern.quote(app.snapshotPrefix)
        + "(?<backupId>\\d+)_(?<version>[^_]+)_part_(?<index>\\d+)_of_(?<count>\\d+)");
    this.repository = repository;
    this.faults = faults;
    this.options = options;
    this.scheduler = scheduler;
    this.lifecycle = lifecycle;
  }

  void register(SandboxRouter router) {
    router
        .route("POST", PATH, blocking(request -> guarded(() -> take(request))))
        .route("GET", PATH, blocking(request -> guarded(() -> list(request))))
        .route("GET", PATH + "/(?<id>[^/]+)", blocking(request -> guarded(() -> get(request))))
        .route("DELETE", PATH + "/(?<id>[^/]+)", blocking(request -> guarded(() -> delete(request))));
  }

  /**
   * On RDBMS secondary storage (8.9+) the web apps keep no indices to snapshot (the database is
   * backed up with its own tools), so every backupHistory request, whatever its method, gets 404.
   */
  static void registerWithoutHistory(SandboxRouter router) {
    registerWithoutHistory(router, "No backup history: secondary storage is rdbms");
  }

  /** Every backupHistory request answered 404 with {@code message} (the web apps run elsewhere, or not at all). */
  static void registerWithoutHistory(SandboxRouter router, String message) {
    var reply = HttpReply.message(404, message);
    String PATH = App.COMBINED.path;
    router
        .route(SandboxRouter.ANY_METHOD, PATH, request -> Mono.just(reply))
        .route(SandboxRouter.ANY_METHOD, PATH + "/[^/]+", request -> Mono.just(reply));
  }

  synchronized boolean idle() {
    return running == null || running.isDone();
  }

  private HttpReply take(SandboxRequest request) {
    if (!request.hasJsonBody()) {
      return SandboxRouter.springError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, request.path());
    }
    var backupId = request.backupId();
    if (backupId == null) {
      return invalidId(request.rawBackupId());
    }
    if (!options.webappsRepositoryConfigured()) {
      return notConfigured();
    }
    repository.requireExists();
    var existing = repository.find(prefix(backupId) + "*", false);
    if (!existing.isEmpty()) {
      var names = existing.stream().map(SnapshotInfo::name).collect(Collectors.joining(", "));
      return HttpReply.message(
          400, "A backup with ID [%d] already exists. Found snapshots: [%s]".formatted(backupId, names));
    }
    synchronized (this) {
      if (running != null && !running.isDone()) {
        return HttpReply.message(400, "Another backup is running at the moment");
      }
      var parts = parts(backupId);
      if (parts.isEmpty()) {
        return HttpReply.message(500, "No Operate, Tasklist or Camunda indices found to back up.");
      }
      var now = Instant.now();
      var transientIncomplete = faults.webappsTransientIncomplete();
      if (transientIncomplete.isPositive()) {
        ignoreGraceUntil.put(backupId, now.plus(transientIncomplete));
      }
      var incompleteReads = new AtomicInteger(faults.webappsIncompleteReads());
      incompleteReadsLeft.put(backupId, incompleteReads);
      running =
          new SnapshotSequence(repository, scheduler, parts, options.snapshotPartDelay(),
              now.plus(max(transientIncomplete, options.webappsBackupDuration())), () -> incompleteReads.get() > 0, faults::isWebappsStuckInProgress,
              lifecycle.thisIncarnation());
      sequences.put(backupId, running);
      running.start();
      return HttpReply.json(
          200, Map.of("scheduledSnapshots", parts.stream().map(SnapshotSequence.Part::name).toList()));
    }
  }

  private HttpReply get(SandboxRequest request) {
    var backupId = pathId(request);
    if (backupId == null) {
      return invalidId(request.pathParam("id"));
    }
    if (!options.webappsRepositoryConfigured()) {
      return notConfigured();
    }
    var snapshots = repository.find(prefix(backupId) + "*", true);
    if (snapshots.isEmpty()) {
      return HttpReply.message(404, "No backup with id [%d] found.".formatted(backupId));
    }
    return HttpReply.json(200, backupState(backupId, snapshots, true));
  }

  private HttpReply list(SandboxRequest request) {
    if (!options.webappsRepositoryConfigured()) {
      return notConfigured();
    }
    boolean verbose = !"false".equalsIgnoreCase(request.queryParam("verbose", "true"));
    var byBackupId = new TreeMap<Long, List<SnapshotInfo>>();
    for (var snapshot : repository.find(app.snapshotPrefix + "*", verbose)) {
      var name = SNAPSHOT_NAME.matcher(snapshot.name());
      if (name.matches()) {
        byBackupId.computeIfAbsent(Long.parseLong(name.group("backupId")), id -> new ArrayList<>()).add(snapshot);
      }
    }
    // newest first: by start time, and by id where a non-verbose listing has no times
    var newestFirst =
        byBackupId.entrySet().stream()
            .sorted(
                Comparator.comparingLong(
                        (Map.Entry<Long, List<SnapshotInfo>> entry) ->
                            entry.getValue().stream().mapToLong(SnapshotInfo::startMillis).max().orElse(0))
                    .thenComparing(Map.Entry::getKey)
                    .reversed())
            .map(entry -> backupState(entry.getKey(), entry.getValue(), false))
            .toList();
    return HttpReply.json(200, newestFirst);
  }

  private HttpReply delete(SandboxRequest request) {
    var backupId = pathId(request);
    if (backupId == null) {
      return invalidId(request.pathParam("id"));
    }
    if (!options.webappsRepositoryConfigured()) {
      return notConfigured();
    }
    var snapshots = repository.find(prefix(backupId) + "*", false);
    if (snapshots.isEmpty()) {
      return HttpReply.message(404, "No backup with id [%d] found.".formatted(backupId));
    }
    snapshots.forEach(snapshot -> repository.delete(snapshot.name()));
    return HttpReply.noContent();
  }

  /** The state computation of ElasticsearchBackupRepository.getBackupResponse (contract 1.3.2). */
  private Map<String, Object> backupState(long backupId, List<SnapshotInfo> found, boolean countsAsRead) {
    var snapshots = stuckView(backupId, inPartOrder(found));
    int expected = expectedCount(snapshots);
    var grace =
        Instant.now().isBefore(ignoreGraceUntil.getOrDefault(backupId, Instant.MIN))
            ? Duration.ZERO
            : options.webappsIncompleteCheckTimeout();
    String state;
    if (snapshots.size() == expected && snapshots.stream().allMatch(s -> s.hasState("SUCCESS"))) {
      state = "COMPLETED";
    } else if (snapshots.stream().anyMatch(s -> s.hasState("FAILED") || s.hasState("PARTIAL"))) {
      state = "FAILED";
    } else if (snapshots.stream().anyMatch(s -> s.hasState("INCOMPATIBLE"))) {
      state = "INCOMPATIBLE";
    } else if (snapshots.stream().anyMatch(s -> s.hasState("IN_PROGRESS"))) {
      state = "IN_PROGRESS";
    } else if (snapshots.size() < expected && heldIncomplete(backupId, countsAsRead)) {
      state = "INCOMPLETE";
    } else if (snapshots.size() < expected) {
      state = incompleteCheckTimedOut(snapshots, grace) ? "INCOMPLETE" : "IN_PROGRESS";
    } else {
      state = "FAILED";
    }
    var response = new LinkedHashMap<String, Object>();
    response.put("backupId", backupId);
    response.put("state", state);
    response.put("failureReason", state.equals("FAILED") ? failureReason(snapshots, expected) : null);
    response.put("details", snapshots.stream().map(SnapshotInfo::detail).toList());
    return response;
  }

  /** True while the backup's later parts are held back for INCOMPLETE reads; a read uses one up. */
  private boolean heldIncomplete(long backupId, boolean countsAsRead) {
    var left = incompleteReadsLeft.get(backupId);
    if (left == null || left.get() <= 0) {
      return false;
    }
    if (countsAsRead) {
      left.decrementAndGet();
    }
    return true;
  }

  private static String failureReason(List<SnapshotInfo> snapshots, int expected) {
    var failed = namesInState(snapshots, "FAILED");
    if (!failed.isEmpty()) {
      return "There were failures with the following snapshots: " + failed;
    }
    var partial = namesInState(snapshots, "PARTIAL");
    if (!partial.isEmpty()) {
      return "Some of the snapshots are partial: " + partial;
    }
    return snapshots.size() > expected ? "More snapshots found than expected." : null;
  }

  /** INCOMPLETE only once the newest part ended longer ago than the grace (fix of camunda#33717). */
  private static boolean incompleteCheckTimedOut(List<SnapshotInfo> snapshots, Duration grace) {
    long lastEnd = snapshots.stream().mapToLong(SnapshotInfo::endMillis).max().orElse(0);
    return lastEnd > 0 && Instant.ofEpochMilli(lastEnd).plus(grace).isBefore(Instant.now());
  }

  /** While the stuck fault holds a running backup, its newest part looks unfinished. */
  private List<SnapshotInfo> stuckView(long backupId, List<SnapshotInfo> snapshots) {
    var sequence = sequences.get(backupId);
    if (!faults.isWebappsStuckInProgress() || sequence == null || sequence.isDone()) {
      return snapshots;
    }
    var view = new ArrayList<>(snapshots);
    view.set(view.size() - 1, view.getLast().withState("IN_PROGRESS"));
    return view;
  }

  private List<SnapshotSequence.Part> parts(long backupId) {
    var groups = new ArrayList<List<String>>();
    INDEX_GROUPS.forEach(group -> groups.add(new ArrayList<>()));
    String prefix = options.indexPrefix().isEmpty() ? "" : options.indexPrefix() + "-";
    for (var index : repository.indices()) {
      if (!index.startsWith(prefix)) {
        continue;
      }
      String unprefixed = index.substring(prefix.length());
      if (!app.owns.test(unprefixed)) {
        continue; // the other web app's: backed up by its own process
      }
      for (int g = 0; g < INDEX_GROUPS.size(); g++) {
        if (INDEX_GROUPS.get(g).test(unprefixed)) {
          groups.get(g).add(index);
          break;
        }
      }
    }
    groups.removeIf(List::isEmpty);
    boolean failing = faults.isWebappsBackupFailing();
    int count = groups.size();
    var version = options.camundaVersion().toLowerCase();
    var parts = new ArrayList<SnapshotSequence.Part>();
    for (int n = 1; n <= count; n++) {
      var unassigned = failing && n == count ? UNASSIGNED_INDEX : null;
      var indices = new ArrayList<>(groups.get(n - 1));
      if (unassigned != null) {
        indices.add(unassigned);
      }
      var metadata = new LinkedHashMap<String, Object>();
      metadata.put("backupId", backupId);
      metadata.put("version", version);
      metadata.put("partNo", n);
      metadata.put("partCount", count);
      parts.add(
          new SnapshotSequence.Part(
              app.snapshotPrefix + "%d_%s_part_%d_of_%d".formatted(backupId, version, n, count),
              String.join(",", indices),
              metadata,
              unassigned));
    }
    return parts;
  }

  private List<SnapshotInfo> inPartOrder(List<SnapshotInfo> snapshots) {
    return snapshots.stream().sorted(Comparator.comparingInt(s -> nameGroup(s, "index"))).toList();
  }

  /** partCount from the metadata; the name carries it too (a non-verbose listing has no metadata). */
  private int expectedCount(List<SnapshotInfo> snapshots) {
    var first = snapshots.getFirst();
    var fromMetadata = first.metadata().path("partCount");
    return fromMetadata.isInt() ? fromMetadata.asInt() : nameGroup(first, "count");
  }

  private int nameGroup(SnapshotInfo snapshot, String group) {
    var name = SNAPSHOT_NAME.matcher(snapshot.name());
    return name.matches() ? Integer.parseInt(name.group(group)) : 0;
  }

  private static String namesInState(List<SnapshotInfo> snapshots, String state) {
    return snapshots.stream().filter(s -> s.hasState(state)).map(SnapshotInfo::name).collect(Collectors.joining(", "));
  }

  private String prefix(long backupId) {
    return app.snapshotPrefix + backupId + "_";
  }

  private static Long pathId(SandboxRequest request) {
    var raw = request.pathParam("id");
    return raw.matches("\\d{1,18}") && Long.parseLong(raw) > 0 ? Long.parseLong(raw) : null;
  }

  private static HttpReply invalidId(String received) {
    return HttpReply.message(400, "BackupId must be a non-negative Integer. Received value: " + received);
  }

  private static HttpReply notConfigured() {
    return HttpReply.message(400, "No backup repository configured.");
  }

  /** OpenSearch problems as the web apps report them. */
  private HttpReply guarded(Supplier<HttpReply> handler) {
    try {
      return handler.get();
    } catch (RepositoryMissing e) {
      return HttpReply.message(404, e.getMessage());
    } catch (OpenSearchHttp.Unreachable e) {
      return HttpReply.message(
          502,
          "Encountered an error connecting to Opensearch while searching for snapshots. Repository name: [%s]."
              .formatted(repository.name()));
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
