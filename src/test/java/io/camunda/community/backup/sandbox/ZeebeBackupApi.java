package io.camunda.community.backup.sandbox;

import static io.camunda.community.backup.sandbox.SandboxRouter.blocking;

import io.camunda.community.backup.sandbox.ZeebeBackupStore.Manifest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Zeebe runtime backups, {@code /actuator/backupRuntime} (contract 1.2). Each partition backup is
 * written to the {@link ZeebeBackupStore}; it stays IN_PROGRESS for the configured duration.
 *
 * <p>A broker that stops never completes the backups it was taking; when it starts again, it
 * marks every backup still IN_PROGRESS as FAILED ({@value #CANCELLED}), as Zeebe's backup service
 * does for backups a previous leader left behind.
 */
final class ZeebeBackupApi {

  /** {@code /actuator/backupRuntime}, or the gateway's legacy {@code /actuator/backups} (8.7 and earlier, contract 1.4). */
  private final String PATH;
  private static final long STUCK_RECHECK_MILLIS = 50;
  static final String CANCELLED = "Backup is cancelled due to leader change.";
  private static final String NOT_CONFIGURED =
      "Backup is not configured on the broker: no backup store is configured (store: NONE).";

  private final ZeebeBackupStore store;
  private final ZeebeExporter exporter;
  private final SandboxFaults faults;
  private final SandboxOptions options;
  private final ScheduledExecutorService scheduler;
  private final ComponentLifecycle lifecycle;
  /** Highest id ever taken: deleted backups still count, as their checkpoint stays in the log. */
  private long latestBackupId;
  /**
   * Continuous backups (8.9+, contract 1.2.5 and 3.1): ids are generated, explicit ones refused
   * (400), and every backup's log range is tracked per partition.
   */
  private volatile boolean continuous;
  /** Per partition, every backup taken in continuous mode, oldest first. */
  private final Map<Integer, List<Checkpoint>> checkpoints = new java.util.TreeMap<>();
  /** Partitions whose log before the next backup is lost (compacted without a backup): a gap. */
  private final java.util.Set<Integer> logLost = new java.util.HashSet<>();

  /**
   * A backup's checkpoint on one partition: its log position, and the first log position the
   * backup holds (the previous checkpoint's next one, unless the log between was lost).
   */
  record Checkpoint(long checkpointId, String checkpointType, long checkpointPosition, long firstLogPosition, Instant timestamp) {
    Map<String, Object> json() {
      var json = new LinkedHashMap<String, Object>();
      json.put("checkpointId", checkpointId);
      json.put("checkpointType", checkpointType);
      json.put("checkpointPosition", checkpointPosition);
      json.put("firstLogPosition", firstLogPosition);
      json.put("checkpointTimestamp", timestamp.toString());
      return json;
    }
  }

  ZeebeBackupApi(
      ZeebeBackupStore store,
      ZeebeExporter exporter,
      SandboxFaults faults,
      SandboxOptions options,
      ScheduledExecutorService scheduler,
      ComponentLifecycle lifecycle) {
    this.PATH = options.legacyZeebeEndpoint() ? "/actuator/backups" : "/actuator/backupRuntime";
    this.store = store;
    this.exporter = exporter;
    this.faults = faults;
    this.options = options;
    this.scheduler = scheduler;
    this.lifecycle = lifecycle;
    this.latestBackupId = store.backupIds().isEmpty() ? 0 : store.backupIds().last();
  }

  void register(SandboxRouter router) {
    router
        .route("POST", PATH, blocking(this::take))
        .route("GET", PATH + "/state", blocking(request -> state()))
        .route("POST", PATH + "/state/sync", blocking(request -> state()))
        .route("GET", PATH, blocking(request -> list("")))
        .route("GET", PATH + "/(?<id>[^/]+)", blocking(this::get))
        .route("DELETE", PATH + "/(?<id>[^/]+)", blocking(this::delete));
  }

  private HttpReply take(SandboxRequest request) {
    if (continuous) {
      if (request.hasJsonBody() && !request.json().path("backupId").isMissingNode()) {
        return HttpReply.message(400, "Cannot take backup with predetermined backupId when continuous backups are enabled."
            + " Use POST actuator/backupRuntime without specifying a backupId.");
      }
      long backupId = takeContinuous("MANUAL_BACKUP", Instant.now());
      var reply = new LinkedHashMap<String, Object>();
      reply.put("backupId", backupId);
      reply.put("message", "A backup with id %d has been scheduled. Use GET actuator/backups/%d to monitor the status."
          .formatted(backupId, backupId));
      return HttpReply.json(202, reply);
    }
    if (!request.hasJsonBody()) {
      return SandboxRouter.springError(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, request.path());
    }
    var backupId = request.backupId();
    if (backupId == null) {
      return HttpReply.message(400, "A backupId must be provided and it must be > 0");
    }
    if (!options.zeebeBackupStoreConfigured()) {
      return HttpReply.message(400, NOT_CONFIGURED);
    }
    synchronized (this) {
      if (backupId <= latestBackupId) {
        return HttpReply.message(409, alreadyExists(backupId, latestBackupId));
      }
      latestBackupId = backupId;
    }
    start(backupId);
    return HttpReply.message(
        202,
        "A backup with id %d has been scheduled. Use GET actuator/backups/%d to monitor the status."
            .formatted(backupId, backupId));
  }

  /** Switches continuous backups on (8.9's RDBMS setup) or off. */
  void continuous(boolean on) {
    continuous = on;
  }

  /** The log of {@code partitionId} up to now is lost before the next backup: the next one starts a new range. */
  synchronized void loseLogBeforeNextBackup(int partitionId) {
    logLost.add(partitionId);
  }

  /**
   * A backup with a generated id (the time in milliseconds, above every earlier id), as the
   * broker's scheduler or a POST without body takes it, its checkpoint recorded at {@code at}.
   */
  synchronized long takeContinuous(String type, Instant at) {
    long backupId = Math.max(latestBackupId + 1, at.toEpochMilli());
    latestBackupId = backupId;
    for (int partitionId = 1; partitionId <= options.partitionCount(); partitionId++) {
      long position = exporter.partitionState(partitionId).processedPosition();
      List<Checkpoint> taken = checkpoints.computeIfAbsent(partitionId, id -> new ArrayList<>());
      long first = taken.isEmpty() ? 1 : taken.getLast().checkpointPosition() + 1;
      if (logLost.remove(partitionId)) {
        first = position; // everything since the previous checkpoint was compacted away
      }
      taken.add(new Checkpoint(backupId, type, position, Math.min(first, position), at));
    }
    start(backupId, at);
    return backupId;
  }

  /**
   * Per partition, the continuous backups that COMPLETED, oldest first, in ranges: a new range
   * starts where a backup does not join the one before (its log before it was lost).
   */
  synchronized Map<Integer, List<List<Checkpoint>>> completedRanges() {
    var byPartition = new java.util.TreeMap<Integer, List<List<Checkpoint>>>();
    checkpoints.forEach((partitionId, taken) -> {
      var ranges = new ArrayList<List<Checkpoint>>();
      for (Checkpoint checkpoint : taken) {
        boolean completed = store.read(partitionId, checkpoint.checkpointId())
            .map(manifest -> manifest.state().equals("COMPLETED")).orElse(false);
        if (!completed) {
          continue;
        }
        if (ranges.isEmpty() || checkpoint.firstLogPosition() > ranges.getLast().getLast().checkpointPosition() + 1) {
          ranges.add(new ArrayList<>());
        }
        ranges.getLast().add(checkpoint);
      }
      byPartition.put(partitionId, ranges);
    });
    return byPartition;
  }

  /** {@code GET actuator/backupRuntime/state} (contract 1.2.5): the newest checkpoint and backup, and the ranges, per partition. */
  private synchronized HttpReply state() {
    var checkpointStates = new ArrayList<Map<String, Object>>();
    var backupStates = new ArrayList<Map<String, Object>>();
    var ranges = new ArrayList<Map<String, Object>>();
    checkpoints.forEach((partitionId, taken) -> {
      var completed = taken.stream().filter(checkpoint -> store.read(partitionId, checkpoint.checkpointId())
          .map(manifest -> manifest.state().equals("COMPLETED")).orElse(false)).toList();
      var newest = new LinkedHashMap<String, Object>(taken.getLast().json());
      newest.remove("firstLogPosition");
      newest.put("partitionId", partitionId);
      checkpointStates.add(newest);
      if (completed.isEmpty()) {
        return;
      }
      var backup = new LinkedHashMap<String, Object>(completed.getLast().json());
      backup.put("partitionId", partitionId);
      backupStates.add(backup);
      Checkpoint start = completed.getFirst();
      Checkpoint end = start;
      for (Checkpoint next : completed.subList(1, completed.size())) {
        if (next.firstLogPosition() > end.checkpointPosition() + 1) {
          ranges.add(range(partitionId, start, end));
          start = next;
        }
        end = next;
      }
      ranges.add(range(partitionId, start, end));
    });
    var state = new LinkedHashMap<String, Object>();
    state.put("checkpointStates", checkpointStates);
    state.put("backupStates", backupStates);
    state.put("ranges", ranges);
    return HttpReply.json(200, state);
  }

  private static Map<String, Object> range(int partitionId, Checkpoint start, Checkpoint end) {
    var range = new LinkedHashMap<String, Object>();
    range.put("partitionId", partitionId);
    range.put("start", start.json());
    range.put("end", end.json());
    return range;
  }

  private void start(long backupId) {
    start(backupId, Instant.now());
  }

  /** Starts the partition backups of {@code backupId}, created at {@code createdAt} (a continuous backup's checkpoint time). */
  private void start(long backupId, Instant createdAt) {
    var now = createdAt.toString();
    var startedIn = lifecycle.thisIncarnation();
    for (int partitionId = 1; partitionId <= options.partitionCount(); partitionId++) {
      var data = exporter.partitionState(partitionId); // one consistent view of the partition
      var position =
          new ZeebeExporter.PartitionPosition(partitionId, data.processedPosition(), data.exportedPosition(), null);
      var manifest =
          new Manifest(backupId, partitionId, "IN_PROGRESS", null, now, now, position.snapshotId(),
              position.exportedPosition(), 0, options.camundaVersion());
      store.create(manifest, partitionState(data));
    }
    var failureReason = faults.zeebeBackupFailureReason();
    scheduler.schedule(
        () -> complete(backupId, failureReason, startedIn),
        options.zeebeBackupDuration().toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /**
   * One partition fails when a failure is injected; the others complete. A stuck fault holds all.
   * Nothing happens once the broker that started the backup has stopped.
   */
  private void complete(long backupId, String failureReason, BooleanSupplier startedIn) {
    if (!startedIn.getAsBoolean()) {
      return;
    }
    if (faults.isZeebeBackupStuckInProgress()) {
      scheduler.schedule(
          () -> complete(backupId, failureReason, startedIn), STUCK_RECHECK_MILLIS, TimeUnit.MILLISECONDS);
      return;
    }
    var now = Instant.now().toString();
    for (int partitionId = 1; partitionId <= options.partitionCount(); partitionId++) {
      boolean fails = failureReason != null && partitionId == 1;
      store
          .read(partitionId, backupId)
          .filter(manifest -> manifest.state().equals("IN_PROGRESS"))
          .ifPresent(
              manifest ->
                  store.update(manifest.ended(fails ? "FAILED" : "COMPLETED", fails ? failureReason : null, now)));
    }
  }

  /** The broker came up again: what its previous incarnation left IN_PROGRESS is FAILED now. */
  void brokerStarted() {
    var now = Instant.now().toString();
    for (long backupId : store.backupIds()) {
      for (int partitionId = 1; partitionId <= options.partitionCount(); partitionId++) {
        store
            .read(partitionId, backupId)
            .filter(manifest -> manifest.state().equals("IN_PROGRESS"))
            .ifPresent(manifest -> store.update(manifest.ended("FAILED", CANCELLED, now)));
      }
    }
  }

  /** Highest id a start request has taken so far (deleted backups included). */
  synchronized long latestBackupId() {
    return latestBackupId;
  }

  /**
   * The partitions were restored from {@code backupId}: their log ends at its checkpoint, so it is
   * the latest one again; the ids of backups still in the store stay taken.
   */
  synchronized void restored(long backupId) {
    var ids = store.backupIds();
    latestBackupId = Math.max(backupId, ids.isEmpty() ? 0 : ids.last());
  }

  private HttpReply get(SandboxRequest request) {
    var raw = request.pathParam("id");
    if (!options.zeebeBackupStoreConfigured()) {
      return HttpReply.message(400, NOT_CONFIGURED);
    }
    if (raw.matches("\\d*\\*")) {
      return list(raw.substring(0, raw.length() - 1));
    }
    if (!raw.matches("\\d{1,18}")) {
      return HttpReply.message(
          400, "Expected a backup ID or prefix ending with '*', but got '%s'.".formatted(raw));
    }
    var backupId = Long.parseLong(raw);
    var info = backupInfo(backupId, false);
    return info == null
        ? HttpReply.message(404, "Backup with id %d does not exist".formatted(backupId))
        : HttpReply.json(200, info);
  }

  private HttpReply list(String prefix) {
    if (!options.zeebeBackupStoreConfigured()) {
      return HttpReply.message(400, NOT_CONFIGURED);
    }
    var infos =
        store.backupIds().reversed().stream()
            .filter(id -> String.valueOf(id).startsWith(prefix))
            .map(id -> backupInfo(id, true))
            .filter(Objects::nonNull)
            .toList();
    return HttpReply.json(200, infos);
  }

  private HttpReply delete(SandboxRequest request) {
    var raw = request.pathParam("id");
    if (!raw.matches("\\d{1,18}")) {
      return HttpReply.message(400, "Expected a backup ID, but got '%s'.".formatted(raw));
    }
    if (!options.zeebeBackupStoreConfigured()) {
      return HttpReply.message(400, NOT_CONFIGURED);
    }
    store.delete(Long.parseLong(raw), options.partitionCount());
    return HttpReply.noContent();
  }

  /** BackupInfo of one id, or null when no partition has it; the list form is shorter. */
  private Map<String, Object> backupInfo(long backupId, boolean listForm) {
    var details = new ArrayList<Map<String, Object>>();
    var states = new ArrayList<String>();
    String failureReason = null;
    for (int partitionId = 1; partitionId <= options.partitionCount(); partitionId++) {
      var manifest = store.read(partitionId, backupId);
      var state = manifest.map(Manifest::state).orElse("DOES_NOT_EXIST");
      states.add(state);
      if (failureReason == null && manifest.isPresent()) {
        failureReason = manifest.get().failureReason();
      }
      details.add(manifest.map(m -> detail(m, listForm)).orElse(doesNotExist(partitionId)));
    }
    if (states.stream().allMatch("DOES_NOT_EXIST"::equals)) {
      return null;
    }
    var state = aggregate(states);
    var info = new LinkedHashMap<String, Object>();
    info.put("backupId", backupId);
    info.put("state", state);
    if (state.equals("FAILED")) {
      info.put("failureReason", failureReason);
    }
    info.put("details", details);
    return info;
  }

  /** The contract's rule: all COMPLETED, else any FAILED, else any missing (INCOMPLETE), else IN_PROGRESS. */
  private static String aggregate(List<String> states) {
    if (states.stream().allMatch("COMPLETED"::equals)) {
      return "COMPLETED";
    }
    if (states.contains("FAILED")) {
      return "FAILED";
    }
    if (states.contains("DOES_NOT_EXIST")) {
      return "INCOMPLETE";
    }
    return "IN_PROGRESS";
  }

  private static Map<String, Object> detail(Manifest manifest, boolean listForm) {
    var detail = new LinkedHashMap<String, Object>();
    detail.put("partitionId", manifest.partitionId());
    detail.put("state", manifest.state());
    if (!listForm && manifest.failureReason() != null) {
      detail.put("failureReason", manifest.failureReason());
    }
    detail.put("createdAt", manifest.createdAt());
    if (!listForm) {
      detail.put("lastUpdatedAt", manifest.lastUpdatedAt());
      detail.put("snapshotId", manifest.snapshotId());
      detail.put("checkpointPosition", manifest.checkpointPosition());
      detail.put("brokerId", manifest.brokerId());
    }
    detail.put("brokerVersion", manifest.brokerVersion());
    return detail;
  }

  private static Map<String, Object> doesNotExist(int partitionId) {
    var detail = new LinkedHashMap<String, Object>();
    detail.put("partitionId", partitionId);
    detail.put("state", "DOES_NOT_EXIST");
    return detail;
  }

  /** What {@code partition-state.json} holds; the restore application reads it back. */
  private static Map<String, Object> partitionState(PartitionState data) {
    var state = new LinkedHashMap<String, Object>();
    state.put("partitionId", data.partitionId());
    state.put("processedPosition", data.processedPosition());
    state.put("exportedPosition", data.exportedPosition());
    state.put("recordCount", data.recordCount());
    return state;
  }

  private static String alreadyExists(long requested, long latest) {
    return ("Requested backup has id %d. The latest backup has id %d. The ID of a new backup must be"
            + " greater than the ID of previous backups that are completed, failed, or deleted.")
        .formatted(requested, latest);
  }
}
