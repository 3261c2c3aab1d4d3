package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live timeline of {@code --wait}: each change of a run's status printed once, as it happens. */
class RunTimelineTest {

  private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");

  @Test
  void printsEachStepOnceAsItStartsEndsAndLoopsThenTheEnd() {
    RunTimeline timeline = new RunTimeline(ZoneOffset.UTC);
    RunStatus.Step lockActive = step("Lock", "Acquire cluster lock", "CALL_ACTIVITY", "ACTIVE", 1, 0, null);

    assertThat(timeline.linesFor(running(List.of(lockActive), List.of()))).containsExactly(
        "  10:00:00.000  ▶ Acquire cluster lock");
    assertThat(timeline.linesFor(running(List.of(lockActive), List.of()))).as("nothing new").isEmpty();

    RunStatus.Step lockDone = step("Lock", "Acquire cluster lock", "CALL_ACTIVITY", "COMPLETED", 1, 0, 250L);
    RunStatus.Step check2 = step("Check", "Check Zeebe backup", "SERVICE_TASK", "COMPLETED", 2, 300, 5_400L);
    assertThat(timeline.linesFor(running(List.of(lockDone, check2), List.of()))).containsExactly(
        "  10:00:00.250  ✔ Acquire cluster lock                     250 ms",
        "  10:00:00.300  ▶ Check Zeebe backup",
        "  10:00:05.400  ⏳ Check Zeebe backup                       run 2, 5100 ms since the first");

    RunStatus.Step check3 = step("Check", "Check Zeebe backup", "SERVICE_TASK", "COMPLETED", 3, 300, 15_400L);
    RunStatus.Incident incident = new RunStatus.Incident("Check", "Check Zeebe backup", "JOB_NO_RETRIES",
        "Zeebe backup API: GET ... answered 503. Check the broker", T0.plusSeconds(16));
    assertThat(timeline.linesFor(running(List.of(lockDone, check3), List.of(incident)))).containsExactly(
        "  10:00:15.400  ⏳ Check Zeebe backup                       run 3, 15.1 s since the first",
        "  10:00:16.000  ✖ incident at Check Zeebe backup           Zeebe backup API: GET ... answered 503. Check the broker");
    assertThat(timeline.linesFor(running(List.of(lockDone, check3), List.of(incident)))).as("an incident is printed once").isEmpty();

    RunStatus.Step deadline = step("Deadline", "Exporting paused too long", "BOUNDARY_EVENT", "COMPLETED", 1, 20_000, 20_000L);
    RunStatus.Step interrupted = step("Check", "Check Zeebe backup", "SERVICE_TASK", "TERMINATED", 4, 300, 20_000L);
    RunStatus.Step end = step("End", "Backup failed", "END_EVENT", "COMPLETED", 1, 21_000, 21_000L);
    RunStatus ended = new RunStatus(1, "backup", "prod", "FAILED", RunKind.Outcome.FAILED, List.of(), T0, T0.plusSeconds(21), 21_000,
        List.of(lockDone, interrupted, deadline, end), false, List.of(), Map.of("state", "FAILED"));
    assertThat(timeline.linesFor(ended)).containsExactly(
        "  10:00:20.000  ✖ Check Zeebe backup                       interrupted",
        "  10:00:20.000  ⚠ Exporting paused too long",
        "  10:00:21.000  ■ Backup failed",
        "  10:00:21.000  ■ backup FAILED                            after 21.0 s");
    assertThat(timeline.linesFor(ended)).isEmpty();
  }

  @Test
  void stepsThatPassedBetweenTwoReadsArePrintedInTheOrderTheyHappened() {
    RunTimeline timeline = new RunTimeline(ZoneOffset.UTC);
    RunStatus.Step window = step("Window", "Back up while exporting is paused", "SUB_PROCESS", "COMPLETED", 1, 100, 3_000L);
    RunStatus.Step pause = step("Pause", "Soft-pause exporting", "SERVICE_TASK", "COMPLETED", 1, 100, 150L);
    RunStatus.Step backup = step("Backup", "Start Zeebe backup", "SERVICE_TASK", "COMPLETED", 1, 150, 2_900L);

    assertThat(timeline.linesFor(running(List.of(window, pause, backup), List.of()))).containsExactly(
        "  10:00:00.100  ▶ Back up while exporting is paused",
        "  10:00:00.100  ▶ Soft-pause exporting",
        "  10:00:00.150  ✔ Soft-pause exporting                     50 ms",
        "  10:00:00.150  ▶ Start Zeebe backup",
        "  10:00:02.900  ✔ Start Zeebe backup                       2750 ms",
        "  10:00:03.000  ✔ Back up while exporting is paused        2900 ms");
  }

  @Test
  void theOutcomeOfEachKindOfRunFollowsItsResultState() {
    assertThat(RunKind.BACKUP.outcome("COMPLETED")).isEqualTo(RunKind.Outcome.SUCCEEDED);
    assertThat(RunKind.BACKUP.outcome("REFUSED").exitCode()).isEqualTo(2);
    assertThat(RunKind.BACKUP.outcome("CANCELLED").exitCode()).isEqualTo(1);
    assertThat(RunKind.BACKUP.outcome("TERMINATED")).as("cancelled in Operate").isEqualTo(RunKind.Outcome.FAILED);
    assertThat(RunKind.BACKUP.outcome("INCIDENT")).as("an incident does not end a run").isEqualTo(RunKind.Outcome.RUNNING);
    assertThat(RunKind.RESTORE.outcome("RESTORED")).isEqualTo(RunKind.Outcome.SUCCEEDED);
    assertThat(RunKind.RESTORE.outcome("RESTORED_WITH_PROBLEMS")).isEqualTo(RunKind.Outcome.FAILED);
    assertThat(RunKind.RETENTION.outcome(RunKind.RETENTION.endState(Map.of("skipped", true)))).isEqualTo(RunKind.Outcome.REFUSED);
    assertThat(RunKind.RETENTION.outcome(RunKind.RETENTION.endState(Map.of("state", "DRY_RUN")))).isEqualTo(RunKind.Outcome.SUCCEEDED);
    assertThat(RunKind.RETENTION.endState(null)).isEqualTo("ENDED");
    assertThat(RunKind.RETENTION.outcome("ENDED")).as("ended without a result: not a success").isEqualTo(RunKind.Outcome.FAILED);
  }

  private static RunStatus running(List<RunStatus.Step> steps, List<RunStatus.Incident> incidents) {
    return new RunStatus(1, "backup", "prod", incidents.isEmpty() ? "RUNNING" : "INCIDENT", RunKind.Outcome.RUNNING, List.of(), T0, null,
        1_000, steps, false, incidents, null);
  }

  private static RunStatus.Step step(String id, String name, String type, String state, int runs, long startMillis, Long endMillis) {
    return new RunStatus.Step(id, name, type, state, runs, T0.plusMillis(startMillis), endMillis == null ? null : T0.plusMillis(endMillis));
  }
}
