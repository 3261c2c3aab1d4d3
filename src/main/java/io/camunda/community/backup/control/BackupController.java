package io.camunda.community.backup.control;

import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.config.UnknownClusterException;
import io.camunda.community.backup.security.Callers;
import io.camunda.community.backup.security.OperatorAction;
import io.camunda.community.backup.security.OperatorAudit;
import io.camunda.community.backup.worker.BackupVariables;
import jakarta.validation.Valid;
import java.time.Duration;
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
 * retention runs, and releasing a leaked cluster lock. The clients block (a few seconds at most),
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

  /** Enough for the lock decision (the cluster-lock process waits 5 s for a token). */
  static final Duration DECISION_WAIT = Duration.ofSeconds(8);
  static final Duration RETENTION_WAIT = Duration.ofMinutes(2);

  private final BackupRequests backups;
  private final RetentionRequests retention;
  private final BackupCatalog catalog;
  private final ClusterLocks locks;
  private final RestoreRequests restores;

  public BackupController(
      BackupRequests backups, RetentionRequests retention, BackupCatalog catalog, ClusterLocks locks, RestoreRequests restores) {
    this.restores = restores;
    this.backups = backups;
    this.retention = retention;
    this.catalog = catalog;
    this.locks = locks;
  }

  @GetMapping("/backups")
  public Mono<List<BackupSet>> catalog(@PathVariable String clusterName, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    return audited(OperatorAction.CATALOG, clusterName, caller -> catalog.list(clusterName), sets -> "LISTED");
  }

  /** 202 while the backup runs, 409 when refused (busy, too soon), 200 when it already ended otherwise. */
  @PostMapping("/backups")
  public Mono<ResponseEntity<RunOutcome>> start(
      @PathVariable String clusterName, @Valid @RequestBody(required = false) RequestBodies.Backup request, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    RequestBodies.Backup body = request == null ? new RequestBodies.Backup(null, null) : request;
    return audited(OperatorAction.BACKUP, clusterName,
        caller -> respond(backups.request(clusterName, body.backupId(), body.note(), "api", caller, DECISION_WAIT)),
        response -> response.getBody().state());
  }

  @PostMapping("/backups/cancellation")
  public Mono<ResponseEntity<Map<String, Object>>> cancel(@PathVariable String clusterName) {
    return audited(OperatorAction.CANCEL_BACKUP, clusterName, caller -> {
      backups.cancel(clusterName, caller);
      return ResponseEntity.accepted().body(Map.<String, Object>of(
          "clusterName", clusterName, "cancellationRequested", true, BackupVariables.REQUESTED_BY, caller));
    }, response -> "CANCELLATION_REQUESTED");
  }

  @PostMapping("/retention")
  public Mono<ResponseEntity<RunOutcome>> retention(
      @PathVariable String clusterName, @RequestParam(defaultValue = "false") boolean dryRun, ServerHttpRequest http) {
    // ?dry-run=true or ?dryrun=true must not be taken for a real run that deletes.
    onlyQueryParameters(http, Set.of("dryRun"));
    return audited(OperatorAction.RETENTION, clusterName, caller -> {
      RunOutcome outcome = retention.request(clusterName, dryRun, "api", caller, RETENTION_WAIT);
      return skipped(outcome) ? ResponseEntity.status(HttpStatus.CONFLICT).body(outcome) : respond(outcome);
    }, response -> skipped(response.getBody()) ? "SKIPPED" : response.getBody().state());
  }

  /**
   * Starts a restore: 202 while it waits for approval in Tasklist (or runs), 409 when refused at
   * once (busy, failed pre-flight). Without a backup ID the operator chooses one in Tasklist.
   */
  @PostMapping("/restores")
  public Mono<ResponseEntity<RunOutcome>> restore(
      @PathVariable String clusterName, @Valid @RequestBody(required = false) RequestBodies.Restore request, ServerHttpRequest http) {
    onlyQueryParameters(http, Set.of());
    RequestBodies.Restore body = request == null ? new RequestBodies.Restore(null, null) : request;
    return audited(OperatorAction.RESTORE, clusterName, caller -> {
      RunOutcome outcome = restores.request(clusterName, body.backupId(), body.note(), "api", caller, Duration.ofSeconds(15));
      if (!outcome.ended()) {
        return ResponseEntity.accepted().body(outcome);
      }
      return ResponseEntity.status("RESTORED".equals(outcome.state()) ? HttpStatus.OK : HttpStatus.CONFLICT).body(outcome);
    }, response -> response.getBody().state());
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

  /** A retention run that did not start because another run holds the cluster's lock. */
  private static boolean skipped(RunOutcome outcome) {
    return outcome.ended() && Boolean.TRUE.equals(outcome.result().get("skipped"));
  }

  private static String failure(Throwable e) {
    if (e instanceof UnknownClusterException) {
      return "UNKNOWN_CLUSTER";
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

  private static ResponseEntity<RunOutcome> respond(RunOutcome outcome) {
    if (!outcome.ended()) {
      return ResponseEntity.accepted().body(outcome);
    }
    return ResponseEntity.status("REFUSED".equals(outcome.state()) ? HttpStatus.CONFLICT : HttpStatus.OK).body(outcome);
  }
}
