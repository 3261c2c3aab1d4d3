package io.camunda.community.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.testsupport.SteppedClock;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Where one check job stops checking and hands the wait back to the drawn timer. The job's clock
 * jumps as if the job had been checking for about 10 s, and otherwise stands still: a check in the
 * window around the expected end (or the one that opens it) stays in the job, where a timer could
 * fire past the end the window is there to catch; any other check past 10 s goes through the timer.
 */
class StatusWaitTest {

  private static final Duration JOB_SO_FAR = Duration.ofMillis(10_500);

  @Test
  void denseChecksAroundTheExpectedEndStayInTheJobPastTenSeconds() {
    SteppedClock clock = new SteppedClock();
    // The last three runs ended between 11.95 s and 12 s after their start: a narrow window there.
    CompletionPriors priors = recentRunsEndedBetween(Duration.ofMillis(11_950), Duration.ofSeconds(12));
    AtomicInteger reads = new AtomicInteger();

    Map<String, Object> completedWith = check(clock, priors, clock.instant().minusMillis(1_500).toString(), () -> {
      if (reads.incrementAndGet() == 1) {
        clock.step(JOB_SO_FAR); // 12 s after the work's start: inside the window, checks about 60 ms apart
      }
      return StatusWait.Seen.of(reads.get() < 4 ? "IN_PROGRESS" : "COMPLETED");
    });

    assertThat(completedWith.get(WaitedWork.WEBAPPS_BACKUP.stateVariable())).isEqualTo("COMPLETED");
    assertThat(completedWith.get(WaitedWork.WEBAPPS_BACKUP.checksVariable())).as("checks in this one job").isEqualTo(4);
  }

  @Test
  void theCheckThatOpensTheWindowStaysInTheJobPastTenSeconds() {
    SteppedClock clock = new SteppedClock();
    // Recent runs ended between 10.37 s and 10.47 s: the window opens at 10.17 s.
    CompletionPriors priors = recentRunsEndedBetween(Duration.ofMillis(10_370), Duration.ofMillis(10_470));
    AtomicInteger reads = new AtomicInteger();

    Map<String, Object> completedWith = check(clock, priors, clock.instant().toString(), () -> {
      int read = reads.incrementAndGet();
      if (read == 1) {
        clock.step(Duration.ofMillis(8_900)); // the next check, 1.27 s on, opens the window 10.17 s into this job
      } else if (read == 2) {
        clock.step(Duration.ofMillis(1_270)); // the job slept until the window opened
      }
      return StatusWait.Seen.of(read < 3 ? "IN_PROGRESS" : "COMPLETED");
    });

    assertThat(completedWith.get(WaitedWork.WEBAPPS_BACKUP.stateVariable())).isEqualTo("COMPLETED");
    assertThat(completedWith.get(WaitedWork.WEBAPPS_BACKUP.checksVariable())).as("checks in this one job").isEqualTo(3);
  }

  @Test
  void aLongerDelayPastTenSecondsGoesThroughTheDrawnTimer() {
    SteppedClock clock = new SteppedClock();
    AtomicInteger reads = new AtomicInteger();

    // No prior: 12 s after the start the next check is due in 15 % of that, 1.8 s.
    Map<String, Object> completedWith = check(clock, new CompletionPriors(), clock.instant().minusMillis(1_500).toString(), () -> {
      if (reads.incrementAndGet() == 1) {
        clock.step(JOB_SO_FAR);
      }
      return StatusWait.Seen.of("IN_PROGRESS");
    });

    assertThat(completedWith.get(WaitedWork.WEBAPPS_BACKUP.stateVariable())).isEqualTo("IN_PROGRESS");
    assertThat(completedWith.get(WaitedWork.WEBAPPS_BACKUP.nextCheckInVariable())).isEqualTo("PT1.8S");
    assertThat(completedWith.get(WaitedWork.WEBAPPS_BACKUP.checksVariable())).isEqualTo(1);
  }

  /** Enough recent web-apps runs, each seen working at {@code working} and done at {@code done}, for a narrow window. */
  private static CompletionPriors recentRunsEndedBetween(Duration working, Duration done) {
    CompletionPriors priors = new CompletionPriors();
    for (int run = 0; run < PollSchedule.SPREAD_SEEN_AFTER; run++) {
      priors.seenWorking("c", WaitedWork.WEBAPPS_BACKUP.prefix(), working);
      priors.seenDone("c", WaitedWork.WEBAPPS_BACKUP.prefix(), done);
    }
    return priors;
  }

  private static Map<String, Object> check(Clock clock, CompletionPriors priors, String startedAt,
      java.util.function.Supplier<StatusWait.Seen> readStatus) {
    ProgressEvaluator progress = new ProgressEvaluator(clock);
    StatusWait wait = new StatusWait(mock(CamundaClient.class, RETURNS_DEEP_STUBS), clock, progress, new PollSchedule(clock, priors));
    ClusterProperties cluster = mock(ClusterProperties.class, RETURNS_DEEP_STUBS);
    org.mockito.Mockito.when(cluster.pollInterval()).thenReturn(Duration.ofSeconds(5));
    org.mockito.Mockito.when(cluster.timeouts().incompleteGrace()).thenReturn(Duration.ofMinutes(1));
    return wait.check(mock(ActivatedJob.class), "c", cluster, WaitedWork.WEBAPPS_BACKUP, "Web-apps backup 1", startedAt, null,
        null, readStatus);
  }
}
