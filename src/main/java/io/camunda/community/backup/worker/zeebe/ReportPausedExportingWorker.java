package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.ExportingResumeProperties;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.health.BackupAlarmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * The alarm drawn beside a resume step that keeps failing: an incident at once (the alarm is the
 * incident), saying whose exporting is paused and since when, while the resume step goes on being
 * retried. The model withdraws it when exporting is resumed; resolving it earlier raises it again.
 */
@Component
public class ReportPausedExportingWorker {

  private final ClusterRegistry registry;
  private final ExportingResumeProperties exportingResume;
  private final Clock clock;

  public ReportPausedExportingWorker(ClusterRegistry registry, ExportingResumeProperties exportingResume, Clock clock) {
    this.registry = registry;
    this.exportingResume = exportingResume;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-zeebe-report-paused-exporting")
  public void report(
      @Variable String clusterName,
      @Variable(name = BackupVariables.EXPORTING_PAUSED_AT) String exportingPausedAt,
      @Variable Long backupId) {
    String since = exportingPausedAt == null
        ? "an unconfirmed pause request (the pause step never got its answer, so exporting may be paused)"
        : exportingPausedAt + " (" + Duration.between(Instant.parse(exportingPausedAt), clock.instant()).withNanos(0) + " ago)";
    throw new BackupAlarmException("EXPORTING PAUSED: exporting of cluster '" + clusterName + "' is paused since " + since
        + "; backup " + backupId + " ended its pause window but Resume exporting keeps failing. It is retried without limit"
        + " (at least every " + exportingResume.maxBackoff() + "); its last error is in the job history and the worker log."
        + " Check that the management API " + managementUrl(clusterName) + " (port 9600) is reachable from the worker and that"
        + " every broker is up. This incident disappears by itself once exporting is resumed.");
  }

  /** The URL is configuration, not a secret; it tells the operator which endpoint to check. */
  private String managementUrl(String clusterName) {
    return registry.get(clusterName).managementUrl().toString();
  }
}
