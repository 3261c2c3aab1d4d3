package io.camunda.community.backup.worker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * When a wait checks its component again: the one place that decides the status-check cadence of
 * every drawn wait (issue 11). The delay after a check that saw the component still working is
 * measured from the component's start:
 *
 * <ul>
 *   <li>Without a prior: {@code clamp(elapsed x GROWTH, FLOOR, cap)}, so short work is seen done
 *       within a fraction of a second and long work within {@code GROWTH} of its duration.
 *   <li>With a prior (this cluster's component ended between {@code E1} and {@code E2} after its
 *       start in its recent runs, {@link CompletionPriors}): sparse checks ({@code elapsed x
 *       SPARSE_GROWTH}, at most the cap) until a window {@code E1 x (1 - share) - margin .. E2 x
 *       (1 + share) + margin}, dense checks in the window, then, if the prior was wrong, {@code
 *       elapsed x MISSED_GROWTH}. The share and margin are wide (5 %, 250 ms) while fewer than
 *       {@code SPREAD_SEEN_AFTER} runs are known, and narrow (1 %, 100 ms) once the recent runs
 *       show how much the work varies. A window within the first minute gets {@code
 *       WINDOW_CHECKS} checks. A window that ends later is paid for: from the first minute until
 *       it opens, the wait checks every {@code LONG_SPARSE_CAPS} caps, and spends the checks it
 *       saved in the window.
 * </ul>
 *
 * <p>Either way, with checks that take no time (the worst case): at most 20 status requests in a
 * wait's first 10 s (the budget is 2 per second) and, after the first minute, on average at most
 * one per cap (5 s by default): at any check, the checks since the first minute are at most one
 * more than the caps elapsed since. {@code PollScheduleTest} verifies both for every prior.
 */
@Component
public class PollSchedule {

  /** Shortest delay without a prior: a short component is seen done within this (plus one job round trip). */
  static final Duration FLOOR = Duration.ofMillis(300);
  /** Share of the elapsed time waited before the next check: bounds the relative overshoot without a prior. */
  static final double GROWTH = 0.15;
  static final double SPARSE_GROWTH = 0.5;
  static final double MISSED_GROWTH = 0.3;
  /** How far the window reaches beyond the interval the work ended in last time. */
  static final double WINDOW_SHARE = 0.05;
  static final Duration WINDOW_MARGIN = Duration.ofMillis(250);
  static final int WINDOW_CHECKS = 8;
  /**
   * Once this many runs are known, the expected end already accounts for how much the work varies
   * from run to run (runs that disagree widen it, {@link CompletionPriors#expected}), so the window
   * reaches only a little beyond it.
   */
  static final int SPREAD_SEEN_AFTER = 3;
  static final double SEEN_SPREAD_SHARE = 0.01;
  static final Duration SEEN_SPREAD_MARGIN = Duration.ofMillis(100);
  static final Duration DENSEST = Duration.ofMillis(50);
  /**
   * Past this the request budget is one check per cap on average: a window that ends later has
   * only the checks the wait saved before it, by checking every {@link #LONG_SPARSE_CAPS} caps
   * from here until the window opens.
   */
  static final Duration PRIOR_HORIZON = Duration.ofMinutes(1);
  static final int LONG_SPARSE_CAPS = 2;

  private final Clock clock;
  private final CompletionPriors priors;

  public PollSchedule(Clock clock, CompletionPriors priors) {
    this.clock = clock;
    this.priors = priors;
  }

  /**
   * When to check next.
   *
   * @param in the delay, which the drawn timer waits when the job hands the wait back
   * @param nearExpectedEnd whether that check falls in the window around the expected end: there
   *     its timing decides how long the wait outlives the work, so the check job makes it itself
   *     ({@link StatusWait}) rather than a timer that may fire late
   */
  public record NextCheck(Duration in, boolean nearExpectedEnd) {}

  /**
   * Called by every check of a wait.
   *
   * @param component e.g. {@code webappsBackup}: priors are per cluster and component
   * @param startedAt ISO instant at which the component's work was started (the start step's
   *     {@code <prefix>StartedAt}); null counts as just started
   * @param done whether this check saw the work finished: its duration becomes the next prior
   * @param cap the cluster's {@code poll-interval}: no delay exceeds it, except the sparse
   *     checks before a window that ends after the first minute ({@code LONG_SPARSE_CAPS} caps)
   */
  public NextCheck afterCheck(String cluster, String component, String startedAt, boolean done, Duration cap) {
    Duration elapsed = startedAt == null ? Duration.ZERO : Duration.between(Instant.parse(startedAt), clock.instant());
    if (startedAt != null && done) {
      priors.seenDone(cluster, component, elapsed);
    } else if (startedAt != null) {
      priors.seenWorking(cluster, component, elapsed);
    }
    Optional<CompletionPriors.Prior> expected = priors.expected(cluster, component);
    Duration delay = delay(elapsed, cap, expected);
    Optional<Window> window = expected.flatMap(PollSchedule::window);
    return new NextCheck(delay, window.isPresent() && window.get().contains(elapsed.plus(delay)));
  }

  /** Where the expected end lies, with room on either side. */
  record Window(Duration from, Duration to) {
    boolean contains(Duration elapsed) {
      return elapsed.compareTo(from) >= 0 && elapsed.compareTo(to) <= 0;
    }

    boolean endsAfterHorizon() {
      return to.compareTo(PRIOR_HORIZON) > 0;
    }

    /**
     * The delay between two checks inside the window, {@code elapsed} after the start. Within the
     * first minute: {@link #WINDOW_CHECKS} checks over the window. Past it, the checks one per cap
     * would have made over the window, plus those saved by checking every {@link
     * #LONG_SPARSE_CAPS} caps from the first minute until the window (not the first cap, nor the
     * check that lands at the window): on average, still at most one check per cap.
     */
    Duration step(Duration elapsed, Duration cap) {
      Duration width = to.minus(from);
      if (elapsed.compareTo(PRIOR_HORIZON) < 0) {
        return clamp(width.dividedBy(WINDOW_CHECKS), DENSEST, cap);
      }
      Duration sparseStretch = max(Duration.ZERO, from.minus(PRIOR_HORIZON).minus(cap));
      long saved = sparseStretch.dividedBy(cap.multipliedBy(LONG_SPARSE_CAPS));
      // Steps over the window: its checks are one more (at both ends), and one more falls past it.
      long steps = saved + width.dividedBy(cap) - 1;
      return steps <= 0 ? cap : clamp(width.dividedBy(steps), DENSEST, cap);
    }
  }

  static Optional<Window> window(CompletionPriors.Prior expected) {
    boolean spreadSeen = expected.runs() >= SPREAD_SEEN_AFTER;
    double windowShare = spreadSeen ? SEEN_SPREAD_SHARE : WINDOW_SHARE;
    Duration windowMargin = spreadSeen ? SEEN_SPREAD_MARGIN : WINDOW_MARGIN;
    Duration from = max(Duration.ZERO, share(expected.earliest(), 1 - windowShare).minus(windowMargin));
    Duration to = share(expected.latest(), 1 + windowShare).plus(windowMargin);
    return Optional.of(new Window(from, to));
  }

  /** The delay after a check that saw the component still working {@code elapsed} after its start. */
  static Duration delay(Duration elapsed, Duration cap, Optional<CompletionPriors.Prior> expected) {
    Optional<Window> window = expected.flatMap(PollSchedule::window);
    if (window.isEmpty()) {
      return clamp(share(elapsed, GROWTH), FLOOR, cap);
    }
    Duration from = window.get().from();
    Duration to = window.get().to();
    if (elapsed.compareTo(from) < 0) {
      Duration untilWindow = from.minus(elapsed);
      if (elapsed.compareTo(PRIOR_HORIZON) >= 0) {
        // Saving checks for the window, and landing exactly where it opens: the last sparse step
        // is shortened so that the one landing there still comes at least a cap after it.
        Duration sparse = cap.multipliedBy(LONG_SPARSE_CAPS);
        if (untilWindow.compareTo(sparse) <= 0) {
          // A window opening just after the first minute: its first check waits for the budget.
          return max(untilWindow, PRIOR_HORIZON.plus(cap).minus(elapsed));
        }
        return untilWindow.minus(sparse).compareTo(cap) < 0 ? untilWindow.minus(cap) : sparse;
      }
      Duration sparse = clamp(share(elapsed, SPARSE_GROWTH), FLOOR, cap);
      return untilWindow.compareTo(sparse) < 0 ? untilWindow : sparse;
    }
    if (elapsed.compareTo(to) <= 0) {
      return window.get().step(elapsed, cap);
    }
    return clamp(share(elapsed, MISSED_GROWTH), FLOOR, cap);
  }

  private static Duration share(Duration duration, double share) {
    return Duration.ofNanos((long) (Math.max(0, duration.toNanos()) * share));
  }

  private static Duration clamp(Duration value, Duration floor, Duration cap) {
    Duration atLeastFloor = max(value, floor);
    return atLeastFloor.compareTo(cap) > 0 ? cap : atLeastFloor;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
