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
 * The alarm drawn beside a resume that keeps failing (resume-exporting.bpmn): an incident at once
 * (the alarm is the incident), saying whose exporting is paused, since when and the last error,
 * while the resume goes on being tried. The model withdraws it when exporting is resumed; resolving it earlier raises it again.
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
      @Variable Long backupId,
      @Variable(name = BackupVariables.EXPORTING_RESUME_ATTEMPT) Integer failedAttempts,
      @Variable(name = BackupVariables.EXPORTING_RESUME_FAULT) String lastFault) {
    String since = exportingPausedAt != null
        ? exportingPausedAt + " (" + Duration.between(Instant.parse(exportingPausedAt), clock.instant()).withNanos(0) + " ago)"
        : backupId != null
            ? "an unconfirmed pause request (the pause step never got its answer, so exporting may be paused)"
            : "before the health check found it paused";
    String who = backupId != null
        ? "backup " + backupId + " ended its pause window"
        : "no run holds the cluster's lock";
    throw new BackupAlarmException("EXPORTING PAUSED: exporting of cluster '" + clusterName + "' is paused since " + since
        + "; " + who + " but Resume exporting keeps failing (" + failedAttempts + " attempts so far). It is retried without limit"
        + " (at least every " + exportingResume.maxBackoff() + "). Last error: " + lastFault
        + " Check that the management API " + managementUrl(clusterName) + " (port 9600) is reachable from the worker and that"
        + " every broker is up. This incident disappears by itself once exporting is resumed.");
  }

  /** The URL is configuration, not a secret; it tells the operator which endpoint to check. */
  private String managementUrl(String clusterName) {
    return registry.get(clusterName).managementUrl().toString();
  }
}
