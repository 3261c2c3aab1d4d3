package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.restore.RestoreVerifier;
import io.camunda.community.backup.worker.health.BackupAlarmException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The restored cluster differs from what was restored (an index with other document counts, a
 * partition behind the checkpoint): an incident that names every difference, after the cluster's
 * lock was released. Resolving it verifies again; once the cluster matches, the restore ends
 * {@code RESTORED} with {@code reverifiedAt}. Cancelling the instance in Operate accepts the
 * differences ({@code restoreResult} stays {@code RESTORED_WITH_PROBLEMS}).
 */
@Component
public class ReportRestoreDifferencesWorker {

  private final RestoreVerifier verifier;
  private final Clock clock;

  public ReportRestoreDifferencesWorker(RestoreVerifier verifier, Clock clock) {
    this.verifier = verifier;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-restore-report-differences", fetchAllVariables = true)
  @SuppressWarnings("unchecked")
  public Map<String, Object> report(ActivatedJob job) {
    Map<String, Object> v = job.getVariablesAsMap();
    String clusterName = (String) v.get("clusterName");
    long backupId = ((Number) v.get("backupId")).longValue();
    Map<String, Object> verification = verifier.verify(clusterName, backupId, RestoredDocuments.of(v));
    if (!Boolean.TRUE.equals(verification.get("ok"))) {
      throw new BackupAlarmException("RESTORED WITH DIFFERENCES: cluster '" + clusterName + "' was restored from backup " + backupId
          + " but differs from what was restored: " + String.join("; ", (List<String>) verification.get("problems"))
          + ". Check what wrote to the cluster before the verification (a component or client started early) or removed data,"
          + " and set it right; then resolve this incident to verify again, or cancel this instance in Operate to accept the differences.");
    }
    Map<String, Object> result = new LinkedHashMap<>((Map<String, Object>) v.get("restoreResult"));
    result.put("state", "RESTORED");
    result.put("verification", verification);
    result.put("reverifiedAt", clock.instant().toString());
    return Map.of("restoreResult", result);
  }
}
