package io.camunda.community.backup.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Thread-safe fault injection and request log of one {@link SandboxCamundaCluster}.
 *
 * <p>HTTP rules match the HTTP method ("*" for any) and a regex over the whole path (without
 * context path and query). State faults stay until {@link #clear()}: the "fails" and "transient"
 * ones shape the backups started while they are set; the "stuck" ones hold whatever is running
 * while they are set, which then goes on once they are switched off.
 */
public final class SandboxFaults {

  /** How many requests a rule affects when it should never stop on its own. */
  public static final int UNTIL_CLEARED = -1;

  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  private volatile boolean zeebeBackupStuckInProgress;
  private volatile String zeebeBackupFailureReason;
  private volatile boolean webappsBackupFails;
  private volatile boolean webappsStuckInProgress;
  private volatile Duration webappsTransientIncomplete = Duration.ZERO;
  private volatile boolean optimizeBackupFails;
  private volatile boolean optimizeStuckInProgress;
  private volatile Duration optimizeTransientIncomplete = Duration.ZERO;
  private final AtomicInteger webappsIncompleteReads = new AtomicInteger();
  private final AtomicInteger optimizeIncompleteReads = new AtomicInteger();
  /** Completes at the next {@link #clear()}: requests still waiting out a delay are then dropped. */
  private volatile Sinks.Empty<Void> cleared = Sinks.empty();
  private final AtomicInteger exportingPauseFailures = new AtomicInteger();
  private final AtomicInteger exportingResumeFailures = new AtomicInteger();
  private final AtomicReference<String> restoreFailure = new AtomicReference<>();

  /** The next {@code times} matching requests (-1: all until cleared) get this answer, unexecuted. */
  public SandboxFaults failWith(String method, String pathRegex, int status, String body, int times) {
    rules.add(new Rule(Kind.FAIL, method, pathRegex, status, body, Duration.ZERO, times));
    return this;
  }

  /**
   * Matching requests are executed and answered {@code latency} later (until cleared). A request
   * still waiting when the faults are cleared is answered 503 and never executed, so it cannot
   * act on the sandbox after the test that delayed it has ended.
   */
  public SandboxFaults delay(String method, String pathRegex, Duration latency) {
    rules.add(new Rule(Kind.DELAY, method, pathRegex, 0, null, latency, UNTIL_CLEARED));
    return this;
  }

  /**
   * The next {@code times} matching requests are executed with all their effects, then the
   * connection is closed without an answer, as after a network cut.
   */
  public SandboxFaults loseResponse(String method, String pathRegex, int times) {
    rules.add(new Rule(Kind.LOSE_RESPONSE, method, pathRegex, 0, null, Duration.ZERO, times));
    return this;
  }

  /** While true, no partition backup leaves IN_PROGRESS (running ones included); they end once it is false. */
  public SandboxFaults zeebeBackupStuckInProgress(boolean stuck) {
    zeebeBackupStuckInProgress = stuck;
    return this;
  }

  /** Partition backups started from now on end FAILED on one partition with this reason (null: off). */
  public SandboxFaults zeebeBackupFails(String reason) {
    zeebeBackupFailureReason = reason;
    return this;
  }

  /**
   * Web-app backups started from now on end FAILED: their last part also covers an index whose
   * primary shard cannot be allocated, so OpenSearch itself finishes that snapshot PARTIAL.
   */
  public SandboxFaults webappsBackupFails() {
    webappsBackupFails = true;
    return this;
  }

  /** The running web-app backup does not advance and reports its newest part IN_PROGRESS. */
  public SandboxFaults webappsStuckInProgress(boolean stuck) {
    webappsStuckInProgress = stuck;
    return this;
  }

  /**
   * Models camunda/camunda#33717 for backups started from now on: the second part is held back
   * for {@code duration} after the POST, and during that window GET ignores the
   * incomplete-check timeout, so it reports INCOMPLETE once the first part has finished.
   */
  public SandboxFaults webappsTransientIncomplete(Duration duration) {
    webappsTransientIncomplete = duration;
    return this;
  }

  /** Optimize backups started from now on end FAILED (second part finishes PARTIAL). */
  public SandboxFaults optimizeBackupFails() {
    optimizeBackupFails = true;
    return this;
  }

  /** The running Optimize backup does not advance and reports its newest part IN_PROGRESS. */
  public SandboxFaults optimizeStuckInProgress(boolean stuck) {
    optimizeStuckInProgress = stuck;
    return this;
  }

  /**
   * Optimize backups started from now on hold their second snapshot back for {@code duration}
   * after the POST; Optimize has no grace period, so GET reports INCOMPLETE meanwhile.
   */
  public SandboxFaults optimizeTransientIncomplete(Duration duration) {
    optimizeTransientIncomplete = duration;
    return this;
  }

  /** The next {@code times} pause calls answer HTTP 200 with body status 500 and change nothing. */
  public SandboxFaults exportingPauseFails(int times) {
    exportingPauseFailures.set(times);
    return this;
  }

  /** The next {@code times} resume calls answer HTTP 200 with body status 500 and change nothing. */
  public SandboxFaults exportingResumeFails(int times) {
    exportingResumeFailures.set(times);
    return this;
  }

  /**
   * The next {@link SandboxCamundaCluster#runZeebeRestore(int, long)} fails with this message and
   * changes nothing, whatever else holds (null: off). Used once, then gone.
   */
  public SandboxFaults restoreFails(String message) {
    restoreFailure.set(message);
    return this;
  }

  /** Removes all HTTP rules and state faults; the request log stays. */
  public void clear() {
    var previous = cleared;
    cleared = Sinks.empty();
    previous.tryEmitEmpty();
    rules.clear();
    zeebeBackupStuckInProgress = false;
    zeebeBackupFailureReason = null;
    webappsBackupFails = false;
    webappsStuckInProgress = false;
    webappsTransientIncomplete = Duration.ZERO;
    optimizeBackupFails = false;
    optimizeStuckInProgress = false;
    optimizeTransientIncomplete = Duration.ZERO;
    webappsIncompleteReads.set(0);
    optimizeIncompleteReads.set(0);
    exportingPauseFailures.set(0);
    exportingResumeFailures.set(0);
    restoreFailure.set(null);
  }

  public void clearRequests() {
    requests.clear();
  }

  /** All requests received so far, in arrival order (including failed and lost ones). */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public int requestCount(String method, String pathRegex) {
    var path = Pattern.compile(pathRegex);
    return (int)
        requests.stream()
            .filter(r -> methodMatches(method, r.method()) && path.matcher(r.path()).matches())
            .count();
  }

  void record(RecordedRequest request) {
    requests.add(request);
  }

  /** What to do with a request: a delay first, then at most one failure or lost response. */
  Decision decide(String method, String path) {
    var delay =
        rules.stream()
            .filter(rule -> rule.kind == Kind.DELAY && rule.matches(method, path))
            .map(rule -> rule.latency)
            .findFirst()
            .orElse(Duration.ZERO);
    var disruption =
        rules.stream()
            .filter(rule -> rule.kind != Kind.DELAY && rule.matches(method, path) && rule.consume())
            .findFirst();
    return new Decision(
        delay,
        cleared.asMono(),
        disruption.filter(rule -> rule.kind == Kind.FAIL).map(rule -> new HttpReply(rule.status, rule.body)),
        disruption.filter(rule -> rule.kind == Kind.LOSE_RESPONSE).isPresent());
  }

  /**
   * @param cleared completes when the faults are cleared before the delay has passed
   */
  record Decision(Duration delay, Mono<Void> cleared, Optional<HttpReply> failure, boolean loseResponse) {}

  boolean isZeebeBackupStuckInProgress() {
    return zeebeBackupStuckInProgress;
  }

  String zeebeBackupFailureReason() {
    return zeebeBackupFailureReason;
  }

  boolean isWebappsBackupFailing() {
    return webappsBackupFails;
  }

  boolean isWebappsStuckInProgress() {
    return webappsStuckInProgress;
  }

  /**
   * Web-app backups started from now on report INCOMPLETE to the next {@code reads} reads of their
   * state once their first part has ended, and take their later parts only after that. Released
   * by what the caller has seen, not by time, so a slow machine cannot skip the INCOMPLETE phase.
   */
  public SandboxFaults webappsIncompleteForReads(int reads) {
    webappsIncompleteReads.set(reads);
    return this;
  }

  /** Optimize backups started from now on: as {@link #webappsIncompleteForReads(int)}, between their two parts. */
  public SandboxFaults optimizeIncompleteForReads(int reads) {
    optimizeIncompleteReads.set(reads);
    return this;
  }

  int webappsIncompleteReads() {
    return webappsIncompleteReads.get();
  }

  int optimizeIncompleteReads() {
    return optimizeIncompleteReads.get();
  }

  Duration webappsTransientIncomplete() {
    return webappsTransientIncomplete;
  }

  boolean isOptimizeBackupFailing() {
    return optimizeBackupFails;
  }

  boolean isOptimizeStuckInProgress() {
    return optimizeStuckInProgress;
  }

  Duration optimizeTransientIncomplete() {
    return optimizeTransientIncomplete;
  }

  boolean consumeExportingPauseFailure() {
    return exportingPauseFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  boolean consumeExportingResumeFailure() {
    return exportingResumeFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  /** The injected restore failure message, if any, which is used up by this call. */
  String consumeRestoreFailure() {
    return restoreFailure.getAndSet(null);
  }

  private static boolean methodMatches(String expected, String actual) {
    return expected == null || expected.equals("*") || expected.equalsIgnoreCase(actual);
  }

  private enum Kind {
    FAIL,
    DELAY,
    LOSE_RESPONSE
  }

  private static final class Rule {
    final Kind kind;
    final String method;
    final Pattern path;
    final int status;
    final String body;
    final Duration latency;
    final AtomicInteger remaining;

    Rule(Kind kind, String method, String pathRegex, int status, String body, Duration latency, int times) {
      this.kind = kind;
      this.method = method;
      this.path = Pattern.compile(pathRegex);
      this.status = status;
      this.body = body;
      this.latency = latency;
      this.remaining = new AtomicInteger(times);
    }

    boolean matches(String requestMethod, String requestPath) {
      return methodMatches(method, requestMethod) && path.matcher(requestPath).matches();
    }

    /** Takes one use of the rule; false once it is used up. */
    boolean consume() {
      return remaining.get() == UNTIL_CLEARED
          || remaining.getAndUpdate(n -> n > 0 ? n - 1 : n) > 0;
    }
  }
}
