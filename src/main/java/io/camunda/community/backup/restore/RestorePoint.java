package io.camunda.community.backup.restore;

import java.time.Instant;
import java.util.Map;

/**
 * Where a point-in-time restore of a cluster with continuous backups lands (process variable
 * {@code restorePoint}, written by the pre-flight, read by the steps after the database restore).
 *
 * <p>Zeebe's restore application restores to the checkpoint <em>closest</em> to {@code --to},
 * which may lie after it. So the orchestrator passes the time of the newest Zeebe backup at or
 * before the requested point: the cluster is restored as of that backup, never later than asked.
 *
 * @param requestedAt the point in time the operator asked for (ISO-8601)
 * @param at the time of the Zeebe backup restored to, passed as {@code --to} (ISO-8601)
 * @param zeebeBackupId that backup's ID
 * @param checkpointPositions partition ID to the backup's checkpoint position: the database's exported
 *     position must not be beyond it (else the database would be ahead of the point)
 * @param rangeStartPositions partition ID to the first log position of the backup range that holds
 *     the point: the database's exported position must not be before it (no backup would join it)
 * @param dumpBackupId the ID of the database dump restored: the newest complete one taken at or before {@code at}
 * @param dumpAt when that dump completed (ISO-8601)
 */
public record RestorePoint(String requestedAt, String at, long zeebeBackupId, Map<Integer, Long> checkpointPositions,
    Map<Integer, Long> rangeStartPositions, long dumpBackupId, String dumpAt) {

  public Instant time() {
    return Instant.parse(at);
  }
}
