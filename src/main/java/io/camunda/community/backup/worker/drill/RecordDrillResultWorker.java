package io.camunda.community.backup.worker.drill;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.metrics.DrillMetrics;
import io.camunda.community.backup.notify.Notification;
import io.camunda.community.backup.notify.NotificationEvent;
import io.camunda.community.backup.notify.Notifier;
import io.camunda.community.backup.restore.DrillHistory;
import io.camunda.community.backup.restore.DrillResult;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Records how a drill ended ({@link DrillResult}): as {@code drillResult}, in the drill metrics,
 * as the expected restore duration of the source ({@link DrillHistory}), and as the {@code
 * drill-finished} notification.
 */
@Component
public class RecordDrillResultWorker {

  private static final Logger LOG = LoggerFactory.getLogger(RecordDrillResultWorker.class);

  private final ClusterRegistry registry;
  private final Clock clock;
  private final DrillHistory history;
  private final DrillMetrics metrics;
  private final Notifier notifier;

  public RecordDrillResultWorker(ClusterRegistry registry, Clock clock, DrillHistory history, DrillMetrics metrics, Notifier notifier) {
    this.registry = registry;
    this.clock = clock;
    this.history = history;
    this.metrics = metrics;
    this.notifier = notifier;
  }

  @JobWorker(type = "c8backup-drill-record", fetchAllVariables = true)
  @SuppressWarnings("unchecked")
  public Map<String, Object> record(ActivatedJob job) {
    Map<String, Object> v = job.getVariablesAsMap();
    String target = (String) v.get("clusterName");
    // a refused drill stopped before it named its source: the configuration does
    String source = v.get(DrillVariables.SOURCE_CLUSTER) instanceof String checked ? checked : configuredSource(target);
    Instant startedAt = v.get(DrillVariables.DRILL_STARTED_AT) == null ? null : Instant.parse((String) v.get(DrillVariables.DRILL_STARTED_AT));
    Instant now = clock.instant();
    DrillResult result = v.get(DrillVariables.RESTORE_RESULT) instanceof Map<?, ?> restoreResult
        ? DrillResult.ofRestore(source, target, startedAt, (Map<String, Object>) restoreResult, now)
        : DrillResult.refused(source, target, String.valueOf(v.get("failureReason")), startedAt, now);
    LOG.info("Restore drill into '{}' of '{}': {}{}{}", target, source, result.state(),
        result.rto() == null ? "" : " in " + result.rto() + " " + result.phases(), result.reason() == null ? "" : ": " + result.reason());
    history.record(result);
    metrics.drillEnded(job.getProcessInstanceKey(), result);
    notifier.notify(() -> notification(job.getProcessInstanceKey(), result, now));
    return Map.of(DrillVariables.DRILL_RESULT, result.toMap(), DrillVariables.DRILL_PASSED, result.passed());
  }

  private String configuredSource(String target) {
    return registry.names().contains(target) && registry.get(target).drillTarget() ? registry.get(target).drill().sourceCluster() : null;
  }

  private static Notification notification(long processInstanceKey, DrillResult result, Instant now) {
    String subject = result.sourceCluster() == null ? "cluster '" + result.targetCluster() + "'" : "cluster '" + result.sourceCluster() + "'";
    String summary = switch (result.state()) {
      case DrillResult.PASSED -> "Restore drill of " + subject + " PASSED: backup " + result.backupId() + " restored into '"
          + result.targetCluster() + "' and verified in " + result.rto() + ".";
      case DrillResult.REFUSED -> "Restore drill into '" + result.targetCluster() + "' REFUSED: " + result.reason();
      default -> "Restore drill of " + subject + " FAILED: " + result.reason();
    };
    Map<String, Object> details = new LinkedHashMap<>(result.toMap());
    details.put("processInstanceKey", processInstanceKey);
    String cluster = result.sourceCluster() == null ? result.targetCluster() : result.sourceCluster();
    return Notification.ofInstance(NotificationEvent.DRILL_FINISHED, processInstanceKey, cluster, summary, details, now);
  }
}
