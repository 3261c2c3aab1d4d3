package io.camunda.community.backup.catalog;

import static io.camunda.community.backup.catalog.BackupSet.DATABASE;
import static io.camunda.community.backup.catalog.BackupSet.OPTIMIZE;
import static io.camunda.community.backup.catalog.BackupSet.WEBAPPS;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE;
import static io.camunda.community.backup.catalog.BackupSet.ZEEBE_RECORDS;

import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.SnapshotClient.SnapshotSummary;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.database.StoredDump;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Pure rules (no I/O) that turn what the components report for one backup ID into a {@link
 * BackupSet}.
 *
 * <p>A set is {@link SetState#COMPLETE} when every enabled component is complete (Zeebe, web apps
 * and Optimize {@code COMPLETED}, records snapshot {@code SUCCESS}); {@link SetState#FAILED} when
 * any component failed ({@code FAILED}, {@code INCOMPATIBLE}, Zeebe {@code DELETED}; a snapshot
 * {@code FAILED}, {@code PARTIAL}, {@code INCOMPATIBLE} or {@code ABORTED}); otherwise {@link
 * SetState#IN_PROGRESS} when any component is still running ({@code IN_PROGRESS}; records also
 * {@code STARTED}/{@code INIT}); otherwise {@link SetState#PARTIAL} (something {@code MISSING},
 * {@code INCOMPLETE}, {@code DOES_NOT_EXIST} or in a state these rules do not know). FAILED wins
 * over IN_PROGRESS: a set with a failed part can never become restorable. A component whose
 * listing could not be read ({@link ComponentStatus#UNAVAILABLE}) makes a set that did not fail
 * {@link SetState#UNKNOWN}: never COMPLETE, and never PARTIAL, which would invite its deletion.
 */
public final class BackupSetClassifier {

  /** How one component's state counts for the set. */
  public enum Outcome {
    COMPLETE,
    FAILED,
    IN_PROGRESS,
    MISSING,
    INCOMPLETE,
    /** The component's listing could not be read. */
    UNKNOWN
  }

  private static final Set<String> COMPONENT_FAILED = Set.of("FAILED", "INCOMPATIBLE", "DELETED");
  private static final Set<String> SNAPSHOT_FAILED = Set.of("FAILED", "PARTIAL", "INCOMPATIBLE", "ABORTED");
  private static final Set<String> SNAPSHOT_RUNNING = Set.of("IN_PROGRESS", "STARTED", "INIT");

  private static final Pattern WEBAPPS_SNAPSHOT =
      Pattern.compile("camunda_(webapps|operate|tasklist)_(?<id>\\d+)_(?<version>[^_]+)_part_\\d+_of_\\d+");
  private static final Pattern OPTIMIZE_SNAPSHOT =
      Pattern.compile("camunda_optimize_(?<id>\\d+)_(?<version>.+)_part_\\d+_of_\\d+");
  /** The web apps' and Optimize's {@code startTime}: offset without colon ({@code +0000}). */
  private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

  private static final Instant PLAUSIBLE_FROM = Instant.parse("2015-01-01T00:00:00Z");
  private static final Instant PLAUSIBLE_UNTIL = Instant.parse("2100-01-01T00:00:00Z");

  private BackupSetClassifier() {}

  /**
   * Joins the parts of one backup ID. Any part may be null (that component has no backup with this
   * ID); {@code optimize} is ignored unless {@code optimizeEnabled}.
   */
  public static BackupSet assemble(
      long backupId,
      ZeebeBackupInfo zeebe,
      ComponentBackupInfo webapps,
      boolean optimizeEnabled,
      ComponentBackupInfo optimize,
      SnapshotSummary records) {
    Map<String, ComponentStatus> components = new LinkedHashMap<>();
    components.put(ZEEBE, zeebe(zeebe));
    components.put(WEBAPPS, component(webapps));
    if (optimizeEnabled) {
      components.put(OPTIMIZE, component(optimize));
    }
    components.put(ZEEBE_RECORDS, records(records));
    ComponentBackupInfo optimizePart = optimizeEnabled ? optimize : null;
    return new BackupSet(
        backupId,
        time(backupId, zeebe, webapps, optimizePart),
        camundaVersion(zeebe, webapps, optimizePart),
        zeebe == null ? null : zeebe.details().size(),
        classify(components),
        components,
        reasons(components));
  }

  /**
   * Joins the two halves of a backup ID on a cluster with RDBMS secondary storage: the Zeebe
   * backup and the database dump (either may be null). The dump counts as complete when its file
   * exists and matches its recorded size and checksum record ({@link StoredDump#state()}).
   */
  public static BackupSet assembleRdbms(long backupId, ZeebeBackupInfo zeebe, StoredDump dump) {
    Map<String, ComponentStatus> components = new LinkedHashMap<>();
    components.put(ZEEBE, zeebe(zeebe));
    components.put(DATABASE, dump == null
        ? ComponentStatus.missing()
        : new ComponentStatus(dump.state(), dump.problem(), List.of(dump.file())));
    Instant time = time(backupId, zeebe, null, null);
    if (zeebe == null && dump != null && dump.record() != null) {
      time = parseTime(dump.record().createdAt()).orElse(time);
    }
    return new BackupSet(
        backupId,
        time,
        camundaVersion(zeebe, null, null),
        zeebe == null ? null : zeebe.details().size(),
        classify(components),
        components,
        reasons(components));
  }

  /**
   * The set as it reads when the listings of {@code unavailable} (component to reason) could not
   * be read: those components are {@link ComponentStatus#UNAVAILABLE} (they had nothing to say
   * about the set, which is not the same as having nothing), state and reasons classified again.
   */
  public static BackupSet withUnavailable(BackupSet set, Map<String, String> unavailable) {
    if (unavailable.isEmpty()) {
      return set;
    }
    Map<String, ComponentStatus> components = new LinkedHashMap<>(set.components());
    unavailable.forEach((name, reason) -> {
      if (components.containsKey(name)) {
        components.put(name, ComponentStatus.unavailable(reason));
      }
    });
    return new BackupSet(set.backupId(), set.time(), set.camundaVersion(), set.partitionCount(),
        classify(components), components, reasons(components));
  }

  /**
   * The set with its additional databases' dumps: each dump that exists for the ID is a part with
   * its state (a dump that did not finish, or was changed, keeps the set from COMPLETE); a database
   * without a dump of this ID adds nothing (the set was taken before it was configured). A part
   * whose listing could not be read is UNAVAILABLE in every set: nobody knows.
   *
   * @param dumps per part name, its dump of this ID (absent: none)
   * @param unavailable per part name whose dumps could not be listed, the reason
   */
  public static BackupSet withAdditionalDumps(BackupSet set, Map<String, StoredDump> dumps, Map<String, String> unavailable) {
    if (dumps.isEmpty() && unavailable.isEmpty()) {
      return set;
    }
    Map<String, ComponentStatus> components = new LinkedHashMap<>(set.components());
    dumps.forEach((part, dump) -> components.put(BackupSet.additionalDatabase(part),
        new ComponentStatus(dump.state(), dump.problem(), List.of(dump.file()))));
    unavailable.forEach((part, reason) -> components.put(BackupSet.additionalDatabase(part), ComponentStatus.unavailable(reason)));
    return new BackupSet(set.backupId(), set.time(), set.camundaVersion(), set.partitionCount(), classify(components), components,
        reasons(components), set.manifest(), set.trigger());
  }

  public static ComponentStatus zeebe(ZeebeBackupInfo info) {
    return info == null ? ComponentStatus.missing() : new ComponentStatus(info.state(), info.failureReason(), List.of());
  }

  /** A web-apps or Optimize part. */
  public static ComponentStatus component(ComponentBackupInfo info) {
    return info == null ? ComponentStatus.missing() : new ComponentStatus(info.state(), info.failureReason(), info.snapshotNames());
  }

  public static ComponentStatus records(SnapshotSummary snapshot) {
    return snapshot == null ? ComponentStatus.missing() : new ComponentStatus(snapshot.state(), null, List.of(snapshot.name()));
  }

  /** The set's state from its components; each component present in the map counts as enabled. */
  public static SetState classify(Map<String, ComponentStatus> components) {
    List<Outcome> outcomes = components.entrySet().stream().map(e -> outcome(e.getKey(), e.getValue().state())).toList();
    if (outcomes.isEmpty()) {
      return SetState.PARTIAL;
    }
    if (outcomes.stream().allMatch(o -> o == Outcome.COMPLETE)) {
      return SetState.COMPLETE;
    }
    if (outcomes.contains(Outcome.FAILED)) {
      return SetState.FAILED;
    }
    if (outcomes.contains(Outcome.UNKNOWN)) {
      return SetState.UNKNOWN;
    }
    if (outcomes.contains(Outcome.IN_PROGRESS)) {
      return SetState.IN_PROGRESS;
    }
    return SetState.PARTIAL;
  }

  /** For each component that is not complete, a short reason, in component order. */
  public static Map<String, String> reasons(Map<String, ComponentStatus> components) {
    Map<String, String> reasons = new LinkedHashMap<>();
    components.forEach((name, status) -> {
      Outcome outcome = outcome(name, status.state());
      switch (outcome) {
        case COMPLETE -> {}
        case MISSING -> reasons.put(name, "missing");
        case UNKNOWN -> reasons.put(name, status.failureReason() == null
            ? "listing unavailable" : "listing unavailable: " + status.failureReason());
        case IN_PROGRESS -> reasons.put(name, status.state());
        case FAILED, INCOMPLETE -> reasons.put(name,
            status.failureReason() == null ? status.state() : status.state() + ": " + status.failureReason());
      }
    });
    return reasons;
  }

  /** How the raw state of a component (by its key in {@link BackupSet#components()}) counts. */
  public static Outcome outcome(String component, String state) {
    if (state == null || ComponentStatus.MISSING.equals(state)) {
      return Outcome.MISSING;
    }
    if (ComponentStatus.UNAVAILABLE.equals(state)) {
      return Outcome.UNKNOWN;
    }
    if (ZEEBE_RECORDS.equals(component)) {
      if ("SUCCESS".equals(state)) {
        return Outcome.COMPLETE;
      }
      if (SNAPSHOT_FAILED.contains(state)) {
        return Outcome.FAILED;
      }
      return SNAPSHOT_RUNNING.contains(state) ? Outcome.IN_PROGRESS : Outcome.INCOMPLETE;
    }
    // Optimize's docs spell it COMPLETE; the client already maps it, accept it here too.
    if ("COMPLETED".equals(state) || "COMPLETE".equals(state)) {
      return Outcome.COMPLETE;
    }
    if (COMPONENT_FAILED.contains(state)) {
      return Outcome.FAILED;
    }
    // INCOMPLETE, DOES_NOT_EXIST and anything unknown: not restorable, but nothing known failed
    return "IN_PROGRESS".equals(state) ? Outcome.IN_PROGRESS : Outcome.INCOMPLETE;
  }

  /**
   * The earliest timestamp any part reports (Zeebe {@code createdAt}, snapshot {@code startTime});
   * without one, the ID read as Unix seconds when that falls between 2015 and 2100; else null.
   */
  public static Instant time(long backupId, ZeebeBackupInfo zeebe, ComponentBackupInfo webapps, ComponentBackupInfo optimize) {
    Stream<String> zeebeTimes = zeebe == null ? Stream.empty() : zeebe.details().stream().map(ZeebeBackupInfo.Partition::createdAt);
    Stream<String> snapshotTimes = Stream.of(webapps, optimize).filter(Objects::nonNull)
        .flatMap(info -> info.details().stream()).map(ComponentBackupInfo.Snapshot::startTime);
    Optional<Instant> earliest = Stream.concat(zeebeTimes, snapshotTimes)
        .map(BackupSetClassifier::parseTime).flatMap(Optional::stream).min(Instant::compareTo);
    return earliest.orElseGet(() -> idAsTime(backupId));
  }

  /** The ID as Unix seconds when that is a plausible backup date (2015 to 2100), else null. */
  public static Instant idAsTime(long backupId) {
    if (backupId < PLAUSIBLE_FROM.getEpochSecond() || backupId >= PLAUSIBLE_UNTIL.getEpochSecond()) {
      return null;
    }
    return Instant.ofEpochSecond(backupId);
  }

  static Optional<Instant> parseTime(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    String value = text.strip();
    try {
      return Optional.of(Instant.parse(value));
    } catch (DateTimeParseException e) {
      // not UTC 'Z' ISO: try the snapshot format, then ISO with an offset
    }
    for (DateTimeFormatter format : List.of(SNAPSHOT_TIME, DateTimeFormatter.ISO_OFFSET_DATE_TIME)) {
      try {
        return Optional.of(OffsetDateTime.parse(value, format).toInstant());
      } catch (DateTimeParseException e) {
        // next format
      }
    }
    return Optional.empty();
  }

  /** From the web-app snapshot names, else the Optimize ones, else Zeebe's broker version. */
  public static String camundaVersion(ZeebeBackupInfo zeebe, ComponentBackupInfo webapps, ComponentBackupInfo optimize) {
    List<String> candidates = new ArrayList<>();
    versionFromNames(webapps, WEBAPPS_SNAPSHOT).ifPresent(candidates::add);
    versionFromNames(optimize, OPTIMIZE_SNAPSHOT).ifPresent(candidates::add);
    if (zeebe != null) {
      zeebe.details().stream().map(ZeebeBackupInfo.Partition::brokerVersion)
          .filter(v -> v != null && !v.isBlank()).findFirst().ifPresent(candidates::add);
    }
    return candidates.isEmpty() ? null : candidates.getFirst();
  }

  /** The Camunda version in the names of a web-app or Optimize part's snapshots; empty for other parts. */
  public static Optional<String> versionInSnapshotNames(String component, List<String> names) {
    Pattern pattern = switch (component) {
      case BackupSet.WEBAPPS -> WEBAPPS_SNAPSHOT;
      case BackupSet.OPTIMIZE -> OPTIMIZE_SNAPSHOT;
      default -> null;
    };
    if (pattern == null) {
      return Optional.empty();
    }
    return names.stream().map(pattern::matcher).filter(Matcher::matches).map(m -> m.group("version")).findFirst();
  }

  private static Optional<String> versionFromNames(ComponentBackupInfo info, Pattern pattern) {
    if (info == null) {
      return Optional.empty();
    }
    for (String name : info.snapshotNames()) {
      Matcher matcher = name == null ? null : pattern.matcher(name);
      if (matcher != null && matcher.matches()) {
        return Optional.of(matcher.group("version"));
      }
    }
    return Optional.empty();
  }
}
