package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.restore.ClusterHealth;
import io.camunda.community.backup.worker.health.BackupAlarmException;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The restored cluster did not become healthy in time: an incident for operators. Resolving it
 * checks again; once healthy, the restore goes on to verification.
 */
@Component
public class ReportUnhealthyClusterWorker {

  private final ClusterHealth health;
  private final Clock clock;

  public ReportUnhealthyClusterWorker(ClusterHealth health, Clock clock) {
    this.health = health;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-restore-report-unhealthy")
  public Map<String, Object> report(@Variable String clusterName, @Variable String componentsTimeout) {
    ClusterHealth.Health now = health.check(clusterName);
    if (!now.healthy()) {
      throw new BackupAlarmException("RESTORED CLUSTER NOT HEALTHY: cluster '" + clusterName + "' was restored and started but is not healthy after "
          + componentsTimeout + " (" + now.summary() + "). Check the brokers' logs and the components' start-up; resolve this incident to check again.");
    }
    return Map.of("clusterHealthy", true, "clusterHealth", now.summary(), "healthyAt", clock.instant().toString());
  }
}
