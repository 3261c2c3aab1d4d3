package io.camunda.community.backup.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.testsupport.SteppedClock;
import io.camunda.community.backup.worker.CompletionPriors.Prior;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The request budget and overshoot bounds of issue 11, simulated with checks that take no time
 * (the most checks a wait can send), for every prior from none to 10 minutes.
 */
class PollScheduleTest {

  private static final Duration DEFAULT_CAP = Duration.ofSeconds(5);

  @Test
  void atMostTwoChecksPerSecondOnAverageInTheFirstTenSecondsWhateverThePrior() {
    priors().forEach(prior -> assertThat(checksUntil(Duration.ofSeconds(10), prior).size())
        .as("checks in the first 10 s with prior %s", prior).isLessThanOrEqualTo(20));
  }

  @Test
  void atMostOneCheckPerFiveSecondsOnAverageAfterTheFirstMinuteWhateverThePrior() {
    // 15 minutes of checks per prior: ends 250 ms apart (not 50 ms) keep the suite's share small.
    priors(Duration.ofMillis(250)).forEach(prior -> {
      List<Duration> checks = checksUntil(Duration.ofMinutes(15), prior);
      long sinceFirstMinute = 0;
      for (Duration at : checks) {
        if (at.compareTo(Duration.ofMinutes(1)) > 0) {
          sinceFirstMinute++;
          double capsElapsed = at.minus(Duration.ofMinutes(1)).toNanos() / (double) DEFAULT_CAP.toNanos();
          if (sinceFirstMinute > 1 + capsElapsed) { // one assertion per prior: millions would take 20 s
            assertThat((double) sinceFirstMinute).as("checks since the first minute at %s, prior %s, checks %s", at, prior, checks)
                .isLessThanOrEqualTo(1 + capsElapsed);
          }
        }
      }
    });
  }

  @Test
  void withoutAPriorNoCheckFollowsAnotherWithinFiveSecondsAfterTheFirstMinute() {
    List<Duration> checks = checksUntil(Duration.ofMinutes(15), Optional.empty());
    for (int i = 1; i < checks.size(); i++) {
      if (checks.get(i - 1).compareTo(Duration.ofMinutes(1)) >= 0) {
        assertThat(checks.get(i).minus(checks.get(i - 1))).isEqualTo(DEFAULT_CAP);
      }
    }
  }

  @Test
  void longWorkTakingAsLongAsItsRecentRunsIsSeenWithinTheWindowsStep() {
    // 3 runs known, each ending at the same time: the window reaches 0.25 % and 100 ms beyond them.
    for (long millis = 70_000; millis <= 600_000; millis += 250) {
      Duration work = Duration.ofMillis(millis);
      Optional<Prior> prior = Optional.of(new Prior(work, work, PollSchedule.SPREAD_SEEN_AFTER));
      PollSchedule.Window window = PollSchedule.window(prior.get()).orElseThrow();
      Duration late = firstCheckAtOrAfter(work, prior).minus(work);
      assertThat(late).as("work of %s", work).isLessThanOrEqualTo(window.step(work, DEFAULT_CAP));
    }
    // What that step is: 70 s, 0.28 s (the budget has 1.9 checks left when the window opens at
    // 69.7 s); 2 min, 0.12 s; from 5 min on, the densest step after the first minute, 0.1 s.
    assertThat(stepForWorkOf(Duration.ofSeconds(70))).isEqualTo(Duration.ofMillis(280));
    assertThat(stepForWorkOf(Duration.ofMinutes(2))).isEqualTo(Duration.ofMillis(120));
    assertThat(stepForWorkOf(Duration.ofMinutes(5))).isEqualTo(PollSchedule.DENSEST_AFTER_HORIZON);
    assertThat(stepForWorkOf(Duration.ofMinutes(10))).isEqualTo(PollSchedule.DENSEST_AFTER_HORIZON);
  }

  @Test
  void aWindowAfterTheFirstMinuteGetsTheChecksTheBudgetHasLeftWhenItOpens() {
    // Work of 70 s, 3 runs known: window 69.725..70.275 s. The first minute's last check comes at
    // 59.5 s, none follows until the window opens (the budget grows to 1.9 checks by then), and the
    // three that follow 0.28 s apart cover it: work ending anywhere in it is seen within 0.28 s.
    // Before this, the window got one check and the next came a poll-interval later (up to 5 s).
    Prior seventySeconds = new Prior(Duration.ofSeconds(70), Duration.ofSeconds(70), PollSchedule.SPREAD_SEEN_AFTER);
    assertThat(millis(checksUntil(Duration.ofSeconds(76), Optional.of(seventySeconds)), 59_000))
        .containsExactly(59_500L, 69_725L, 70_005L, 70_285L, 75_285L);

    // Work of 2 min: after the first minute, checks 10 s apart counted back from the window's opening
    // (119.6 s), then 0.12 s apart in it.
    Prior twoMinutes = new Prior(Duration.ofMinutes(2), Duration.ofMinutes(2), PollSchedule.SPREAD_SEEN_AFTER);
    assertThat(millis(checksUntil(Duration.ofSeconds(120), Optional.of(twoMinutes)), 59_000))
        .containsExactly(59_500L, 69_600L, 79_600L, 89_600L, 99_600L, 109_600L, 119_600L, 119_720L, 119_840L, 119_960L);
  }

  private static List<Long> millis(List<Duration> checks, long fromMillis) {
    return checks.stream().map(at -> Math.round(at.toNanos() / 1e6)).filter(at -> at >= fromMillis).toList();
  }

  private static Duration stepForWorkOf(Duration work) {
    return PollSchedule.window(new Prior(work, work, PollSchedule.SPREAD_SEEN_AFTER)).orElseThrow().step(work, DEFAULT_CAP);
  }

  @Test
  void withoutAPriorTheDelayIsTheFloorThenAShareOfTheElapsedTimeAndNeverAboveTheCap() {
    assertThat(PollSchedule.delay(Duration.ZERO, DEFAULT_CAP, Optional.empty())).isEqualTo(Duration.ofMillis(300));
    assertThat(PollSchedule.delay(Duration.ofSeconds(10), DEFAULT_CAP, Optional.empty())).isEqualTo(Duration.ofMillis(1500));
    assertThat(PollSchedule.delay(Duration.ofMinutes(10), DEFAULT_CAP, Optional.empty())).isEqualTo(DEFAULT_CAP);
    // poll-interval is the upper bound an operator sets, even below the floor.
    assertThat(PollSchedule.delay(Duration.ZERO, Duration.ofMillis(200), Optional.empty())).isEqualTo(Duration.ofMillis(200));
  }

  @Test
  void withoutAPriorWorkEndingAfterTheFloorPhaseIsSeenWithinFifteenPercentOfItsDuration() {
    for (long millis = 2_000; millis <= 600_000; millis += 250) {
      Duration work = Duration.ofMillis(millis);
      double overshoot = firstCheckAtOrAfter(work, Optional.empty()).minus(work).toMillis() / (double) millis;
      assertThat(overshoot).as("work of %s", work).isLessThanOrEqualTo(PollSchedule.GROWTH + 1e-6);
    }
  }

  @Test
  void workTakingAboutAsLongAsLastTimeIsSeenWithinTheWindowsStep() {
    for (long millis = 200; millis <= 30_000; millis += 50) {
      Duration prior = Duration.ofMillis(millis);
      for (double drift : new double[] {-0.04, 0, 0.04}) {
        Duration work = Duration.ofNanos((long) (prior.toNanos() * (1 + drift)));
        Duration late = firstCheckAtOrAfter(work, Optional.of(Prior.exactly(prior))).minus(work);
        Duration windowStep = Duration.ofNanos((long) (prior.toNanos() * 2 * PollSchedule.WINDOW_SHARE))
            .plus(PollSchedule.WINDOW_MARGIN.multipliedBy(2)).dividedBy(PollSchedule.WINDOW_CHECKS);
        assertThat(late).as("work of %s, prior %s", work, prior)
            .isLessThanOrEqualTo(windowStep.compareTo(PollSchedule.DENSEST_WITHIN_BUDGET) < 0 ? PollSchedule.DENSEST_WITHIN_BUDGET : windowStep);
      }
    }
  }

  @Test
  void aCheckThatSeesTheWorkDoneRecordsTheEstimatedDurationAsTheNextPrior() {
    Instant now = Instant.parse("2026-01-01T00:01:00Z");
    CompletionPriors priors = new CompletionPriors();
    PollSchedule schedule = new PollSchedule(Clock.fixed(now, ZoneOffset.UTC), priors);
    assertThat(schedule.afterCheck("c", "zeebeBackup", now.minusSeconds(20).toString(), false, DEFAULT_CAP))
        .isEqualTo(new PollSchedule.NextCheck(Duration.ofSeconds(3), false));
    assertThat(schedule.afterCheck("c", "zeebeBackup", null, false, DEFAULT_CAP))
        .isEqualTo(new PollSchedule.NextCheck(Duration.ofMillis(300), false));
    assertThat(priors.expected("c", "zeebeBackup")).isEmpty();

    schedule.afterCheck("c", "zeebeBackup", now.minusSeconds(2).toString(), true, DEFAULT_CAP);

    assertThat(priors.expected("c", "zeebeBackup")).contains(Prior.exactly(Duration.ofSeconds(2)));

    // Seen working 1.8 s and done 2.2 s after the start: it ended in between.
    schedule.afterCheck("c", "zeebeBackup", now.minusMillis(1800).toString(), false, DEFAULT_CAP);
    schedule.afterCheck("c", "zeebeBackup", now.minusMillis(2200).toString(), true, DEFAULT_CAP);

    // 2 s exactly, then between 1.8 s and 2.2 s: the second run agrees with the more precise first.
    assertThat(priors.expected("c", "zeebeBackup")).contains(new Prior(Duration.ofSeconds(2), Duration.ofSeconds(2), 2));
    assertThat(priors.expected("c", "webappsBackup")).isEmpty();
    assertThat(priors.expected("other", "zeebeBackup")).isEmpty();
  }

  @Test
  void theExpectedEndSpansTheRecentRunsAndForgetsOlderOnes() {
    CompletionPriors priors = new CompletionPriors();
    List<Long> endsMillis = List.of(9_000L, 2_000L, 2_100L, 1_900L, 2_050L, 2_000L);
    for (long end : endsMillis) {
      priors.seenWorking("c", "webappsBackup", Duration.ofMillis(end - 50));
      priors.seenDone("c", "webappsBackup", Duration.ofMillis(end));
    }
    // The 9 s run is the sixth from the end: out of the history of 5. The others ended within 50 ms
    // before 2.0, 2.05, 1.9, 2.1 and 2.0 s: the estimate reaches from the 1.9 s run to the 2.1 s one.
    assertThat(CompletionPriors.HISTORY).isEqualTo(5);
    assertThat(priors.expected("c", "webappsBackup"))
        .contains(new Prior(Duration.ofMillis(1_900), Duration.ofMillis(2_050), 5));
  }

  @Test
  void aRunCheckedSparselyDoesNotWidenAPreciseEstimateItAgreesWith() {
    // First run without a prior: seen working at 9.04 s, done at 11.01 s. Then one checked densely.
    CompletionPriors priors = priorsAfter("webappsBackup", new long[] {9_040, 11_010}, new long[] {10_400, 10_450});

    assertThat(priors.expected("c", "webappsBackup"))
        .contains(new Prior(Duration.ofMillis(10_400), Duration.ofMillis(10_450), 2));
  }

  @Test
  void runsThatAgreeNarrowTheExpectedEndToWhereTheyOverlapUntilOneLiesApart() {
    // Long work checked 5 s apart: seen working at 65.2 s, done at 70.2 s; next time 66.5 s / 71.5 s.
    CompletionPriors priors = priorsAfter("zeebeBackup", new long[] {65_200, 70_200}, new long[] {66_500, 71_500});
    assertThat(priors.expected("c", "zeebeBackup"))
        .contains(new Prior(Duration.ofMillis(66_500), Duration.ofMillis(70_200), 2));

    CompletionPriors varying = priorsAfter("webappsBackup", new long[] {2_000, 2_050}, new long[] {2_200, 2_300},
        new long[] {1_900, 2_100});
    // 2.2-2.3 s lies apart from 2.0-2.05 s: the work varies, so 1.9-2.1 s no longer narrows it.
    assertThat(varying.expected("c", "webappsBackup"))
        .contains(new Prior(Duration.ofMillis(2_000), Duration.ofMillis(2_200), 3));
  }

  /** Priors of cluster "c" after runs each seen working, then done, at the given milliseconds after their start. */
  private static CompletionPriors priorsAfter(String component, long[]... runs) {
    CompletionPriors priors = new CompletionPriors();
    for (long[] run : runs) {
      priors.seenWorking("c", component, Duration.ofMillis(run[0]));
      priors.seenDone("c", component, Duration.ofMillis(run[1]));
    }
    return priors;
  }

  @Test
  void workThatTakesTheSameTimeEachRunIsSeenDoneSoonerRunByRun() {
    // Whole waits through afterCheck, with the priors the earlier runs left: the budget allows
    // few checks between 60 and 70 s, and the runs, checked at different moments, pin the end down.
    Map<Duration, List<Duration>> late = new java.util.LinkedHashMap<>();
    for (Duration work : List.of(Duration.ofSeconds(70), Duration.ofSeconds(75), Duration.ofSeconds(90), Duration.ofMinutes(2),
        Duration.ofMinutes(5), Duration.ofSeconds(15))) {
      late.put(work, lateness(work, 10));
    }
    // Runs 7-10. The tightest is work of 70-75 s: three checks cover its window (0.31 s late at
    // most); from 90 s on, under 0.2 s. Without narrowing, 70 s work stayed 1-5 s late run after run.
    assertThat(late).as("seen done this late in runs 1-10").allSatisfy((work, each) -> assertThat(each.subList(6, 10))
        .allSatisfy(last -> assertThat(last).isLessThanOrEqualTo(Duration.ofMillis(350))));
    assertThat(late.get(Duration.ofMinutes(2)).subList(6, 10)).allSatisfy(last -> assertThat(last).isLessThan(Duration.ofMillis(200)));
  }

  /** How late each of {@code runs} waits for work of exactly {@code work} sees it done, on a clock that moves check by check. */
  private static List<Duration> lateness(Duration work, int runs) {
    SteppedClock clock = new SteppedClock();
    PollSchedule schedule = new PollSchedule(clock, new CompletionPriors());
    List<Duration> late = new ArrayList<>();
    for (int run = 0; run < runs; run++) {
      Instant start = clock.instant();
      while (true) {
        Duration elapsed = Duration.between(start, clock.instant());
        boolean done = elapsed.compareTo(work) >= 0;
        PollSchedule.NextCheck next = schedule.afterCheck("c", "zeebeBackup", start.toString(), done, DEFAULT_CAP);
        if (done) {
          late.add(elapsed.minus(work));
          break;
        }
        clock.step(next.in());
      }
      clock.step(Duration.ofHours(1));
    }
    return late;
  }

  @Test
  void onceSeveralRunsAreKnownTheWindowReachesOnlyALittleBeyondThem() {
    Duration elapsed = Duration.ofMillis(1_900);
    Optional<Prior> oneRun = Optional.of(new Prior(Duration.ofMillis(2_000), Duration.ofMillis(2_050), 1));
    Optional<Prior> threeRuns = Optional.of(new Prior(Duration.ofMillis(2_000), Duration.ofMillis(2_050), 3));
    // One run: 5 % and 250 ms on either side, 1.65..2.4025 s in 8 steps.
    assertThat(PollSchedule.delay(elapsed, DEFAULT_CAP, oneRun)).isEqualTo(Duration.ofNanos(94_062_500));
    // Three runs: 0.25 % and 100 ms, 1.895..2.155 s in 8 steps.
    assertThat(PollSchedule.delay(Duration.ofMillis(1_950), DEFAULT_CAP, threeRuns)).isEqualTo(Duration.ofNanos(32_515_625));
    // Before the narrower window opens, the check waits for it.
    assertThat(PollSchedule.delay(Duration.ofMillis(1_700), DEFAULT_CAP, threeRuns)).isEqualTo(Duration.ofMillis(195));
  }

  @Test
  void aShortWindowIsCheckedAsDenselyAsTheFirstTenSecondsBudgetAllows() {
    // A 1 s Zeebe backup, three runs agreeing: 0.8975..1.1025 s; 8 steps would be 25.6 ms, the
    // budget (checks before the window, in it, and after it should the work outlast it) pays for 30 ms.
    Optional<Prior> oneSecond = Optional.of(new Prior(Duration.ofSeconds(1), Duration.ofSeconds(1), PollSchedule.SPREAD_SEEN_AFTER));
    assertThat(PollSchedule.delay(Duration.ofMillis(950), DEFAULT_CAP, oneSecond)).isEqualTo(Duration.ofMillis(30));
    assertThat(checksUntil(Duration.ofSeconds(10), oneSecond)).hasSizeLessThanOrEqualTo(PollSchedule.FIRST_SECONDS_BUDGET);
    // A 100 ms records snapshot: its window starts with the wait, and 25 ms steps there plus the
    // checks after a missed window would pass 20 in the first 10 s; the step is the densest that fits.
    Optional<Prior> tenth = Optional.of(new Prior(Duration.ofMillis(100), Duration.ofMillis(100), PollSchedule.SPREAD_SEEN_AFTER));
    Duration step = PollSchedule.delay(Duration.ofMillis(50), DEFAULT_CAP, tenth);
    assertThat(step).isGreaterThan(PollSchedule.DENSEST).isLessThan(PollSchedule.DENSEST_WITHIN_BUDGET);
    assertThat(checksUntil(Duration.ofSeconds(10), tenth)).hasSizeLessThanOrEqualTo(PollSchedule.FIRST_SECONDS_BUDGET);
    Duration denser = step.minusMillis(5);
    assertThat(denser).as("one increment denser would not fit").isGreaterThanOrEqualTo(PollSchedule.DENSEST);
  }

  @Test
  void workEndingWithinTheSpreadOfTheRecentRunsIsSeenWithinTheWindowsStep() {
    for (long millis = 200; millis <= 30_000; millis += 50) {
      Prior recent = new Prior(Duration.ofMillis(millis), Duration.ofMillis(millis * 21 / 20), PollSchedule.SPREAD_SEEN_AFTER);
      for (double within : new double[] {-0.01, 0, 0.5, 1, 1.01}) {
        Duration work = Duration.ofNanos((long) (millis * (1 + within * 0.05) * 1_000_000));
        Duration late = firstCheckAtOrAfter(work, Optional.of(recent)).minus(work);
        Duration windowStep = Duration.ofNanos((long) (recent.latest().toNanos() * (1 + PollSchedule.SEEN_SPREAD_SHARE)
                - recent.earliest().toNanos() * (1 - PollSchedule.SEEN_SPREAD_SHARE)))
            .plus(PollSchedule.SEEN_SPREAD_MARGIN.multipliedBy(2)).dividedBy(PollSchedule.WINDOW_CHECKS);
        assertThat(late).as("work of %s, recent runs %s", work, recent)
            .isLessThanOrEqualTo(windowStep.compareTo(PollSchedule.DENSEST_WITHIN_BUDGET) < 0 ? PollSchedule.DENSEST_WITHIN_BUDGET : windowStep);
      }
    }
  }

  /**
   * No prior, and every end from 50 ms to 10 min (50 ms apart up to 2 min, then 1 s apart), known
   * exactly or within 0.5 s or 3 s, from one run (wide window) or from several (narrow window).
   */
  private static Stream<Optional<Prior>> priors() {
    return priors(Duration.ofMillis(50));
  }

  /** As {@link #priors()}, with ends {@code step} apart up to 2 min. */
  private static Stream<Optional<Prior>> priors(Duration step) {
    return Stream.concat(Stream.of(Optional.<Prior>empty()),
        Stream.iterate(step, d -> d.compareTo(Duration.ofMinutes(10)) <= 0,
                d -> d.plus(d.compareTo(Duration.ofMinutes(2)) < 0 ? step : Duration.ofSeconds(1)))
            .flatMap(earliest -> Stream.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(3))
                .flatMap(width -> Stream.of(1, PollSchedule.SPREAD_SEEN_AFTER)
                    .map(runs -> Optional.of(new Prior(earliest, earliest.plus(width), runs))))));
  }

  private static Duration firstCheckAtOrAfter(Duration work, Optional<Prior> prior) {
    return checksUntil(work.plus(DEFAULT_CAP).plus(DEFAULT_CAP), prior).stream()
        .filter(at -> at.compareTo(work) >= 0).findFirst().orElseThrow();
  }

  /** When the checks of a wait whose work never ends happen, from the start, the first right after it. */
  private static List<Duration> checksUntil(Duration end, Optional<Prior> prior) {
    List<Duration> checks = new ArrayList<>();
    for (Duration at = Duration.ZERO; at.compareTo(end) < 0; at = at.plus(PollSchedule.delay(at, DEFAULT_CAP, prior))) {
      checks.add(at);
    }
    return checks;
  }
}
