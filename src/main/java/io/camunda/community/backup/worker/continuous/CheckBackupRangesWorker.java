package io.camunda.community.backup.worker.continuous;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.continuous.BackupRanges;
import io.camunda.community.backup.worker.health.BackupAlarmException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The last step of a continuous backup: the broker's backup ranges and the dumps (contract 3.1
 * step 6). A state that cannot be read is retried; a gap, a partition without a backup, or
 * backups older than {@code max-backup-age} raise an incident at once that names the partition
 * and the window; otherwise the run's result lists what can be restored.
 */
@Component
public class CheckBackupRangesWorker {

  private final BackupRanges ranges;
  private final Clock clock;

  public CheckBackupRangesWorker(BackupRanges ranges, Clock clock) {
    this.ranges = ranges;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-continuous-check-ranges")
  public Map<String, Object> check(@Variable String clusterName, @Variable Long backupId, @Variable Long zeebeBackupId) {
    BackupRanges.Findings found = ranges.check(clusterName);
    if (found.problem() != null) {
      throw new TargetUnavailableException(found.problem());
    }
    if (!found.whole()) {
      throw new BackupAlarmException(found.summary() + " The dump " + backupId + " was taken. Resolve this incident to check again.");
    }
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("state", "COMPLETED");
    result.put("mode", "CONTINUOUS");
    result.put("clusterName", clusterName);
    result.put("dumpBackupId", backupId);
    if (zeebeBackupId != null) {
      result.put("zeebeBackupId", zeebeBackupId);
    }
    List<Map<String, Object>> windows = found.windows().stream().map(window -> {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("partitionId", window.partitionId());
      json.put("from", window.from().toString());
      json.put("to", window.to().toString());
      return json;
    }).toList();
    result.put("restorableWindows", windows);
    result.put("newestDumpAt", found.newestDumpAt() == null ? null : found.newestDumpAt().toString());
    result.put("summary", found.summary());
    result.put("completedAt", clock.instant().toString());
    return Map.of("backupResult", result);
  }
}
