package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.restore.ClusterHealth;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** One check of the post-restore gate; the model loops with a timer until healthy or the deadline. */
@Component
public class CheckClusterHealthWorker {

  private final ClusterHealth health;
  private final Clock clock;

  public CheckClusterHealthWorker(ClusterHealth health, Clock clock) {
    this.health = health;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-restore-check-health")
  public Map<String, Object> check(@Variable String clusterName) {
    ClusterHealth.Health now = health.check(clusterName);
    Map<String, Object> variables = new HashMap<>();
    variables.put("clusterHealthy", now.healthy());
    variables.put("clusterHealth", now.summary());
    if (now.healthy()) {
      variables.put("healthyAt", clock.instant().toString());
    }
    return variables;
  }
}
