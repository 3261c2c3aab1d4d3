package io.camunda.community.backup.sandbox;

import static io.camunda.community.backup.sandbox.SandboxRouter.blocking;

import io.camunda.community.backup.sandbox.SnapshotRepository.RepositoryMissing;
import io.camunda.community.backup.sandbox.SnapshotRepository.SnapshotInfo;
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
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Optimize backups on Optimize's own management port, {@code /actuator/backups} (contract 1.5):
 * always two real snapshots, the import indices first, and no grace period for INCOMPLETE.
 */
final class OptimizeBackupApi {

  private static final String PATH = "/actuator/backups";
  private static final Pattern SNAPSHOT_NAME = Pattern.compile("camunda_optimize_(?<backupId>\\d+)_.*");
  private static final String IMPORT_INDICES = "optimize-*import-index*,optimize-metadata*";
  private static final String OTHER_INDICES = "optimize-*,-optimize-*import-index*,-optimize-metadata*";

  /** Added to the second part when the backup is to fail. */
  static final String UNASSIGNED_INDEX = "sandbox-unassigned-optimize";

  private final SnapshotRepository repository;
  private final SandboxFaults faults;
  private final SandboxOptions options;
  private final ScheduledExecutorService scheduler;
  private final ComponentLifecycle lifecycle;
  private final Map<Long, SnapshotSequence> sequences = new ConcurrentHashMap<>();
  /** Reads of the state still to be answered INCOMPLETE, per backup (see SandboxFaults#optimizeIncompleteForReads). */
  private final Map<Long, AtomicInteger> incompleteReadsLeft = new ConcurrentHashMap<>();

  OptimizeBackupApi(
      SnapshotRepository repository,
      SandboxFaults faults,
      SandboxOptions options,
      ScheduledExecutorService scheduler,
      ComponentLifecycle lifecycle) {
    this.repository = repository;
    this.faults = faults;
    this.options = options;
    this.scheduler = scheduler;
    this.lifecycle = lifecycle;
  }

  void register(SandboxRouter router) {
    router
        .route("POST", PATH, blocking(request -> guarded(() -> take(request))))
        .route("GET", PATH, blocking(request -> guarded(this::list)))
        .route("GET", PATH + "/(?<id>[^/]+)", blocking(request -> guarded(() -> get(request))))
        .route("DELETE", PATH + "/(?<id>[^/]+)", blocking(request -> guarded(() -> delete(request))));
  }

  boolean idle() {
    return sequences.values().stream().allMatch(SnapshotSequence::isDone);
  }

  private synchronized HttpReply take(SandboxRequest request) {
    var backupId = request.hasJsonBody() ? request.backupId() : null;
    if (backupId == null) {
      return error(400, "badRequestError", "backupId: must be a positive number, got " + request.rawBackupId());
    }
    repository.requireExists();
    var existing = repository.find(prefix(backupId) + "*", false);
    if (!existing.isEmpty()) {
      var names = existing.stream().map(SnapshotInfo::name).collect(Collectors.joining(", "));
      return error(409, "conflict",
          "A backup with ID [%d] already exists. Found snapshots: [%s]".formatted(backupId, names));
    }
    var version = options.camundaVersion().toLowerCase();
    var unassigned = faults.isOptimizeBackupFailing() ? UNASSIGNED_INDEX : null;
    var parts =
        List.of(
            part(backupId, version, 1, IMPORT_INDICES, null),
            part(backupId, version, 2, unassigned == null ? OTHER_INDICES : OTHER_INDICES + "," + unassigned, unassigned));
    var incompleteReads = new AtomicInteger(faults.optimizeIncompleteReads());
    incompleteReadsLeft.put(backupId, incompleteReads);
    var sequence =
        new SnapshotSequence(repository, scheduler, parts, options.snapshotPartDelay(),
            Instant.now().plus(max(faults.optimizeTransientIncomplete(), options.optimizeBackupDuration())), () -> incompleteReads.get() > 0,
            faults::isOptimizeStuckInProgress, lifecycle.thisIncarnation());
    sequences.put(backupId, sequence);
    sequence.start();
    // Optimize builds this body by hand, hence the space before the colon.
    return new HttpReply(
        202,
        "{\"message\" : \"Backup creation for ID %d has been scheduled. Use the GET API to monitor completion of backup process\"}"
            .formatted(backupId));
  }

  private HttpReply get(SandboxRequest request) {
    var raw = request.pathParam("id");
    if (!raw.matches("\\d{1,18}")) {
      return error(400, "badRequestError", "Invalid backup ID: " + raw);
    }
    var backupId = Long.parseLong(raw);
    repository.requireExists();
    var snapshots = repository.find(prefix(backupId) + "*", true);
    if (snapshots.isEmpty()) {
      return error(404, "notFoundError", "No Optimize backup with ID [%d] could be found.".formatted(backupId));
    }
    var info = backupInfo(backupId, snapshots);
    var held = incompleteReadsLeft.get(backupId);
    if ("INCOMPLETE".equals(info.get("state")) && held != null) {
      held.updateAndGet(left -> Math.max(0, left - 1));
    }
    return HttpReply.json(200, info);
  }

  private HttpReply list() {
    repository.requireExists();
    var byBackupId = new TreeMap<Long, List<SnapshotInfo>>(Comparator.reverseOrder());
    for (var snapshot : repository.find("camunda_optimize_*", true)) {
      var name = SNAPSHOT_NAME.matcher(snapshot.name());
      if (name.matches()) {
        byBackupId.computeIfAbsent(Long.parseLong(name.group("backupId")), id -> new ArrayList<>()).add(snapshot);
      }
    }
    return HttpReply.json(
        200, byBackupId.entrySet().stream().map(entry -> backupInfo(entry.getKey(), entry.getValue())).toList());
  }

  private HttpReply delete(SandboxRequest request) {
    var raw = request.pathParam("id");
    if (!raw.matches("\\d{1,18}")) {
      return error(400, "badRequestError", "Invalid backup ID: " + raw);
    }
    repository.requireExists();
    repository.find(prefix(Long.parseLong(raw)) + "*", false).forEach(s -> repository.delete(s.name()));
    return HttpReply.noContent();
  }

  /** BackupService.determineBackupState of Optimize (contract 1.5.2). */
  private Map<String, Object> backupInfo(long backupId, List<SnapshotInfo> found) {
    var snapshots = stuckView(backupId, found);
    long succeeded = snapshots.stream().filter(s -> s.hasState("SUCCESS")).count();
    String state;
    if (succeeded == 2) {
      state = "COMPLETED";
    } else if (snapshots.stream().anyMatch(s -> s.hasState("FAILED") || s.hasState("PARTIAL"))) {
      state = "FAILED";
    } else if (snapshots.stream().anyMatch(s -> s.hasState("INCOMPATIBLE"))) {
      state = "INCOMPATIBLE";
    } else if (snapshots.stream().anyMatch(s -> s.hasState("IN_PROGRESS"))) {
      state = "IN_PROGRESS";
    } else if (succeeded < 2) {
      state = "INCOMPLETE";
    } else {
      state = "FAILED"; // e.g. extra snapshots matching the naming scheme
    }
    var info = new LinkedHashMap<String, Object>();
    info.put("backupId", backupId);
    // Optimize names only FAILED snapshots here, so a PARTIAL one yields "[]", as in the original.
    info.put("failureReason", state.equals("FAILED")
        ? "The following snapshots failed: [%s]".formatted(
            snapshots.stream().filter(s -> s.hasState("FAILED")).map(SnapshotInfo::name).collect(Collectors.joining(", ")))
        : null);
    info.put("state", state);
    info.put("details", snapshots.stream().map(SnapshotInfo::detail).toList());
    return info;
  }

  private List<SnapshotInfo> stuckView(long backupId, List<SnapshotInfo> snapshots) {
    var sequence = sequences.get(backupId);
    if (!faults.isOptimizeStuckInProgress() || sequence == null || sequence.isDone()) {
      return snapshots;
    }
    var view = new ArrayList<>(snapshots);
    view.set(view.size() - 1, view.getLast().withState("IN_PROGRESS"));
    return view;
  }

  private static SnapshotSequence.Part part(
      long backupId, String version, int partNo, String indices, String unassignedIndex) {
    var metadata = new LinkedHashMap<String, Object>();
    metadata.put("backupId", backupId);
    metadata.put("version", version);
    metadata.put("partNo", partNo);
    metadata.put("partCount", 2);
    return new SnapshotSequence.Part(
        "camunda_optimize_%d_%s_part_%d_of_2".formatted(backupId, version, partNo), indices, metadata, unassignedIndex);
  }

  private static String prefix(long backupId) {
    return "camunda_optimize_" + backupId + "_";
  }

  /** Optimize's ErrorResponseDto. */
  private static HttpReply error(int status, String errorCode, String detailedMessage) {
    var body = new LinkedHashMap<String, Object>();
    body.put("errorCode", errorCode);
    body.put("errorMessage", switch (errorCode) {
      case "conflict" -> "The request could not be completed due to a conflict with the current state.";
      case "notFoundError" -> "The server could not find the requested resource.";
      case "badRequestError" -> "The request is invalid.";
      default -> "An internal server error occurred.";
    });
    body.put("detailedMessage", detailedMessage);
    body.put("reportDefinition", null);
    return HttpReply.json(status, body);
  }

  private HttpReply guarded(Supplier<HttpReply> handler) {
    try {
      return handler.get();
    } catch (RepositoryMissing e) {
      return error(500, "serverError", e.getMessage());
    } catch (OpenSearchHttp.Unreachable e) {
      return error(502, "elasticsearchConnectionError", "Connection to the database failed: " + e.getMessage());
    }
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
