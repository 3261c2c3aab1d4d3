package io.camunda.community.backup.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keeps the benchmark from rotting: one tiny run completes and prints every figure (no timing asserted). */
class PauseBenchmarkTest {

  @Test
  void oneTinyRunCompletesAndPrintsTheFigures() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<PauseBenchmark.Run> runs = PauseBenchmark.run(
        new PauseBenchmark.Options(1, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(100)),
        SandboxOpenSearch.shared(), new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(runs).singleElement().satisfies(run -> {
      assertThat(run.state()).isEqualTo("COMPLETED");
      assertThat(run.pause()).isPositive();
      assertThat(run.critical()).isPositive();
      assertThat(run.checks()).containsKeys("webapps", "optimize", "records", "zeebe");
      assertThat(run.checks().get("zeebe")).isPositive();
    });
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("all complete: yes", "pause window", "critical path", "overhead", "ratio", "end-to-end ratio",
            "status requests w/o/r/z", "job pickup");
  }

  @Test
  void aTinyFleetCompletesAndPrintsTheFleetFigures() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<PauseBenchmark.Run> runs = PauseBenchmark.runFleet(
        new PauseBenchmark.Options(1, Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(100), 2, 2)
            .withEmulatedSnapshots(Duration.ofMillis(100)),
        SandboxOpenSearch.shared(), new PrintStream(printed, true, StandardCharsets.UTF_8));

    // Each cluster's web-apps, Optimize and records snapshots were taken by its emulated repository.
    assertThat(runs).hasSize(2).allSatisfy(run -> {
      assertThat(run.state()).isEqualTo("COMPLETED");
      assertThat(run.records()).isGreaterThanOrEqualTo(0.09);
    });
    assertThat(printed.toString(StandardCharsets.UTF_8))
        .contains("Fleet benchmark: 2 clusters", "snapshots by an emulated repository per cluster, PT0.1S each", "round 2 of 2", "fleet: clusters 2, all complete yes", "overhead p50", "p95", "heap used", "live threads");
  }

  @Test
  void aTinyHousekeepingRunReadsEveryClustersCatalog() throws Exception {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    HousekeepingBenchmark.Outcome outcome = HousekeepingBenchmark.run(3, SandboxOpenSearch.shared(),
        new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertThat(outcome.allRead()).as(printed.toString(StandardCharsets.UTF_8)).isTrue();
    assertThat(printed.toString(StandardCharsets.UTF_8)).contains("housekeeping: clusters 3, run completed yes", "all catalogs read yes");
  }
}
