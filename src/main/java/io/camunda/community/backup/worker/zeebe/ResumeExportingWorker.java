package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.ExportingResumeProperties;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.metrics.ExportingMetrics;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Resumes exporting (contract 2.1 step 10), called from resume-exporting.bpmn on every path after a
 * pause; idempotent. A fault of the management API is {@link ExportingResumeFailedException}: the
 * model waits on its drawn back-off and calls again, without a limit.
 */
@Component
public class ResumeExportingWorker {

  /** Never retry in a tight loop, even with {@code job-retry-backoff: PT0S}. */
  static final Duration SHORTEST_BACKOFF = Duration.ofMillis(100);

  private final TargetClients clients;
  private final Clock clock;
  private final Duration firstBackoff;
  private final ExportingResumeProperties exportingResume;
  private final ExportingMetrics metrics;

  public ResumeExportingWorker(TargetClients clients, Clock clock, OrchestratorProperties properties,
      ExportingResumeProperties exportingResume, ExportingMetrics metrics) {
    this.metrics = metrics;
    this.clients = clients;
    this.clock = clock;
    this.firstBackoff = properties.jobRetryBackoff().compareTo(SHORTEST_BACKOFF) < 0 ? SHORTEST_BACKOFF : properties.jobRetryBackoff();
    this.exportingResume = exportingResume;
  }

  @JobWorker(type = "c8backup-zeebe-resume-exporting")
  public Map<String, Object> resume(
      @Variable String clusterName, @Variable(name = BackupVariables.EXPORTING_RESUME_ATTEMPT) Integer failedAttempts) {
    try {
      clients.zeebe(clusterName).resumeExporting();
    } catch (TargetUnavailableException fault) {
      int attempt = failedAttempts == null ? 1 : failedAttempts + 1;
      throw new ExportingResumeFailedException(fault.getMessage(), attempt, backoff(attempt), exportingResume.alarmAfter());
    }
    metrics.resumed(clusterName);
    return Map.of(BackupVariables.EXPORTING_RESUMED_AT, clock.instant().toString());
  }

  /** Doubles from {@code job-retry-backoff} with every failed attempt, up to {@code exporting-resume.max-backoff}. */
  Duration backoff(int attempt) {
    Duration max = exportingResume.maxBackoff().compareTo(firstBackoff) < 0 ? firstBackoff : exportingResume.maxBackoff();
    Duration next = firstBackoff.multipliedBy(1L << Math.min(20, attempt - 1));
    return next.compareTo(max) > 0 ? max : next;
  }
}
