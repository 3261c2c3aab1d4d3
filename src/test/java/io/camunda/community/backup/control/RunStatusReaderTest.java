package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.process.BackupProcessTestSupport;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A run's status read through the control cluster's search API (served from the in-memory engine's
 * records by {@code ControlClusterRestApi}), page by page as a real cluster answers.
 */
class RunStatusReaderTest extends BackupProcessTestSupport {

  @Autowired RunStatusReader statuses;
  @Autowired ObjectMapper json;
  @Autowired Clock clock;

  @Test
  void aRunWithMoreStepsThanOnePageIsReadWholeAndOnlyTheOldestAreLeftOutBeyondTheLimit() {
    long key = awaitEnd(startBackup("sandbox")).key();
    RunStatus whole = statuses.read("sandbox", key).orElseThrow();
    assertThat(whole.state()).as(() -> "state of the backup; result " + whole.result() + ", incidents " + whole.incidents())
        .isEqualTo("COMPLETED");
    assertThat(whole.stepsTruncated()).isFalse();
    assertThat(whole.steps().getFirst().name()).isEqualTo("Resolve cluster");
    assertThat(whole.steps().getLast().name()).isEqualTo("Backup completed");

    RunStatus smallPages = new RunStatusReader(client, json, clock, 7, 10_000).read("sandbox", key).orElseThrow();

    assertThat(smallPages.steps()).as("every page read, the same timeline").isEqualTo(whole.steps());
    assertThat(smallPages.stepsTruncated()).isFalse();

    RunStatus capped = new RunStatusReader(client, json, clock, 7, 14).read("sandbox", key).orElseThrow();

    assertThat(capped.stepsTruncated()).isTrue();
    assertThat(capped.steps().getLast().name()).as("the newest kept").isEqualTo("Backup completed");
    assertThat(capped.steps()).extracting(RunStatus.Step::name).as("the oldest left out").doesNotContain("Resolve cluster");
    assertThat(capped.state()).as("the state does not depend on the steps read").isEqualTo("COMPLETED");
  }
}
