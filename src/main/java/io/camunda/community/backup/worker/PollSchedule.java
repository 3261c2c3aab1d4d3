package io.camunda.community.backup.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * When a wait checks its component again: the one place that decides the status-check cadence of
 * every drawn wait. The delay grows with the time the component has been working, {@code
 * clamp(elapsed x GROWTH, FLOOR, cap)}, so short work is seen finished within a fraction of a
 * second, long work within {@code GROWTH} of its duration, and the target is never asked more often
 * than the budget of issue 11: with zero-latency checks 19 requests in the first 10 s (at most 20
 * allowed) and none closer than {@code cap} once {@code elapsed x GROWTH} passes it, which for the
 * default cap of 5 s is after 33 s, within the first minute.
 */
@Component
public class PollSchedule {

  /** Shortest delay: a short component is seen done within this (plus one job round trip). */
  static final Duration FLOOR = Duration.ofMillis(300);
  /** Share of the elapsed work time waited before the next check: bounds the relative overshoot. */
  static final double GROWTH = 0.15;

  private final Clock clock;

  public PollSchedule(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param startedAt ISO instant at which the component's work was started (the start step's
   *     {@code <prefix>StartedAt}); null counts as just started
   * @param cap the cluster's {@code poll-interval}: the delay never exceeds it
   * @return the ISO-8601 duration the drawn timer waits before the next check
   */
  public String nextCheckIn(String startedAt, Duration cap) {
    Instant now = clock.instant();
    Duration elapsed = startedAt == null ? Duration.ZERO : Duration.between(Instant.parse(startedAt), now);
    return delay(elapsed, cap).toString();
  }

  /** The delay after a check that saw the component still working {@code elapsed} after its start. */
  static Duration delay(Duration elapsed, Duration cap) {
    Duration grown = Duration.ofNanos((long) (Math.max(0, elapsed.toNanos()) * GROWTH));
    Duration atLeastFloor = grown.compareTo(FLOOR) < 0 ? FLOOR : grown;
    return atLeastFloor.compareTo(cap) > 0 ? cap : atLeastFloor;
  }
}
