package io.camunda.community.backup.worker.zeebe;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.ExportingResumeProperties;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.TestClusters;
import java.time.Clock;
import java.time.Duration;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The drawn back-off between attempts to resume exporting. */
class ResumeBackoffTest {

  @Test
  void withTheDefaultsItDoublesFromTenSecondsAndStaysAtOneMinute() {
    ResumeExportingWorker worker = worker(Duration.ofSeconds(10), new ExportingResumeProperties(Duration.ofMinutes(1), Duration.ofMinutes(5)));

    assertThat(IntStream.rangeClosed(1, 6).mapToObj(worker::backoff)).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20),
        Duration.ofSeconds(40), Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofMinutes(1));
    assertThat(worker.backoff(10_000)).as("no overflow after days of failures").isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void noBackoffConfiguredStillWaitsATenthOfASecond() {
    ResumeExportingWorker worker = worker(Duration.ZERO, new ExportingResumeProperties(Duration.ZERO, Duration.ofMinutes(5)));

    assertThat(worker.backoff(1)).isEqualTo(Duration.ofMillis(100));
    assertThat(worker.backoff(50)).isEqualTo(Duration.ofMillis(100));
  }

  private static ResumeExportingWorker worker(Duration jobRetryBackoff, ExportingResumeProperties resume) {
    OrchestratorProperties defaults = TestClusters.properties();
    OrchestratorProperties properties = new OrchestratorProperties(defaults.schedule(), defaults.housekeeping(), jobRetryBackoff, defaults.clusters());
    return new ResumeExportingWorker(null, Clock.systemUTC(), properties, resume, null);
  }
}
