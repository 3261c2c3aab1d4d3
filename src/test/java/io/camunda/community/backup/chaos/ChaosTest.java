package io.camunda.community.backup.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.ExportingTransition;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WorkerApplication;
import io.camunda.community.backup.testsupport.WorkerProcess;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.StreamSupport;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Chaos: the worker application, in a JVM of its own, is killed with SIGKILL at a random moment of
 * a backup and started again after a random delay. Whatever the moment, every run must end
 * COMPLETED or FAILED with exporting resumed, the catalog must tell the truth about its ID, and the
 * cluster's lock must be free (the next backup runs and completes).
 *
 * <p>Three runs in the suite; {@code -Dchaos.runs=N} makes it the benchmark-style command and
 * {@code -Dchaos.seed=S} repeats a sequence of kill points (see docs/chaos.md). The outcome of
 * every assertion is independent of timing: a run may land on either end state, a slow machine
 * only makes pauses longer.
 *
 * <p>Backups are requested and the catalog read by an instance of the application in the test JVM
 * without job workers (the operator's side); only the child JVM works jobs. The cluster {@value
 * #CLUSTER} lives on a sandbox of its own, so no other test's backups or state show up in it.
 */
class ChaosTest {

  private static final String CLUSTER = "chaos";
  /**
   * The watchdog and the component deadlines: far above a kill + restart (seconds on an idle
   * machine, 50-100 s measured beside seven other builds), so runs normally complete; a run that
   * hits them ends FAILED, which is a correct end too.
   */
  private static final Duration MAX_EXPORTING_PAUSE = Duration.ofSeconds(300);
  private static final Duration COMPONENT_TIMEOUT = Duration.ofSeconds(240);
  /** Condition timeouts: generous, the suite shares its cores with other builds. */
  private static final Duration RUN_END = Duration.ofMinutes(10);
  private static final Duration WORKER_READY = Duration.ofMinutes(3);
  private static final int MAX_KILL_DELAY_MILLIS = 100;
  private static final int MAX_RESTART_DELAY_MILLIS = 3000;

  private final SandboxTargets sandbox = SandboxTargets.shared("chaos");
  private final Path logs = Path.of("target", "chaos");

  private InMemoryControlCluster control;
  private ConfigurableApplicationContext operator;
  private WorkerProcess worker;
  private int workerStarts;

  @AfterEach
  void stopEverything() {
    // Never leave a child JVM behind, whatever failed.
    try {
      if (worker != null) {
        worker.close();
      }
    } finally {
      try {
        if (operator != null) {
          operator.close();
        }
      } finally {
        if (control != null) {
          control.close();
        }
      }
    }
  }

  /** What one chaos run did and ended with. */
  record Run(
      int number,
      BackupPhase aimedAt,
      long killDelayMillis,
      String killedIn,
      long restartDelayMillis,
      long readyMillis,
      String state,
      String failureReason,
      Long backupId,
      SetState catalogState,
      List<Duration> pauseWindows,
      Long resumedAfterReadyMillis,
      String nextBackup) {

    String line() {
      return "run %d: killed in %s (aimed at %s +%d ms), restarted after %d ms, ready in %d ms -> %s, backup ID %s, catalog %s, paused %s ms, resumed %s ms after the new worker was ready, next backup %s"
          .formatted(number, killedIn, aimedAt, killDelayMillis, restartDelayMillis, readyMillis,
              failureReason == null ? state : state + " (" + failureReason + ")", backupId,
              catalogState == null ? "(no set)" : catalogState, pauseWindows.stream().map(Duration::toMillis).toList(),
              resumedAfterReadyMillis == null ? "(not paused across the restart)" : resumedAfterReadyMillis, nextBackup);
    }
  }

  @Test
  void aWorkerKilledAtRandomMomentsLeavesEveryBackupEndedExportingResumedTheLockFreeAndTheCatalogTrue() throws Exception {
    long seed = Long.getLong("chaos.seed", ThreadLocalRandom.current().nextLong(1, 1_000_000_000L));
    int runs = Integer.getInteger("chaos.runs", 3);
    Random random = new Random(seed);
    System.out.printf("Chaos test: %d runs, seed %d (repeat with -Dchaos.seed=%d)%n", runs, seed, seed);
    long startedAt = System.nanoTime();

    control = InMemoryControlCluster.start();
    Map<String, String> properties = workerProperties();
    Map<String, String> operatorProperties = new LinkedHashMap<>(properties);
    operatorProperties.put("camunda.client.worker.defaults.enabled", "false");
    operator = WorkerApplication.start(control, operatorProperties);
    BackupRequests requests = operator.getBean(BackupRequests.class);
    BackupCatalog catalog = operator.getBean(BackupCatalog.class);
    worker = startWorker(properties);
    assertThat(sandbox.cluster().exportingState()).as("exporting before the first run").isEqualTo(ExportingState.EXPORTING);

    List<Run> done = new ArrayList<>();
    for (int number = 1; number <= runs; number++) {
      try {
        Run run = chaosRun(number, random, properties, requests, catalog);
        System.out.println("Chaos " + run.line());
        done.add(run);
      } catch (AssertionError | ConditionTimeoutException e) {
        throw new AssertionError("chaos run %d of %d (seed %d, repeat with -Dchaos.seed=%d): %s"
            .formatted(number, runs, seed, seed, e.getMessage()), e);
      }
    }

    // A FAILED run's ID must not turn COMPLETE later either (a component finishing after the failure).
    for (Run run : done) {
      if (run.state().equals("FAILED") && run.backupId() != null) {
        assertThat(catalogState(catalog, run.backupId())).as("catalog state of failed run %d's ID %d at the end", run.number(), run.backupId())
            .isNotEqualTo(SetState.COMPLETE);
      }
    }
    System.out.println(summary(done, seed, Duration.ofNanos(System.nanoTime() - startedAt)));
    assertThat(done).hasSize(runs);
  }

  private Run chaosRun(int number, Random random, Map<String, String> properties, BackupRequests requests, BackupCatalog catalog)
      throws InterruptedException {
    BackupPhase aimedAt = BackupPhase.values()[random.nextInt(BackupPhase.values().length)];
    long killDelay = random.nextInt(MAX_KILL_DELAY_MILLIS + 1);
    long restartDelay = random.nextInt(MAX_RESTART_DELAY_MILLIS + 1);
    int historyBefore = sandbox.cluster().exportingHistory().size();

    ProcessInstanceView instance = control.instance(requests.start(CLUSTER, null, "chaos run " + number, "chaos"));
    await("run %d reaching %s".formatted(number, aimedAt)).atMost(RUN_END).pollInterval(Duration.ofMillis(20))
        .until(() -> reached(instance.key(), aimedAt.elements()) || instance.isEnded());
    Thread.sleep(killDelay); // the random moment within the phase: chaos, not a wait for something
    long pid = worker.pid();
    java.time.Instant killedAt = java.time.Instant.now();
    int exit = worker.kill();
    assertThat(exit).as("exit value of the worker JVM %d after SIGKILL", pid).isEqualTo(WorkerProcess.SIGKILL_EXIT);
    assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("live process with the killed worker's PID %d", pid).isEmpty();
    String killedIn = BackupPhase.of(instance.activeElements(), instance.isEnded());

    Thread.sleep(restartDelay); // the worker stays away for a random while
    long restartedAt = System.nanoTime();
    worker = startWorker(properties);
    long readyMillis = Duration.ofNanos(System.nanoTime() - restartedAt).toMillis();
    java.time.Instant readyAt = java.time.Instant.now();

    awaitEnd(instance, "chaos run " + number);
    JsonNode result = instance.variable("backupResult").orElseThrow(() -> new AssertionError("run " + number + " ended without a backupResult"));
    String state = result.path("state").asText();
    assertThat(state).as("end state of chaos run %d (%s)", number, result).isIn("COMPLETED", "FAILED");
    assertThat(sandbox.cluster().exportingState()).as("exporting after chaos run %d", number).isEqualTo(ExportingState.EXPORTING);
    List<ExportingTransition> history = sandbox.cluster().exportingHistory().subList(historyBefore, sandbox.cluster().exportingHistory().size());
    List<Duration> windows = pauseWindows(history);
    // How far a pause that was on when the worker was killed reached past the restarted worker
    // being ready (issue 11: at most 5 s). A pause that began after the restart is not counted.
    boolean pausedAtKill = history.stream().filter(t -> t.at().isBefore(killedAt)).reduce((first, second) -> second)
        .map(t -> t.to() != ExportingState.EXPORTING).orElse(false);
    Long resumedAfterReady = !pausedAtKill ? null : history.stream()
        .filter(t -> t.to() == ExportingState.EXPORTING && t.at().isAfter(readyAt))
        .map(t -> Duration.between(readyAt, t.at()).toMillis()).findFirst().orElse(null);

    Long backupId = backupId(instance, result);
    SetState catalogState = null;
    if (state.equals("COMPLETED")) {
      assertThat(backupId).as("backup ID of completed run %d", number).isNotNull();
      catalogState = catalogState(catalog, backupId);
      assertThat(catalogState).as("catalog state of completed run %d's ID %d", number, backupId).isEqualTo(SetState.COMPLETE);
    } else if (backupId != null) {
      catalogState = catalogState(catalog, backupId);
      assertThat(catalogState).as("catalog state of failed run %d's ID %d (%s)", number, backupId, result.path("failureReason").asText())
          .isNotEqualTo(SetState.COMPLETE);
    }

    String next = nextBackup(number, requests, catalog);
    String failureReason = state.equals("FAILED") ? result.path("failureReason").asText(null) : null;
    return new Run(number, aimedAt, killDelay, killedIn, restartDelay, readyMillis, state, failureReason, backupId, catalogState, windows,
        resumedAfterReady, next);
  }

  /**
   * The lock is free: the next backup of the cluster is not refused as busy, and (no kill this
   * time) it completes, resumes exporting and is a complete set.
   */
  private String nextBackup(int number, BackupRequests requests, BackupCatalog catalog) {
    ProcessInstanceView next = control.instance(requests.start(CLUSTER, null, "lock check after chaos run " + number, "chaos"));
    awaitEnd(next, "backup after chaos run " + number);
    JsonNode result = next.variable("backupResult").orElseThrow(() -> new AssertionError("backup after run " + number + " has no backupResult"));
    assertThat(result.path("state").asText() + " " + result.path("errorCode").asText())
        .as("the backup right after chaos run %d (%s)", number, result)
        .doesNotContain("REFUSED")
        .startsWith("COMPLETED");
    assertThat(sandbox.cluster().exportingState()).as("exporting after the backup following run %d", number).isEqualTo(ExportingState.EXPORTING);
    long id = backupId(next, result);
    assertThat(catalogState(catalog, id)).as("catalog state of the backup after run %d", number).isEqualTo(SetState.COMPLETE);
    return "COMPLETED";
  }

  private WorkerProcess startWorker(Map<String, String> properties) {
    workerStarts++;
    return WorkerProcess.start(control, properties, logs.resolve("worker-" + workerStarts + ".log")).awaitReady(WORKER_READY);
  }

  private Map<String, String> workerProperties() {
    // Requests get 8 s, not 2: the sandbox answers slowly while other builds load the machine; and
    // less than the job timeout, which the application checks at startup.
    Tuning tuning = new Tuning(true, null, MAX_EXPORTING_PAUSE, COMPONENT_TIMEOUT, Duration.ofSeconds(3), Duration.ofMillis(200), Duration.ofSeconds(8));
    Map<String, String> properties = new LinkedHashMap<>(sandbox.clusterProperties(0, CLUSTER, tuning));
    // Retention would hold the lock after each backup; housekeeping would resume exporting itself
    // and hide a run that does not.
    properties.put("backup-orchestrator.clusters[0].retention.enabled", "false");
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    properties.put("backup-orchestrator.job-retry-backoff", "PT1S");
    // Job timeouts are the product's default (PT5S, leased): a job held by the killed worker is
    // handed out again at most that long after its last renewal.
    // The engine answers slowly while other builds load the machine (the default is 10 s).
    properties.put("camunda.client.request-timeout", "PT60S");
    return properties;
  }

  /** Whether any of the elements was activated in the instance (read from the engine's records). */
  private boolean reached(long instanceKey, Set<String> elements) {
    return StreamSupport.stream(control.records().processInstanceRecords().spliterator(), false)
        .anyMatch(r -> r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATED
            && r.getValue().getProcessInstanceKey() == instanceKey
            && elements.contains(r.getValue().getElementId()));
  }

  private void awaitEnd(ProcessInstanceView instance, String what) {
    try {
      await().atMost(RUN_END).pollInterval(Duration.ofMillis(200)).until(() -> {
        if (!worker.isAlive()) {
          throw new AssertionError("the worker JVM died on its own:\n" + worker.logTail());
        }
        return instance.isEnded();
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(what + " (instance " + instance.key() + ") did not end within " + RUN_END + "; active: "
          + instance.activeElements() + ", incidents: " + instance.openIncidents().stream().map(i -> i.getValue().getErrorMessage()).toList()
          + ", jobs: " + instance.activeJobHistory() + "\nworker log " + worker.log() + ":\n" + worker.logTail(), e);
    }
  }

  private static Long backupId(ProcessInstanceView instance, JsonNode result) {
    JsonNode id = result.path("backupId");
    if (id.canConvertToLong()) {
      return id.asLong();
    }
    return instance.variable("backupId").filter(JsonNode::canConvertToLong).map(JsonNode::asLong).orElse(null);
  }

  /** The set's state as the catalog reads it from the components; null when no component has the ID. */
  private static SetState catalogState(BackupCatalog catalog, long backupId) {
    return catalog.find(CLUSTER, backupId).map(BackupSet::state).orElse(null);
  }

  /** Each stretch from leaving EXPORTING to the next return to it. */
  static List<Duration> pauseWindows(List<ExportingTransition> transitions) {
    List<Duration> windows = new ArrayList<>();
    Instant pausedAt = null;
    for (ExportingTransition transition : transitions) {
      if (transition.to() != ExportingState.EXPORTING && pausedAt == null) {
        pausedAt = transition.at();
      } else if (transition.to() == ExportingState.EXPORTING && pausedAt != null) {
        windows.add(Duration.between(pausedAt, transition.at()));
        pausedAt = null;
      }
    }
    assertThat(pausedAt).as("a pause window still open").isNull();
    return windows;
  }

  private static String summary(List<Run> runs, long seed, Duration wallTime) {
    Map<String, Integer> kills = new LinkedHashMap<>();
    for (BackupPhase phase : BackupPhase.values()) {
      kills.put(phase.name(), 0);
    }
    kills.put(BackupPhase.BETWEEN_STEPS, 0);
    kills.put(BackupPhase.AFTER_END, 0);
    runs.forEach(run -> kills.merge(run.killedIn(), 1, Integer::sum));
    kills.values().removeIf(count -> count == 0);
    List<Long> pauses = runs.stream().flatMap(run -> run.pauseWindows().stream()).map(Duration::toMillis).sorted().toList();
    List<Long> ready = runs.stream().map(Run::readyMillis).sorted().toList();
    StringBuilder out = new StringBuilder("\n==== Chaos summary ====\n");
    out.append("runs                 %d%n".formatted(runs.size()));
    out.append("COMPLETED            %d%n".formatted(runs.stream().filter(run -> run.state().equals("COMPLETED")).count()));
    out.append("FAILED               %d%n".formatted(runs.stream().filter(run -> run.state().equals("FAILED")).count()));
    out.append("kills by phase       %s%n".formatted(kills));
    out.append("pause windows        %d%n".formatted(pauses.size()));
    out.append("longest pause        %d ms%n".formatted(pauses.isEmpty() ? 0 : pauses.getLast()));
    out.append("median pause         %d ms%n".formatted(median(pauses)));
    out.append("median restart       %d ms (worker JVM start to ready)%n".formatted(median(ready)));
    List<Long> afterReady = runs.stream().map(Run::resumedAfterReadyMillis).filter(java.util.Objects::nonNull).sorted().toList();
    out.append("resumed after ready  %s ms (pauses that outlived the kill: worker ready to exporting resumed; sorted)%n".formatted(afterReady));
    out.append("wall time            %d s%n".formatted(wallTime.toSeconds()));
    out.append("seed                 %d (repeat with -Dchaos.seed=%d -Dchaos.runs=%d)%n".formatted(seed, seed, runs.size()));
    return out.append("=======================").toString();
  }

  private static long median(List<Long> sorted) {
    return sorted.isEmpty() ? 0 : sorted.get(sorted.size() / 2);
  }
}
