package io.camunda.community.backup.benchmark;

import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.sandbox.SandboxOptions;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 11: one housekeeping run reads the catalogs of a whole fleet. {@code clusters} clusters are
 * configured (all served by one sandbox Camunda cluster, each under its own name, retention on with
 * nothing to delete), one backup is taken, then the housekeeping timer fires once: every cluster's
 * health check reads its catalog and exporting state, and every retention run plans from its
 * catalog, all at once. Prints how many of each ended how, the incidents, the run's duration, heap
 * and threads. Run with {@code --catalogs=200} (README, docs/performance.md).
 */
public final class HousekeepingBenchmark {

  /** What one housekeeping run did. */
  public record Outcome(int clusters, boolean housekeepingCompleted, long healthy, long alarmsHandled, long retentionApplied,
      long retentionOther, int incidents, double seconds) {

    public boolean allRead() {
      return housekeepingCompleted && healthy + alarmsHandled == clusters && retentionApplied == clusters && incidents == 0;
    }
  }

  private HousekeepingBenchmark() {}

  public static Outcome run(int clusters, SandboxOpenSearch openSearch, PrintStream out) throws Exception {
    SandboxTargets sandbox = SandboxTargets.start(openSearch, SandboxOptions.defaults()
        .withWebappsBackupDuration(Duration.ofMillis(200)).withOptimizeBackupDuration(Duration.ofMillis(100))
        .withZeebeBackupDuration(Duration.ofMillis(100)));
    InMemoryControlCluster control = InMemoryControlCluster.start();
    Map<String, String> properties = PauseBenchmark.workerProperties();
    properties.put("backup-orchestrator.housekeeping.enabled", "true");
    properties.put("backup-orchestrator.housekeeping.cron", "0 45 * * * *");
    for (int i = 0; i < clusters; i++) {
      properties.putAll(PauseBenchmark.clusterProperties(sandbox, i, "catalog-" + i));
      // Retention plans from the catalog but has nothing to delete: every cluster sees the same sets.
      properties.put("backup-orchestrator.clusters[" + i + "].retention.enabled", "true");
      properties.put("backup-orchestrator.clusters[" + i + "].retention.keep-complete", "100000");
      properties.put("backup-orchestrator.clusters[" + i + "].retention.keep-failed", "100000");
    }
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties)) {
      out.printf("Housekeeping benchmark: %d clusters, one housekeeping run; worker with default settings%n", clusters);
      long backup = app.getBean(BackupRequests.class).start("catalog-0", null, "housekeeping benchmark", "benchmark");
      ProcessInstanceView backupInstance = control.instance(backup);
      waitFor(backupInstance::isEnded, Duration.ofMinutes(2), "the first backup");
      waitFor(() -> deployedVersions(control) > 0, Duration.ofMinutes(1), "housekeeping deployed");

      // The backup asks for a retention run of its own: let it end, so housekeeping finds no lock held.
      waitFor(() -> control.instancesOf("retention").stream().allMatch(k -> control.instance(k).isEnded())
          && control.instancesOf("cluster-lock").stream().allMatch(k -> control.instance(k).isEnded()), Duration.ofMinutes(1),
          "the backup's retention run");
      int retentionsBefore = control.instancesOf("retention").size();
      control.increaseTime(Duration.ofHours(1));
      waitFor(() -> !control.instancesOf("housekeeping").isEmpty(), Duration.ofMinutes(1), "the housekeeping run");
      ProcessInstanceView housekeeping = control.instance(control.instancesOf("housekeeping").getFirst());
      Instant started = Instant.now();
      waitFor(housekeeping::isEnded, Duration.ofMinutes(20), "the housekeeping run to end");
      double seconds = Duration.between(started, Instant.now()).toMillis() / 1000.0;

      List<ProcessInstanceView> checks = control.instancesOf("backup-health-check").stream().map(control::instance).toList();
      List<Long> retentionKeys = control.instancesOf("retention");
      List<ProcessInstanceView> retentions = retentionKeys.subList(retentionsBefore, retentionKeys.size()).stream().map(control::instance).toList();
      if (System.getenv("BENCH_DETAILS") != null) {
        control.instancesOf("backup-health-check").stream().limit(2).forEach(k -> out.println("  health check " + timeline(control, k)));
        retentionKeys.subList(retentionsBefore, retentionKeys.size()).stream().limit(2)
            .forEach(k -> out.println("  retention " + timeline(control, k)));
      }
      long healthy = checks.stream().filter(c -> c.completedElements().contains("EndEvent_Healthy")).count();
      long alarms = checks.stream().filter(c -> c.completedElements().contains("EndEvent_AlarmHandled")).count();
      long applied = retentions.stream().filter(r -> r.completedElements().contains("EndEvent_RetentionApplied")).count();
      List<String> incidentMessages = new java.util.ArrayList<>();
      control.records().incidentRecords().forEach(r -> {
        if (r.getIntent() == io.camunda.zeebe.protocol.record.intent.IncidentIntent.CREATED) {
          incidentMessages.add(r.getValue().getElementId() + ": " + r.getValue().getErrorMessage());
        }
      });
      int incidents = incidentMessages.size();
      Outcome outcome = new Outcome(clusters, housekeeping.isCompleted(), healthy, alarms, applied, retentions.size() - applied,
          incidents, seconds);
      System.gc();
      Runtime runtime = Runtime.getRuntime();
      out.printf("housekeeping: clusters %d, run completed %s, health checks healthy %d / alarm handled %d, retention applied %d"
              + " / other %d, incidents %d, all catalogs read %s, took %.1f s, heap used %d MB, live threads %d%n",
          clusters, outcome.housekeepingCompleted() ? "yes" : "no", healthy, alarms, applied, outcome.retentionOther(), incidents,
          outcome.allRead() ? "yes" : "no", seconds, (runtime.totalMemory() - runtime.freeMemory()) >> 20,
          java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount());
      incidentMessages.stream().limit(5).forEach(message -> out.println("  incident " + message));
      return outcome;
    } finally {
      control.close();
      sandbox.close();
    }
  }

  /** Each element's activation and completion, in ms after the instance's first record. */
  private static List<String> timeline(InMemoryControlCluster control, long key) {
    List<String> lines = new java.util.ArrayList<>();
    long[] first = {-1};
    control.records().processInstanceRecords().forEach(r -> {
      if (r.getValue().getProcessInstanceKey() == key && (r.getIntent().name().equals("ELEMENT_ACTIVATED")
          || r.getIntent().name().equals("ELEMENT_COMPLETED"))) {
        first[0] = first[0] < 0 ? r.getTimestamp() : first[0];
        lines.add(r.getValue().getElementId() + " " + r.getIntent().name().substring(8) + " +" + (r.getTimestamp() - first[0]));
      }
    });
    return lines;
  }

  private static long deployedVersions(InMemoryControlCluster control) {
    long[] count = {0};
    control.records().processRecords().forEach(r -> count[0] += r.getValue().getBpmnProcessId().equals("housekeeping") ? 1 : 0);
    return count[0];
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, Duration atMost, String what) throws InterruptedException {
    Instant deadline = Instant.now().plus(atMost);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("gave up waiting for " + what + " after " + atMost);
      }
      Thread.sleep(50);
    }
  }
}
