package io.camunda.community.backup.control;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.continuous.BackupRanges;
import io.camunda.community.backup.config.UnknownClusterException;
import io.camunda.community.backup.security.Callers;
import io.camunda.community.backup.security.OperatorAction;
import io.camunda.community.backup.security.OperatorAudit;
import io.camunda.community.backup.worker.BackupVariables;
import jakarta.validation.Valid;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.BackupManifests;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * HTTP entry for automation, per cluster: the backup catalog, starting and cancelling backups,
 * retention runs and restores, following any of them by its status, and releasing a leaked cluster lock. The clients block (a few seconds at most),
 * so every handler runs on Reactor's bounded elastic scheduler, never on an event-loop thread.
 *
 * <p>Bad input (malformed JSON, unknown fields or query parameters, wrong types, an invalid backup
 * ID, a note over 500 characters) is answered 400 by {@link ApiErrors} before any process starts.
 *
 * <p>Every request has passed authentication and the permission check of {@link OperatorAction}
 * (docs/security.md) before it gets here; each action records the caller as {@code requestedBy}
 * and in one audit log line.
 */
@RestController
@RequestMapping(OperatorAction.CLUSTER_PATH)
public class BackupController {

  private final BackupRequests backups;
  private final RetentionRequests retention;
  private final BackupCatalog catalog;
  private final RestorableWindows restorableWindows;
  private final ClusterLocks locks;
  private final RestoreRequests restores;
  private final RunStatusReader statuses;
  private final ClusterRegistry registry;
  private final BackupManifests manifests;
  private final DrillRequests drills;

  public BackupController(BackupRequests backups, RetentionRequests retention, BackupCatalog catalog, ClusterLocks locks,
      RestoreRequests restores, RunStatusReader statuses, ClusterRegistry registry, BackupManifests manifests, DrillRequests drills,
      RestorableWindows restorableWindows) {
    this.manifests = manifests;
    this.drills = drills;
    this.statuses = statuses;
    this.registry = registry;
    this.restores = restores;
    this.backups = backups;
    this.retention = retention;
    this.catalog = catalog;
    this.locks = locks;
    this.restorableWindows = restorableWindows;
  }

  @GetMapping("/backups")
  public Mono<List<BackupSet>> catalog(@PathVariable String clusterName, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    return audited(OperatorAction.CATALOG, clusterName, caller -> catalog.list(clusterName), sets -> "LISTED");
  }

  /** 202 at once with the run's key and status URL (also as {@code Location}); a refusal shows in its status. */
  @PostMapping("/backups")
  public Mono<ResponseEntity<RunStarted>> start(
      @PathVariable String clusterName, @Valid @RequestBody(required = false) RequestBodies.Backup request, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    RequestBodies.Backup body = request == null ? new RequestBodies.Backup(null, null) : request;
    return audited(OperatorAction.BACKUP, clusterName,
        caller -> started(backups.request(clusterName, body.backupId(), body.note(), "api", caller)), response -> "STARTED");
  }

  @PostMapping("/backups/cancellation")
  public Mono<ResponseEntity<Map<String, Object>>> cancel(@PathVariable String clusterName) {
    return audited(OperatorAction.CANCEL_BACKUP, clusterName, caller -> {
      backups.cancel(clusterName, caller);
      return ResponseEntity.accepted().body(Map.<String, Object>of(
          "clusterName", clusterName, "cancellationRequested", true, BackupVariables.REQUESTED_BY, caller));
    }, response -> "CANCELLATION_REQUESTED");
  }

  /** 202 at once; the plan (what was or would be deleted and kept) is the run's result in its status. */
  @PostMapping("/retention")
  public Mono<ResponseEntity<RunStarted>> retention(
      @PathVariable String clusterName, @RequestParam(defaultValue = "false") boolean dryRun, ServerHttpRequest http) {
    // ?dry-run=true or ?dryrun=true must not be taken for a real run that deletes.
    onlyQueryParameters(http, Set.of("dryRun"));
    return audited(OperatorAction.RETENTION, clusterName,
        caller -> started(retention.request(clusterName, dryRun, "api", caller)), response -> "STARTED");
  }

  /**
   * Starts a restore: 202 at once; it then waits for approval in Tasklist. A refusal (busy, failed
   * pre-flight) shows in its status. Without a backup ID the operator chooses one in Tasklist.
   * {@code ?dryRun=true}: the pre-flight and the plan against the live target only (the newest
   * COMPLETE set without an ID); the result in the status is the plan, nothing is changed.
   */
  @PostMapping("/restores")
  public Mono<ResponseEntity<RunStarted>> restore(@PathVariable String clusterName, @RequestParam(defaultValue = "false") boolean dryRun,
      @Valid @RequestBody(required = false) RequestBodies.Restore request, ServerHttpRequest http) {
    // ?dry-run=true must not be taken for a real, destructive restore.
    onlyQueryParameters(http, Set.of("dryRun"));
    RequestBodies.Restore body = request == null ? new RequestBodies.Restore(null, null) : request;
    return audited(OperatorAction.RESTORE, clusterName,
        caller -> started(restores.request(clusterName, body, "api", caller, dryRun)),
        response -> dryRun ? "DRY_RUN_STARTED" : "STARTED");
  }

  /**
   * Starts a restore drill into this cluster, a drill target: its source's newest complete backup
   * is restored into it, unattended, and verified. 202 at once; the drill's result is in its status.
   * A cluster that is no drill target is refused (400), nothing starts.
   */
  @PostMapping("/drills")
  public Mono<ResponseEntity<RunStarted>> drill(@PathVariable String clusterName, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    return audited(OperatorAction.DRILL, clusterName, caller -> started(drills.request(clusterName, caller)), response -> "STARTED");
  }

  /**
   * How a backup, restore or retention run of this cluster stands (current step, state, elapsed
   * time, timeline, open incidents, and its result once ended), as the control cluster's search API
   * shows it. 404 for a key that is no run of this cluster (or not yet visible: the search API is
   * a second or two behind), 503 when the search API cannot be read.
   */
  @GetMapping("/runs/{processInstanceKey}")
  public Mono<ResponseEntity<RunStatus>> status(
      @PathVariable String clusterName, @PathVariable String processInstanceKey, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    long key = RequestBodies.processInstanceKey(processInstanceKey);
    return audited(OperatorAction.RUN_STATUS, clusterName, caller -> {
      registry.get(clusterName);
      return ResponseEntity.ok(statuses.read(clusterName, key).orElseThrow(() -> new RunNotFoundException(clusterName, key)));
    }, response -> response.getBody().state());
  }

  /**
   * The manifest stored beside a set (what it held when the backup completed): 404 when the set has
   * none, 503 when the place manifests are kept cannot be read.
   */
  @GetMapping("/backups/{backupId}/manifest")
  public Mono<ResponseEntity<BackupManifest>> manifest(@PathVariable String clusterName, @PathVariable String backupId,
      ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    long id = RequestBodies.backupId(backupId);
    return audited(OperatorAction.MANIFEST, clusterName, caller -> {
      registry.get(clusterName);
      return ResponseEntity.ok(manifests.read(clusterName, id));
    }, response -> "READ");
  }

  /**
   * A cluster with continuous backups (Camunda 8.9): from when to when a point in time can be
   * restored, per partition and for the cluster, its gaps and its newest dump; 400 for a cluster
   * without continuous backups (its restore points are the sets of {@code GET /backups}).
   */
  @GetMapping("/restorable-window")
  public Mono<BackupRanges.Findings> restorableWindow(@PathVariable String clusterName, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    return audited(OperatorAction.RESTORABLE_WINDOW, clusterName, caller -> restorableWindows.read(clusterName), found -> "READ");
  }

  /** Frees a lock whose holder no longer runs; refused (409, with the holder's key) while it runs. */
  @PostMapping("/lock/release")
  public Mono<ResponseEntity<Map<String, Object>>> releaseLock(@PathVariable String clusterName) {
    return audited(OperatorAction.RELEASE_LOCK, clusterName, caller -> {
      ClusterLocks.ForcedRelease release = locks.forceRelease(clusterName, caller);
      return ResponseEntity.status(release.refused() ? HttpStatus.CONFLICT : HttpStatus.OK).body(release.asMap());
    }, response -> String.valueOf(response.getBody().get("outcome")));
  }

  /**
   * Runs {@code call} for the authenticated caller on Reactor's bounded elastic scheduler (the
   * clients block) and writes the audit line with its outcome, or with the refusal it threw.
   */
  private static <T> Mono<T> audited(OperatorAction action, String clusterName, Function<String, T> call, Function<T, String> outcome) {
    return Callers.current().flatMap(caller -> Mono.fromCallable(() -> call.apply(caller))
        .subscribeOn(Schedulers.boundedElastic())
        .doOnNext(result -> OperatorAudit.record(action, clusterName, caller, outcome.apply(result)))
        .doOnError(e -> OperatorAudit.record(action, clusterName, caller, failure(e))));
  }

  private static String failure(Throwable e) {
    if (e instanceof UnknownClusterException) {
      return "UNKNOWN_CLUSTER";
    }
    if (e instanceof RunNotFoundException) {
      return "NOT_FOUND";
    }
    return e instanceof InvalidRequestException ? "INVALID_REQUEST" : "ERROR";
  }

  private static void onlyQueryParameters(ServerHttpRequest http, Set<String> allowed) {
    for (String name : http.getQueryParams().keySet()) {
      if (!allowed.contains(name)) {
        throw new InvalidRequestException(name, "unknown query parameter '" + name + "'",
            allowed.isEmpty() ? "remove it; this endpoint takes no query parameters" : "remove it; the query parameters are: " + allowed);
      }
    }
  }

  private static ResponseEntity<RunStarted> started(RunStarted run) {
    return ResponseEntity.accepted().location(URI.create(run.statusUrl())).body(run);
  }
}
