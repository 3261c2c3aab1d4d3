package io.camunda.community.backup.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.SnapshotClient.SnapshotSummary;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

class BackupSetClassifierTest {

  private static final long ID = 1_748_937_221L; // 2025-06-03T07:53:41Z
  private static final String VERSION = "8.8.0";

  // --- builders of what the components report -------------------------------------------------

  static ZeebeBackupInfo zeebeInfo(String state, String failureReason) {
    List<ZeebeBackupInfo.Partition> partitions = new ArrayList<>();
    for (int p = 1; p <= 3; p++) {
      partitions.add(new ZeebeBackupInfo.Partition(p, state, null, "2025-06-03T08:06:06.246997293Z", null, null, null, null, VERSION));
    }
    return new ZeebeBackupInfo(ID, state, failureReason, partitions);
  }

  static ComponentBackupInfo webappsInfo(String state, String failureReason) {
    List<ComponentBackupInfo.Snapshot> parts = new ArrayList<>();
    for (int n = 1; n <= 5; n++) {
      parts.add(new ComponentBackupInfo.Snapshot(
          "camunda_webapps_%d_%s_part_%d_of_5".formatted(ID, VERSION, n), "SUCCESS", "2025-06-03T07:55:15.685+0000", List.of()));
    }
    return new ComponentBackupInfo(ID, state, failureReason, parts);
  }

  static ComponentBackupInfo optimizeInfo(String state, String failureReason) {
    return new ComponentBackupInfo(ID, state, failureReason, List.of(
        new ComponentBackupInfo.Snapshot("camunda_optimize_%d_%s_part_1_of_2".formatted(ID, VERSION), "SUCCESS", "2025-06-03T07:53:54.389+0000", List.of()),
        new ComponentBackupInfo.Snapshot("camunda_optimize_%d_%s_part_2_of_2".formatted(ID, VERSION), "SUCCESS", "2025-06-03T07:53:54.389+0000", List.of())));
  }

  static SnapshotSummary recordsInfo(String state) {
    return new SnapshotSummary("camunda_zeebe_records_backup_" + ID, state);
  }

  /** The raw states of the four components; null means the component has no backup with the ID. */
  record Mix(String zeebe, String webapps, String optimize, String records) {
    static Mix complete() {
      return new Mix("COMPLETED", "COMPLETED", "COMPLETED", "SUCCESS");
    }

    Mix with(String component, String state) {
      return switch (component) {
        case "zeebe" -> new Mix(state, webapps, optimize, records);
        case "webapps" -> new Mix(zeebe, state, optimize, records);
        case "optimize" -> new Mix(zeebe, webapps, state, records);
        case "zeebeRecords" -> new Mix(zeebe, webapps, optimize, state);
        default -> throw new IllegalArgumentException(component);
      };
    }

    String stateOf(String component) {
      return switch (component) {
        case "zeebe" -> zeebe;
        case "webapps" -> webapps;
        case "optimize" -> optimize;
        case "zeebeRecords" -> records;
        default -> throw new IllegalArgumentException(component);
      };
    }

    BackupSet assemble(boolean optimizeEnabled) {
      String reason = "boom";
      return BackupSetClassifier.assemble(ID,
          zeebe == null ? null : zeebeInfo(zeebe, "FAILED".equals(zeebe) ? reason : null),
          webapps == null ? null : webappsInfo(webapps, "FAILED".equals(webapps) ? reason : null),
          optimizeEnabled,
          optimize == null ? null : optimizeInfo(optimize, "FAILED".equals(optimize) ? reason : null),
          records == null ? null : recordsInfo(records));
    }
  }

  // --- state ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "Optimize enabled: {0}")
  @ValueSource(booleans = {true, false})
  void everyComponentCompleteMakesACompleteSet(boolean optimizeEnabled) {
    BackupSet set = Mix.complete().assemble(optimizeEnabled);

    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    assertThat(set.reasons()).isEmpty();
    assertThat(set.components().keySet()).containsExactlyElementsOf(optimizeEnabled
        ? List.of("zeebe", "webapps", "optimize", "zeebeRecords")
        : List.of("zeebe", "webapps", "zeebeRecords"));
  }

  @ParameterizedTest(name = "{0} {1} -> FAILED ({2})")
  @CsvSource(delimiter = '|', textBlock = """
      zeebe        | FAILED       | FAILED: boom
      zeebe        | INCOMPATIBLE | INCOMPATIBLE
      zeebe        | DELETED      | DELETED
      webapps      | FAILED       | FAILED: boom
      webapps      | INCOMPATIBLE | INCOMPATIBLE
      optimize     | FAILED       | FAILED: boom
      optimize     | INCOMPATIBLE | INCOMPATIBLE
      zeebeRecords | FAILED       | FAILED
      zeebeRecords | PARTIAL      | PARTIAL
      zeebeRecords | INCOMPATIBLE | INCOMPATIBLE
      """)
  void anyFailedComponentFailsTheSet(String component, String state, String reason) {
    BackupSet set = Mix.complete().with(component, state).assemble(true);

    assertThat(set.state()).isEqualTo(SetState.FAILED);
    assertThat(set.reasons()).containsExactly(Map.entry(component, reason));
    assertThat(set.components().get(component).state()).isEqualTo(state);
  }

  @ParameterizedTest(name = "{0} missing -> PARTIAL")
  @ValueSource(strings = {"zeebe", "webapps", "optimize", "zeebeRecords"})
  void anyMissingComponentMakesThePartialSet(String component) {
    BackupSet set = Mix.complete().with(component, null).assemble(true);

    assertThat(set.state()).isEqualTo(SetState.PARTIAL);
    assertThat(set.reasons()).containsExactly(Map.entry(component, "missing"));
    assertThat(set.components().get(component)).isEqualTo(ComponentStatus.missing());
  }

  @ParameterizedTest(name = "{0} {1} -> PARTIAL")
  @CsvSource(delimiter = '|', textBlock = """
      zeebe    | INCOMPLETE
      zeebe    | DOES_NOT_EXIST
      webapps  | INCOMPLETE
      optimize | INCOMPLETE
      zeebe    | SOMETHING_NEW
      """)
  void incompleteOrUnknownStatesMakeThePartialSet(String component, String state) {
    BackupSet set = Mix.complete().with(component, state).assemble(true);

    assertThat(set.state()).isEqualTo(SetState.PARTIAL);
    assertThat(set.reasons()).containsExactly(Map.entry(component, state));
  }

  @ParameterizedTest(name = "{0} {1} -> IN_PROGRESS")
  @CsvSource(delimiter = '|', textBlock = """
      zeebe        | IN_PROGRESS
      webapps      | IN_PROGRESS
      optimize     | IN_PROGRESS
      zeebeRecords | IN_PROGRESS
      zeebeRecords | STARTED
      """)
  void anyRunningComponentMakesTheSetInProgress(String component, String state) {
    BackupSet set = Mix.complete().with(component, state).assemble(true);

    assertThat(set.state()).isEqualTo(SetState.IN_PROGRESS);
    assertThat(set.reasons()).containsExactly(Map.entry(component, state));
  }

  static Stream<Arguments> precedence() {
    return Stream.of(
        Arguments.of(new Mix("IN_PROGRESS", "FAILED", "COMPLETED", "SUCCESS"), SetState.FAILED),
        Arguments.of(new Mix("FAILED", "IN_PROGRESS", "IN_PROGRESS", "IN_PROGRESS"), SetState.FAILED),
        Arguments.of(new Mix("IN_PROGRESS", null, null, null), SetState.IN_PROGRESS),
        Arguments.of(new Mix(null, "COMPLETED", "INCOMPLETE", "STARTED"), SetState.IN_PROGRESS),
        Arguments.of(new Mix(null, "FAILED", null, null), SetState.FAILED),
        Arguments.of(new Mix("COMPLETED", "COMPLETED", "COMPLETED", null), SetState.PARTIAL),
        Arguments.of(new Mix(null, null, null, "PARTIAL"), SetState.FAILED));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("precedence")
  void failedWinsOverInProgressWhichWinsOverPartial(Mix mix, SetState expected) {
    assertThat(mix.assemble(true).state()).isEqualTo(expected);
  }

  @Test
  void withOptimizeDisabledItsPartIsIgnoredEvenWhenItFailed() {
    BackupSet set = Mix.complete().with("optimize", "FAILED").assemble(false);

    assertThat(set.state()).isEqualTo(SetState.COMPLETE);
    assertThat(set.components()).doesNotContainKey("optimize");
  }

  @ParameterizedTest(name = "only {0}")
  @ValueSource(strings = {"zeebe", "webapps", "optimize", "zeebeRecords"})
  void anOrphanInOneComponentIsAPartialSetNamingTheOthersMissing(String present) {
    Mix only = new Mix(null, null, null, null).with(present, Mix.complete().stateOf(present));
    BackupSet set = only.assemble(true);

    assertThat(set.state()).isEqualTo(SetState.PARTIAL);
    assertThat(set.reasons()).hasSize(3).doesNotContainKey(present).containsValues("missing");
    assertThat(set.component(present).present()).isTrue();
  }

  @Test
  void emptyComponentsArePartial() {
    assertThat(BackupSetClassifier.classify(Map.of())).isEqualTo(SetState.PARTIAL);
  }

  // --- time, version, partitions -------------------------------------------------------------------

  @Test
  void timeIsTheEarliestTimestampAnyComponentReports() {
    BackupSet set = Mix.complete().assemble(true);

    // Optimize's snapshot started first (07:53:54.389 UTC), before the web apps and Zeebe
    assertThat(set.time()).isEqualTo(Instant.parse("2025-06-03T07:53:54.389Z"));
    assertThat(Mix.complete().assemble(false).time()).isEqualTo(Instant.parse("2025-06-03T07:55:15.685Z"));
  }

  @Test
  void snapshotStartTimesWithAnOffsetAreConvertedToUtc() {
    ComponentBackupInfo webapps = new ComponentBackupInfo(ID, "COMPLETED", null, List.of(
        new ComponentBackupInfo.Snapshot("camunda_webapps_1_8.8.0_part_1_of_1", "SUCCESS", "2025-06-03T09:55:15.685+0200", null)));

    assertThat(BackupSetClassifier.time(ID, null, webapps, null)).isEqualTo(Instant.parse("2025-06-03T07:55:15.685Z"));
  }

  @ParameterizedTest(name = "ID {0} -> {1}")
  @CsvSource(nullValues = "null", textBlock = """
      1748937221, 2025-06-03T07:53:41Z
      1420070400, 2015-01-01T00:00:00Z
      1000, null
      9100000001, null
      1748937221000, null
      """)
  void withoutTimestampsTheIdCountsAsUnixSecondsWhenThatIsAPlausibleDate(long id, String expected) {
    SnapshotSummary records = new SnapshotSummary("camunda_zeebe_records_backup_" + id, "SUCCESS");
    BackupSet set = BackupSetClassifier.assemble(id, null, null, true, null, records);

    assertThat(set.time()).isEqualTo(expected == null ? null : Instant.parse(expected));
  }

  @Test
  void unreadableTimestampsAreIgnored() {
    ZeebeBackupInfo zeebe = new ZeebeBackupInfo(42, "COMPLETED", null, List.of(
        new ZeebeBackupInfo.Partition(1, "COMPLETED", null, "yesterday", null, null, null, null, null)));

    assertThat(BackupSetClassifier.time(42, zeebe, null, null)).isNull();
  }

  @Test
  void versionComesFromTheWebAppNamesThenOptimizeNamesThenZeebe() {
    ZeebeBackupInfo zeebe = zeebeInfo("COMPLETED", null);
    ComponentBackupInfo optimize = new ComponentBackupInfo(ID, "COMPLETED", null, List.of(
        new ComponentBackupInfo.Snapshot("camunda_optimize_%d_8.8.2_part_1_of_2".formatted(ID), "SUCCESS", null, null)));
    ComponentBackupInfo webapps = new ComponentBackupInfo(ID, "COMPLETED", null, List.of(
        new ComponentBackupInfo.Snapshot("camunda_webapps_%d_8.8.3_part_1_of_6".formatted(ID), "SUCCESS", null, null)));

    assertThat(BackupSetClassifier.camundaVersion(zeebe, webapps, optimize)).isEqualTo("8.8.3");
    assertThat(BackupSetClassifier.camundaVersion(zeebe, null, optimize)).isEqualTo("8.8.2");
    assertThat(BackupSetClassifier.camundaVersion(zeebe, null, null)).isEqualTo(VERSION);
    assertThat(BackupSetClassifier.camundaVersion(null, null, null)).isNull();
  }

  @Test
  void partitionCountIsTheNumberOfZeebePartitionsAndNullWithoutZeebe() {
    assertThat(Mix.complete().assemble(true).partitionCount()).isEqualTo(3);
    assertThat(Mix.complete().with("zeebe", null).assemble(true).partitionCount()).isNull();
  }

  // --- JSON ---------------------------------------------------------------------------------------

  @Nested
  class Json {

    private final BackupSet failed = Mix.complete().with("webapps", "FAILED").assemble(true);
    /** Only a records snapshot, with an ID that is no plausible date: no time, version or partitions. */
    private final BackupSet orphan = BackupSetClassifier.assemble(
        9_100_000_001L, null, null, false, null, new SnapshotSummary("camunda_zeebe_records_backup_9100000001", "SUCCESS"));

    @Test
    void readsWellWithSpringsMapper() throws Exception {
      assertShape(Jackson2ObjectMapperBuilder.json().build());
    }

    @Test
    void readsTheSameWithAPlainMapperThatKnowsNoJavaTime() throws Exception {
      assertShape(new ObjectMapper());
    }

    private void assertShape(ObjectMapper mapper) throws Exception {
      JsonNode json = mapper.valueToTree(failed);
      assertThat(json.path("time").asText()).isEqualTo("2025-06-03T07:53:54.389Z");
      assertThat(json.path("state").asText()).isEqualTo("FAILED");
      assertThat(iterable(json.fieldNames()))
          .containsExactly("backupId", "time", "camundaVersion", "partitionCount", "state", "components", "reasons");
      assertThat(iterable(json.path("components").fieldNames())).containsExactly("zeebe", "webapps", "optimize", "zeebeRecords");
      JsonNode zeebe = json.path("components").path("zeebe");
      assertThat(iterable(zeebe.fieldNames())).containsExactly("state", "snapshots");
      assertThat(zeebe.path("snapshots").isArray()).isTrue();
      assertThat(json.path("components").path("webapps").path("failureReason").asText()).isEqualTo("boom");
      assertThat(json.path("reasons").path("webapps").asText()).isEqualTo("FAILED: boom");
      assertThat(mapper.treeToValue(json, BackupSet.class)).isEqualTo(failed);

      JsonNode orphanJson = mapper.valueToTree(orphan);
      assertThat(orphanJson.path("time").isNull()).isTrue();
      assertThat(orphanJson.path("partitionCount").isNull()).isTrue();
      assertThat(orphanJson.path("reasons").path("zeebe").asText()).isEqualTo("missing");
      assertThat(orphanJson.path("components").path("zeebe").path("snapshots").isEmpty()).isTrue();
      assertThat(mapper.treeToValue(orphanJson, BackupSet.class)).isEqualTo(orphan);
      assertThat(mapper.readValue(mapper.writeValueAsString(List.of(failed, orphan)), BackupSet[].class))
          .containsExactly(failed, orphan);
    }

    private static List<String> iterable(java.util.Iterator<String> names) {
      List<String> list = new ArrayList<>();
      names.forEachRemaining(list::add);
      return list;
    }
  }

  @Test
  void nullCollectionsBecomeEmpty() {
    BackupSet set = new BackupSet(1, null, null, null, SetState.PARTIAL, null, null);
    assertThat(set.components()).isEmpty();
    assertThat(set.reasons()).isEmpty();
    assertThat(new ComponentStatus(null, " ", null)).isEqualTo(ComponentStatus.missing());
    Map<String, ComponentStatus> order = new LinkedHashMap<>();
    order.put("b", ComponentStatus.missing());
    order.put("a", ComponentStatus.missing());
    assertThat(new BackupSet(1, null, null, null, SetState.PARTIAL, order, null).components().keySet()).containsExactly("b", "a");
  }
}
