package io.camunda.community.backup.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How a restore drill ended: {@code PASSED} (the newest complete backup of the source restored into
 * the scratch target and verified), {@code FAILED} (the restore did not end RESTORED) or {@code
 * REFUSED} (the scratch target was not one, or was the source itself; nothing was changed).
 *
 * @param rto the restore's duration from its (unattended) approval to the verified end; null when
 *     nothing was restored
 * @param phases where that time went ({@link RestorePhases})
 */
public record DrillResult(
    String sourceCluster,
    String targetCluster,
    String state,
    Long backupId,
    String restoreState,
    String reason,
    Duration rto,
    Map<String, Object> phases,
    Instant startedAt,
    Instant finishedAt) {

  public static final String PASSED = "PASSED";
  public static final String FAILED = "FAILED";
  public static final String REFUSED = "REFUSED";

  public boolean passed() {
    return PASSED.equals(state);
  }

  /** From the restore's {@code restoreResult}. */
  @SuppressWarnings("unchecked")
  public static DrillResult ofRestore(String source, String target, Instant startedAt, Map<String, Object> restoreResult, Instant now) {
    String restoreState = String.valueOf(restoreResult.get("state"));
    boolean passed = "RESTORED".equals(restoreState);
    Object backupId = restoreResult.get("backupId");
    Object duration = restoreResult.get("restoreDuration");
    Object reason = restoreResult.get("reason");
    Map<String, Object> phases = restoreResult.get("phases") instanceof Map<?, ?> map ? new LinkedHashMap<>((Map<String, Object>) map) : Map.of();
    return new DrillResult(source, target, passed ? PASSED : FAILED, backupId instanceof Number n ? n.longValue() : null, restoreState,
        passed ? null : reason != null ? String.valueOf(reason) : "the restore ended " + restoreState,
        duration == null ? null : Duration.parse(String.valueOf(duration)), phases, startedAt, now);
  }

  public static DrillResult refused(String source, String target, String reason, Instant startedAt, Instant now) {
    return new DrillResult(source, target, REFUSED, null, null, reason, null, Map.of(), startedAt, now);
  }

  /** What {@link #toMap()} wrote (the process variable {@code drillResult}). */
  @SuppressWarnings("unchecked")
  public static DrillResult fromMap(Map<String, Object> map) {
    Object backupId = map.get("backupId");
    return new DrillResult((String) map.get("sourceCluster"), (String) map.get("targetCluster"), (String) map.get("state"),
        backupId instanceof Number n ? n.longValue() : null, (String) map.get("restoreState"), (String) map.get("reason"),
        map.get("rto") == null ? null : Duration.parse((String) map.get("rto")),
        map.get("phases") instanceof Map<?, ?> phases ? (Map<String, Object>) phases : Map.of(),
        map.get("startedAt") == null ? null : Instant.parse((String) map.get("startedAt")),
        Instant.parse((String) map.get("finishedAt")));
  }

  /** As the process variable {@code drillResult} and the API show it. */
  public Map<String, Object> toMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("sourceCluster", sourceCluster);
    map.put("targetCluster", targetCluster);
    map.put("state", state);
    map.put("backupId", backupId);
    map.put("restoreState", restoreState);
    map.put("reason", reason);
    map.put("rto", rto == null ? null : rto.toString());
    map.put("phases", phases);
    map.put("startedAt", startedAt == null ? null : startedAt.toString());
    map.put("finishedAt", finishedAt.toString());
    return map;
  }
}
