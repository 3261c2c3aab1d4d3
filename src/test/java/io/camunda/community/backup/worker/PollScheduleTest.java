package io.camunda.community.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The request budget and overshoot bound of issue 11, for checks that take no time (the worst case). */
class PollScheduleTest {

  private static final Duration DEFAULT_CAP = Duration.ofSeconds(5);

  @Test
  void atMostTwoChecksPerSecondOnAverageInTheFirstTenSeconds() {
    assertThat(checksBefore(Duration.ofSeconds(10), DEFAULT_CAP).size()).isLessThanOrEqualTo(20);
  }

  @Test
  void atMostOneCheckPerFiveSecondsAfterTheFirstMinute() {
    List<Duration> checks = checksBefore(Duration.ofMinutes(15), DEFAULT_CAP);
    for (int i = 1; i < checks.size(); i++) {
      if (checks.get(i - 1).compareTo(Duration.ofMinutes(1)) >= 0) {
        assertThat(checks.get(i).minus(checks.get(i - 1))).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
      }
    }
  }

  @Test
  void theDelayIsTheFloorAtFirstThenAShareOfTheElapsedTimeAndNeverAboveTheCap() {
    assertThat(PollSchedule.delay(Duration.ZERO, DEFAULT_CAP)).isEqualTo(Duration.ofMillis(300));
    assertThat(PollSchedule.delay(Duration.ofSeconds(10), DEFAULT_CAP)).isEqualTo(Duration.ofMillis(1500));
    assertThat(PollSchedule.delay(Duration.ofMinutes(10), DEFAULT_CAP)).isEqualTo(DEFAULT_CAP);
    // A cap below the floor wins: poll-interval is the upper bound an operator sets.
    assertThat(PollSchedule.delay(Duration.ZERO, Duration.ofMillis(200))).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void workEndingAfterTheFloorPhaseIsSeenWithinFifteenPercentOfItsDuration() {
    for (long millis = 2_000; millis <= 600_000; millis += 250) {
      Duration work = Duration.ofMillis(millis);
      Duration seen = checksBefore(work.plus(DEFAULT_CAP), DEFAULT_CAP).stream()
          .filter(at -> at.compareTo(work) >= 0).findFirst().orElseThrow();
      double overshoot = seen.minus(work).toMillis() / (double) millis;
      assertThat(overshoot).as("work of %s", work).isLessThanOrEqualTo(PollSchedule.GROWTH + 1e-6);
    }
  }

  @Test
  void nextCheckInMeasuresFromTheComponentsStart() {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    PollSchedule schedule = new PollSchedule(Clock.fixed(now, ZoneOffset.UTC));
    assertThat(schedule.nextCheckIn(now.minusSeconds(20).toString(), DEFAULT_CAP)).isEqualTo("PT3S");
    assertThat(schedule.nextCheckIn(null, DEFAULT_CAP)).isEqualTo("PT0.3S");
  }

  /** When the checks happen, measured from the start, with the first right after it. */
  private static List<Duration> checksBefore(Duration end, Duration cap) {
    List<Duration> checks = new ArrayList<>();
    for (Duration at = Duration.ZERO; at.compareTo(end) < 0; at = at.plus(PollSchedule.delay(at, cap))) {
      checks.add(at);
    }
    return checks;
  }
}
