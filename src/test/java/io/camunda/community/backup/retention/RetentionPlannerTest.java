package io.camunda.community.backup.retention;

import static io.camunda.community.backup.catalog.SetState.COMPLETE;
import static io.camunda.community.backup.catalog.SetState.FAILED;
import static io.camunda.community.backup.catalog.SetState.IN_PROGRESS;
import static io.camunda.community.backup.catalog.SetState.PARTIAL;
import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.ComponentStatus;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.config.ClusterProperties.RetentionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionPlannerTest {

  private static final Instant NOW = Instant.parse("2025-06-30T12:00:00Z");

  /** A set taken {@code ageDays} days before {@link #NOW} (null: time unknown). */
  private static BackupSet set(long id, SetState state, Integer ageDays) {
    Instant time = ageDays == null ? null : NOW.minus(Duration.ofDays(ageDays));
    return new BackupSet(id, time, "8.8.0", 3, state, Map.of(), Map.of());
  }

  private static RetentionProperties policy(int keepComplete, int keepFailed, Duration maxAge) {
    return new RetentionProperties(true, keepComplete, keepFailed, maxAge);
  }

  private static RetentionDecision decision(List<RetentionDecision> decisions, long id) {
    return decisions.stream().filter(d -> d.backupId() == id).findFirst().orElseThrow();
  }

  @Test
  void keepsTheNewestCompleteSetsAndDeletesOlderOnes() {
    List<BackupSet> sets = List.of(
        set(1, COMPLETE, 5), set(2, COMPLETE, 4), set(3, COMPLETE, 3), set(4, COMPLETE, 2), set(5, COMPLETE, 1));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(3, 3, null), NOW);

    assertThat(plan).containsExactly(
        new RetentionDecision(5, COMPLETE, false, "newest complete backup: always kept"),
        new RetentionDecision(4, COMPLETE, false, "one of the newest 3 complete"),
        new RetentionDecision(3, COMPLETE, false, "one of the newest 3 complete"),
        new RetentionDecision(2, COMPLETE, true, "beyond the newest 3 complete"),
        new RetentionDecision(1, COMPLETE, true, "beyond the newest 3 complete"));
  }

  /** A complete set with the trigger its manifest records. */
  private static BackupSet started(long id, String trigger) {
    return set(id, COMPLETE, (int) (100 - id)).withManifest(
        trigger.equals(BackupSet.TRIGGER_UNKNOWN) ? BackupSet.MANIFEST_MISSING : BackupSet.MANIFEST_PRESENT, trigger);
  }

  @Test
  void manualAndScheduledBackupsAreCountedApartSoABurstOfManualOnesKeepsTheScheduledOnes() {
    // newest first: three manual backups before an upgrade, then the nightly scheduled ones
    List<BackupSet> sets = List.of(started(9, "manual"), started(8, "manual"), started(7, "manual"), started(6, "scheduled"),
        started(5, "scheduled"), started(4, "unknown"), started(3, "scheduled"), started(2, "manual"), started(1, "scheduled"));
    RetentionProperties split = new RetentionProperties(true, 3, 3, null, 10, 2, 1);

    assertThat(RetentionPlanner.plan(sets, split, NOW)).containsExactly(
        new RetentionDecision(9, COMPLETE, false, "newest complete backup: always kept"),
        new RetentionDecision(8, COMPLETE, true, "beyond the newest 1 complete manual"),
        new RetentionDecision(7, COMPLETE, true, "beyond the newest 1 complete manual"),
        new RetentionDecision(6, COMPLETE, false, "one of the newest 2 complete scheduled"),
        new RetentionDecision(5, COMPLETE, false, "one of the newest 2 complete scheduled"),
        new RetentionDecision(4, COMPLETE, false,
            "complete, started how is unknown (no manifest says): never deleted when manual and scheduled backups are kept apart"),
        new RetentionDecision(3, COMPLETE, true, "beyond the newest 2 complete scheduled"),
        new RetentionDecision(2, COMPLETE, true, "beyond the newest 1 complete manual"),
        new RetentionDecision(1, COMPLETE, true, "beyond the newest 2 complete scheduled"));

    // Without the split (the default) the same sets are counted together: the three manual ones
    // would push out every scheduled backup.
    assertThat(RetentionPlanner.plan(sets, policy(3, 3, null), NOW)).filteredOn(d -> !d.delete())
        .extracting(RetentionDecision::backupId).containsExactly(9L, 8L, 7L);
    // A trigger without a count of its own is counted with keep-complete.
    RetentionProperties scheduledOnly = new RetentionProperties(true, 2, 3, null, 10, 1, null);
    assertThat(RetentionPlanner.plan(sets, scheduledOnly, NOW)).filteredOn(d -> !d.delete())
        .extracting(RetentionDecision::backupId).containsExactly(9L, 8L, 6L, 4L);
  }

  @Test
  void decidesForEverySetNewestFirstWhateverTheInputOrder() {
    List<BackupSet> sets = List.of(set(20, FAILED, 2), set(40, COMPLETE, 1), set(10, COMPLETE, 3), set(30, PARTIAL, 2));

    assertThat(RetentionPlanner.plan(sets, policy(3, 3, null), NOW))
        .extracting(RetentionDecision::backupId).containsExactly(40L, 30L, 20L, 10L);
    assertThat(RetentionPlanner.plan(List.of(), policy(3, 3, null), NOW)).isEmpty();
  }

  @Test
  void theNewestCompleteSetIsKeptEvenWhenEverySetIsOlderThanTheMaximumAge() {
    List<BackupSet> sets = List.of(set(1, COMPLETE, 30), set(2, COMPLETE, 20), set(3, FAILED, 15), set(4, PARTIAL, 10));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(1, 3, Duration.ofDays(1)), NOW);

    assertThat(decision(plan, 2)).isEqualTo(new RetentionDecision(2, COMPLETE, false, "newest complete backup: always kept"));
    assertThat(decision(plan, 1).delete()).isTrue();
    assertThat(decision(plan, 1).reason()).isEqualTo("beyond the newest 1 complete");
    // too old, but newer than every complete set: deleting them would leave no complete set newer
    assertThat(decision(plan, 3).delete()).isFalse();
    assertThat(decision(plan, 3).reason()).startsWith("older than the maximum age of 1 day").contains("15 days ago")
        .endsWith("but kept: only 0 complete sets are newer and keep-complete is 1");
    assertThat(decision(plan, 4).delete()).isFalse();
    assertThat(plan).filteredOn(RetentionDecision::delete).extracting(RetentionDecision::backupId).containsExactly(1L);
  }

  @Test
  void theNewestCompleteSetIsKeptEvenWhenThePolicyKeepsNoCompleteSets() {
    // keep-complete is validated >= 1, but the planner must not rely on that
    List<RetentionDecision> plan = RetentionPlanner.plan(
        List.of(set(1, COMPLETE, 2), set(2, COMPLETE, 1), set(3, FAILED, 0)), policy(0, 0, Duration.ofMinutes(1)), NOW);

    // 3 is newer than the only complete set: the guard counts at least that one
    assertThat(plan).extracting(RetentionDecision::delete).containsExactly(false, false, true);
    assertThat(decision(plan, 2).reason()).isEqualTo("newest complete backup: always kept");
  }

  @Test
  void theNewestCompleteSetIsTheNewestCompleteOneNotTheNewestSet() {
    List<BackupSet> sets = List.of(set(1, COMPLETE, 9), set(2, COMPLETE, 8), set(3, FAILED, 2), set(4, PARTIAL, 1));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(1, 0, null), NOW);

    String newerThanEveryComplete = "beyond the newest 0 failed or partial, but kept: only 0 complete sets are newer and keep-complete is 1";
    assertThat(plan).containsExactly(
        new RetentionDecision(4, PARTIAL, false, newerThanEveryComplete),
        new RetentionDecision(3, FAILED, false, newerThanEveryComplete),
        new RetentionDecision(2, COMPLETE, false, "newest complete backup: always kept"),
        new RetentionDecision(1, COMPLETE, true, "beyond the newest 1 complete"));
  }

  @Test
  void keepsTheNewestFailedOrPartialSetsAndDeletesOlderOnes() {
    List<BackupSet> sets = List.of(
        set(1, PARTIAL, 6), set(2, FAILED, 5), set(3, COMPLETE, 4), set(4, FAILED, 3), set(5, PARTIAL, 2));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(1, 2, null), NOW);

    assertThat(plan).containsExactly(
        new RetentionDecision(5, PARTIAL, false, "one of the newest 2 failed or partial"),
        new RetentionDecision(4, FAILED, false, "one of the newest 2 failed or partial"),
        new RetentionDecision(3, COMPLETE, false, "newest complete backup: always kept"),
        new RetentionDecision(2, FAILED, true, "beyond the newest 2 failed or partial"),
        new RetentionDecision(1, PARTIAL, true, "beyond the newest 2 failed or partial"));
  }

  @Test
  void deletesSetsOlderThanTheMaximumAgeThatTheCountsWouldKeep() {
    List<BackupSet> sets = List.of(
        set(1, COMPLETE, 10), set(2, FAILED, 9), set(3, COMPLETE, 8), set(4, COMPLETE, 3), set(5, FAILED, 2), set(6, COMPLETE, 1));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(2, 5, Duration.ofDays(7)), NOW);

    assertThat(plan).filteredOn(RetentionDecision::delete).extracting(RetentionDecision::backupId).containsExactly(3L, 2L, 1L);
    assertThat(decision(plan, 2).reason())
        .isEqualTo("older than the maximum age of 7 days (taken 2025-06-21T12:00:00Z, 9 days ago)");
    assertThat(decision(plan, 4).reason()).isEqualTo("one of the newest 2 complete");
    assertThat(decision(plan, 5).reason()).isEqualTo("one of the newest 5 failed or partial");
  }

  @Test
  void theMaximumAgeNeverLeavesFewerThanKeepCompleteCompleteSets() {
    List<BackupSet> sets = List.of(
        set(1, COMPLETE, 10), set(2, FAILED, 9), set(3, COMPLETE, 8), set(4, COMPLETE, 3), set(5, FAILED, 2), set(6, COMPLETE, 1));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(5, 5, Duration.ofDays(7)), NOW);

    assertThat(plan).noneMatch(RetentionDecision::delete);
    assertThat(decision(plan, 3).reason())
        .isEqualTo("one of the newest 5 complete: kept although older than the maximum age of 7 days (taken 2025-06-22T12:00:00Z, 8 days ago)");
    assertThat(decision(plan, 2).reason()).endsWith("but kept: only 3 complete sets are newer and keep-complete is 5");
  }

  @Test
  void aSetWhoseTimeIsUnknownIsNeverDeletedForItsAge() {
    List<BackupSet> sets = List.of(set(1, COMPLETE, null), set(2, FAILED, null), set(3, COMPLETE, 0));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(3, 3, Duration.ofSeconds(1)), NOW);

    assertThat(plan).noneMatch(RetentionDecision::delete);
    assertThat(decision(plan, 1).reason()).isEqualTo("one of the newest 3 complete");
    assertThat(decision(plan, 2).reason()).isEqualTo("one of the newest 3 failed or partial");
  }

  @Test
  void setsInProgressAreNeverTouchedAndDoNotCount() {
    List<BackupSet> sets = List.of(
        set(1, IN_PROGRESS, 100), set(2, COMPLETE, 50), set(3, FAILED, 40), set(4, IN_PROGRESS, 30), set(5, COMPLETE, 0));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(1, 1, Duration.ofDays(1)), NOW);

    assertThat(plan).filteredOn(d -> d.state() == IN_PROGRESS)
        .allSatisfy(d -> assertThat(d).extracting(RetentionDecision::delete, RetentionDecision::reason).containsExactly(false, "in progress"));
    // the in-progress sets take no "newest" slot: 3 is still the newest failed one, but too old
    assertThat(decision(plan, 3).reason()).startsWith("older than the maximum age of 1 day");
    assertThat(decision(plan, 3).delete()).isTrue();
    assertThat(decision(plan, 2).reason()).isEqualTo("beyond the newest 1 complete");
    assertThat(decision(plan, 5).delete()).isFalse();
  }

  @Test
  void nothingIsDeletedWhenRetentionIsDisabled() {
    List<BackupSet> sets = new ArrayList<>();
    for (int id = 1; id <= 6; id++) {
      sets.add(set(id, id % 3 == 0 ? IN_PROGRESS : id % 2 == 0 ? COMPLETE : FAILED, 100 - id));
    }

    List<RetentionDecision> plan =
        RetentionPlanner.plan(sets, new RetentionProperties(false, 1, 0, Duration.ofDays(1)), NOW);

    assertThat(plan).hasSize(6).noneMatch(RetentionDecision::delete);
    assertThat(plan).filteredOn(d -> d.state() != IN_PROGRESS).extracting(RetentionDecision::reason).containsOnly("retention disabled");
    assertThat(plan).filteredOn(d -> d.state() == IN_PROGRESS).extracting(RetentionDecision::reason).containsOnly("in progress");
  }

  @ParameterizedTest(name = "keep {0} complete, {1} failed, max age {2}: delete {3}")
  @CsvSource(nullValues = "null", delimiter = '|', textBlock = """
      3 | 3 | null  | ''
      2 | 3 | null  | 1
      1 | 3 | null  | 1 3
      1 | 0 | null  | 1 2 3 4
      3 | 1 | null  | ''
      2 | 1 | null  | 1 2
      9 | 9 | P4D   | ''
      9 | 9 | PT1H  | ''
      3 | 9 | PT1H  | ''
      1 | 9 | PT1H  | 1 2 3 4
      1 | 1 | P365D | 1 2 3
      2 | 2 | P4D   | 1 2
      """)
  void policies(int keepComplete, int keepFailed, Duration maxAge, String deleted) {
    // newest first: 5 COMPLETE (0 days), 4 PARTIAL (2), 3 COMPLETE (3), 2 FAILED (5), 1 COMPLETE (9)
    List<BackupSet> sets = List.of(
        set(1, COMPLETE, 9), set(2, FAILED, 5), set(3, COMPLETE, 3), set(4, PARTIAL, 2), set(5, COMPLETE, 0));

    List<Long> expected = deleted.isBlank() ? List.of() : java.util.Arrays.stream(deleted.split(" ")).map(Long::valueOf).toList();
    assertThat(RetentionPlanner.plan(sets, policy(keepComplete, keepFailed, maxAge), NOW))
        .filteredOn(RetentionDecision::delete)
        .extracting(RetentionDecision::backupId)
        .containsExactlyInAnyOrderElementsOf(expected)
        .doesNotContain(5L);
  }

  // --- the guards of issue 9: never delete on a partial view ---------------------------------

  @Test
  void aCatalogWithAnUnreadableListingDeletesNothingAtAllAndSaysWhy() {
    List<BackupSet> sets = new ArrayList<>();
    for (int id = 1; id <= 5; id++) {
      sets.add(set(id, id == 5 ? COMPLETE : FAILED, 10 - id));
    }
    CatalogRead read = new CatalogRead("prod", sets, Map.of("zeebeRecords", "repository 'camunda' is not registered"));

    RetentionPlan plan = RetentionPlanner.plan(read, policy(1, 0, Duration.ofSeconds(1)), NOW);

    assertThat(plan.refused()).isTrue();
    assertThat(plan.deletions()).isEmpty();
    assertThat(plan.kept()).hasSize(5);
    assertThat(plan.refusal()).startsWith("Retention refused, nothing was deleted")
        .contains("cluster 'prod'", "zeebeRecords listing is UNAVAILABLE (repository 'camunda' is not registered)");
    assertThat(plan.unavailable()).containsOnlyKeys("zeebeRecords");
  }

  @Test
  void aCompleteCatalogIsNotRefused() {
    RetentionPlan plan = RetentionPlanner.plan(
        new CatalogRead("prod", List.of(set(1, COMPLETE, 2), set(2, COMPLETE, 1)), Map.of()), policy(1, 0, null), NOW);

    assertThat(plan.refused()).isFalse();
    assertThat(plan.deletions()).extracting(RetentionDecision::backupId).containsExactly(1L);
  }

  @Test
  void setsThatAllLookPartialAreNeverDeletedWhateverKeepFailedSays() {
    // five complete backups seen through a broken listing: every one PARTIAL, none COMPLETE
    List<BackupSet> sets = new ArrayList<>();
    for (int id = 1; id <= 5; id++) {
      sets.add(partialWithZeebeCompleted(id, 10 - id));
    }

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(5, 1, Duration.ofDays(1)), NOW);

    assertThat(plan).noneMatch(RetentionDecision::delete);
    assertThat(decision(plan, 1).reason())
        .isEqualTo("beyond the newest 1 failed or partial, but kept: only 0 complete sets are newer and keep-complete is 5"
            + " (its Zeebe part is COMPLETED)");
  }

  @Test
  void aSetIsDeletedOnlyWhileKeepCompleteNewerCompleteSetsRemain() {
    // newest first: 6 C, 5 P, 4 C, 3 P, 2 C, 1 P
    List<BackupSet> sets = List.of(
        partialWithZeebeCompleted(1, 6), set(2, COMPLETE, 5), partialWithZeebeCompleted(3, 4), set(4, COMPLETE, 3),
        partialWithZeebeCompleted(5, 2), set(6, COMPLETE, 1));

    List<RetentionDecision> plan = RetentionPlanner.plan(sets, policy(2, 0, null), NOW);

    // 5 has only one complete set newer (6); 3 has two (6, 4); 2 is beyond the newest 2 complete
    assertThat(plan).filteredOn(RetentionDecision::delete).extracting(RetentionDecision::backupId).containsExactly(3L, 2L, 1L);
    assertThat(decision(plan, 5).delete()).isFalse();
    assertThat(decision(plan, 5).reason()).contains("only 1 complete set is newer", "(its Zeebe part is COMPLETED)");
    for (RetentionDecision deleted : plan.stream().filter(RetentionDecision::delete).toList()) {
      long newerCompleteKept = plan.stream()
          .filter(d -> d.backupId() > deleted.backupId() && d.state() == COMPLETE && !d.delete()).count();
      assertThat(newerCompleteKept).as("complete sets newer than deleted %d", deleted.backupId()).isGreaterThanOrEqualTo(2);
    }
  }

  @Test
  void atMostMaxDeletionsPerRunAreDeletedTheOldestFirstAndTheRestDeferred() {
    List<BackupSet> sets = new ArrayList<>();
    for (int id = 1; id <= 15; id++) {
      sets.add(set(id, COMPLETE, 20 - id));
    }
    CatalogRead read = new CatalogRead("prod", sets, Map.of());

    RetentionPlan plan = RetentionPlanner.plan(read, policy(1, 0, null), NOW);

    // default cap 10: 14 are due, the oldest 10 go now, the newer 4 next run
    assertThat(policy(1, 0, null).maxDeletionsPerRun()).isEqualTo(10);
    assertThat(plan.deletions()).extracting(RetentionDecision::backupId).containsExactly(10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
    assertThat(plan.deferred()).isEqualTo(4);
    assertThat(decision(plan.decisions(), 14).reason())
        .isEqualTo("deferred to the next run: at most 10 deletions per run (retention.max-deletions-per-run) (beyond the newest 1 complete)");
    assertThat(decision(plan.decisions(), 15).reason()).isEqualTo("newest complete backup: always kept");

    RetentionPlan capped = RetentionPlanner.plan(read, new RetentionProperties(true, 1, 0, null, 3), NOW);
    assertThat(capped.deletions()).extracting(RetentionDecision::backupId).containsExactly(3L, 2L, 1L);
    assertThat(capped.deferred()).isEqualTo(11);
  }

  @Test
  void setsOfUnknownStateAreNeverDeleted() {
    List<RetentionDecision> plan = RetentionPlanner.plan(
        List.of(set(1, SetState.UNKNOWN, 9), set(2, COMPLETE, 2), set(3, COMPLETE, 1)), policy(1, 0, Duration.ofDays(1)), NOW);

    assertThat(decision(plan, 1)).isEqualTo(
        new RetentionDecision(1, SetState.UNKNOWN, false, "state unknown: a component listing could not be read"));
    assertThat(decision(plan, 2).delete()).isTrue();
  }

  /** A set whose Zeebe part is COMPLETED but that is not complete (e.g. its records snapshot is missing). */
  private static BackupSet partialWithZeebeCompleted(long id, int ageDays) {
    return new BackupSet(id, NOW.minus(Duration.ofDays(ageDays)), "8.8.0", 3, PARTIAL,
        Map.of(BackupSet.ZEEBE, new ComponentStatus("COMPLETED", null, List.of()), BackupSet.ZEEBE_RECORDS, ComponentStatus.missing()),
        Map.of(BackupSet.ZEEBE_RECORDS, "missing"));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      PT0S      | 0 seconds
      PT45S     | 45 seconds
      PT1M      | 1 minute
      PT90M     | 1 hour 30 minutes
      PT24H     | 1 day
      P2DT4H    | 2 days 4 hours
      P30D      | 30 days
      """)
  void durationsReadLikeAnOperatorWouldWriteThem(Duration duration, String text) {
    assertThat(RetentionPlanner.human(duration)).isEqualTo(text);
  }
}
