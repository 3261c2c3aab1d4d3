package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * A dry run's result: the pre-flight passed and the plan against the live target (what would be
 * stopped, deleted with its documents and size, restored, and what was exported since the backup),
 * with nothing changed. Not a restore: no restore metric, no restore notification.
 */
@Component
public class RecordRestoreDryRunWorker {

  private final Clock clock;

  public RecordRestoreDryRunWorker(Clock clock) {
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-restore-record-dry-run", fetchAllVariables = true)
  public Map<String, Object> record(ActivatedJob job) {
    Map<String, Object> v = job.getVariablesAsMap();
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("clusterName", v.get("clusterName"));
    result.put("backupId", v.get("backupId"));
    result.put("state", "DRY_RUN");
    result.put("dryRun", true);
    result.put("changed", "nothing");
    result.put(BackupVariables.REQUESTED_BY, v.get(BackupVariables.REQUESTED_BY));
    result.put("plan", v.get("restorePlan"));
    result.put("summary", v.get("restorePlanSummary"));
    result.put("finishedAt", clock.instant().toString());
    return Map.of("restoreResult", result);
  }
}
