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
 *       {@code SPREAD_SEEN_AFTER} runs are known, and narrow (0.25 %, 100 ms) once the recent runs
 *       show how much the work varies (runs that disagree widen {@code E1 .. E2} themselves). A
 *       window within the first minute gets {@code WINDOW_CHECKS} checks, no closer than the
 *       first 10 s' budget pays for should the work outlast it. A window that opens after
 *       it is paid for from the budget: the wait checks just before the first minute, then every
 *       {@code LONG_SPARSE_CAPS} caps counted back from the window's opening, and spends on the
 *       window every check the budget has left when it opens.
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
  static final double SEEN_SPREAD_SHARE = 0.0025;
  static final Duration SEEN_SPREAD_MARGIN = Duration.ofMillis(100);
  /**
   * The shortest step inside a window within the first minute: from {@link #DENSEST} up to {@link
   * #DENSEST_WITHIN_BUDGET}, the shortest at which a wait whose work outlasts the window still sends
   * at most {@link #FIRST_SECONDS_BUDGET} checks in its first {@link #FIRST_SECONDS}.
   */
  static final Duration DENSEST = Duration.ofMillis(25);
  static final Duration DENSEST_WITHIN_BUDGET = Duration.ofMillis(50);
  private static final Duration DENSEST_SEARCH_INCREMENT = Duration.ofMillis(5);
  static final Duration FIRST_SECONDS = Duration.ofSeconds(10);
  static final int FIRST_SECONDS_BUDGET = 20;
  /** In a window after the first minute the budget could pay for denser checks still; they would gain little. */
  static final Duration DENSEST_AFTER_HORIZON = Duration.ofMillis(100);
  /**
   * Past this the request budget is one check per cap on average (plus one): a window that opens
   * later gets what the budget has left when it opens, after sparse checks every {@link
   * #LONG_SPARSE_CAPS} caps from here until then.
   */
  static final Duration PRIOR_HORIZON = Duration.ofMinutes(1);
  static final int LONG_SPARSE_CAPS = 2;
  /**
   * Before a window that opens after the first minute, the last check of the first minute comes
   * this long before its end, so that a check that runs a little late is not the first of the
   * budget's next phase.
   */
  static final Duration HORIZON_LEAD = Duration.ofMillis(500);
  private static final Duration STEP_SEARCH_INCREMENT = Duration.ofMillis(10);

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
    Optional<Window> window = expected.flatMap(PollSchedule::window).map(w -> w.withinBudget(cap));
    Duration delay = delayIn(elapsed, cap, window);
    return new NextCheck(delay, window.isPresent() && window.get().contains(elapsed.plus(delay)));
  }

  /** Where the expected end lies, with room on either side, and the shortest step inside it. */
  record Window(Duration from, Duration to, Duration densest) {

    Window(Duration from, Duration to) {
      this(from, to, DENSEST);
    }

    /**
     * This window with the shortest step, from {@link #DENSEST} up, at which a wait whose work
     * never ends sends at most {@link #FIRST_SECONDS_BUDGET} checks in its first {@link
     * #FIRST_SECONDS} (counted as the budget test counts them: the first check at the start, checks
     * taking no time).
     */
    Window withinBudget(Duration cap) {
      // The floor decides nothing for a window that opens after the budget's first seconds, or one
      // wide enough that its eighth is above every floor: no need to count (each check asks).
      if (from.compareTo(FIRST_SECONDS) >= 0 || to.minus(from).dividedBy(WINDOW_CHECKS).compareTo(DENSEST_WITHIN_BUDGET) >= 0) {
        return this;
      }
      for (Duration step = DENSEST; step.compareTo(DENSEST_WITHIN_BUDGET) < 0; step = step.plus(DENSEST_SEARCH_INCREMENT)) {
        Window candidate = new Window(from, to, step);
        if (candidate.checksInFirstSeconds(cap) <= FIRST_SECONDS_BUDGET) {
          return candidate;
        }
      }
      return new Window(from, to, DENSEST_WITHIN_BUDGET);
    }

    private int checksInFirstSeconds(Duration cap) {
      int checks = 0;
      for (Duration at = Duration.ZERO; at.compareTo(FIRST_SECONDS) < 0; at = at.plus(delayIn(at, cap, Optional.of(this)))) {
        checks++;
      }
      return checks;
    }

    boolean contains(Duration elapsed) {
      return elapsed.compareTo(from) >= 0 && elapsed.compareTo(to) <= 0;
    }

    boolean opensAfterHorizon() {
      return from.compareTo(PRIOR_HORIZON) > 0;
    }

    /**
     * The delay between two checks inside the window, {@code elapsed} after the start. A window
     * that opens within the first minute: {@link #WINDOW_CHECKS} checks over it, and one per cap
     * once the minute is over. One that opens after it: the shortest step at which the window's
     * checks, and the one that falls past it, stay within the budget left when it opens (one check
     * per cap since the first minute, one more allowed, less the sparse checks that led there).
     */
    Duration step(Duration elapsed, Duration cap) {
      Duration width = to.minus(from);
      if (!opensAfterHorizon()) {
        return elapsed.compareTo(PRIOR_HORIZON) < 0 ? clamp(width.dividedBy(WINDOW_CHECKS), densest, cap) : cap;
      }
      double capsSinceHorizon = from.minus(PRIOR_HORIZON).toNanos() / (double) cap.toNanos();
      double checksLeft = capsSinceHorizon - sparseChecksBefore(cap);
      for (Duration step = DENSEST_AFTER_HORIZON; step.compareTo(cap) < 0; step = step.plus(STEP_SEARCH_INCREMENT)) {
        // The k-th check after the one at the window's opening comes k steps later, when the
        // budget has grown by k steps' worth: it fits while k x (1 - step/cap) <= checksLeft.
        long checksAfterOpening = width.dividedBy(step) + 1;
        double unpaidPerCheck = 1 - step.toNanos() / (double) cap.toNanos();
        if (checksAfterOpening * unpaidPerCheck <= checksLeft) {
          return step;
        }
      }
      return cap;
    }

    /** The sparse checks after the first minute on the way to the window: every {@link #LONG_SPARSE_CAPS} caps before it. */
    long sparseChecksBefore(Duration cap) {
      Duration sparse = cap.multipliedBy(LONG_SPARSE_CAPS);
      Duration sinceHorizon = from.minus(PRIOR_HORIZON);
      return sinceHorizon.isPositive() ? sinceHorizon.minusNanos(1).dividedBy(sparse) : 0;
    }

    /**
     * The next check on the way to a window that opens after the first minute: sparse checks as
     * usual until just before the minute ends, then the checks {@link #LONG_SPARSE_CAPS} caps
     * apart counted back from the window's opening, the last of them at the opening.
     */
    Duration towards(Duration elapsed, Duration cap) {
      Duration lastOfFirstMinute = PRIOR_HORIZON.minus(HORIZON_LEAD);
      if (elapsed.compareTo(lastOfFirstMinute) < 0) {
        Duration sparse = clamp(share(elapsed, SPARSE_GROWTH), FLOOR, cap);
        Duration untilLast = lastOfFirstMinute.minus(elapsed);
        return sparse.compareTo(untilLast) > 0 ? untilLast : sparse;
      }
      // The next of the checks counted back from the opening, none of them within the first minute.
      Duration sparse = cap.multipliedBy(LONG_SPARSE_CAPS);
      long stepsBeforeOpening = from.minus(max(elapsed, PRIOR_HORIZON)).minusNanos(1).dividedBy(sparse);
      return from.minus(sparse.multipliedBy(stepsBeforeOpening)).minus(elapsed);
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
    return delayIn(elapsed, cap, expected.flatMap(PollSchedule::window).map(w -> w.withinBudget(cap)));
  }

  private static Duration delayIn(Duration elapsed, Duration cap, Optional<Window> window) {
    if (window.isEmpty()) {
      return clamp(share(elapsed, GROWTH), FLOOR, cap);
    }
    Duration from = window.get().from();
    Duration to = window.get().to();
    if (elapsed.compareTo(from) < 0) {
      if (window.get().opensAfterHorizon()) {
        return window.get().towards(elapsed, cap);
      }
      Duration untilWindow = from.minus(elapsed);
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
