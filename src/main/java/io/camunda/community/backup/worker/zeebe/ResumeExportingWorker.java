package io.camunda.community.backup.worker.zeebe;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Resumes exporting (contract 2.1 step 10). Reached on every path after the pause; idempotent. The
 * model marks its tasks {@code retries: unlimited}: a fault is retried for as long as it lasts
 * ({@link io.camunda.community.backup.worker.BackupJobExceptionHandlingStrategy}), and the alarm
 * drawn beside the task reports the pause meanwhile.
 */
@Component
public class ResumeExportingWorker {

  private final TargetClients clients;
  private final Clock clock;

  public ResumeExportingWorker(TargetClients clients, Clock clock) {
    this.clients = clients;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-zeebe-resume-exporting")
  public Map<String, Object> resume(@Variable String clusterName) {
    clients.zeebe(clusterName).resumeExporting();
    return Map.of(BackupVariables.EXPORTING_RESUMED_AT, clock.instant().toString());
  }
}
