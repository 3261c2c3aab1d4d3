package io.camunda.community.backup.worker.restore;

import java.time.Clock;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.restore.ClusterHealth;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Manual mode, after the operator confirmed "components stopped" and before anything is deleted:
 * checks that the management API no longer answers. {@code componentsConfirmedDown} false (with
 * {@code componentsStillRunning} saying why) sends the model back to the operator.
 */
@Component
public class CheckComponentsStoppedWorker {

  private final ClusterHealth health;
  private final Clock clock;

  public CheckComponentsStoppedWorker(ClusterHealth health, Clock clock) {
    this.health = health;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-restore-check-stopped")
  public Map<String, Object> check(@Variable String clusterName) {
    Optional<String> running = health.stillAnswering(clusterName);
    Map<String, Object> variables = new HashMap<>();
    variables.put("componentsConfirmedDown", running.isEmpty());
    variables.put("componentsStillRunning", running.orElse(null));
    if (running.isEmpty()) {
      variables.put(RestoreVariables.COMPONENTS_STOPPED_AT, clock.instant().toString());
    }
    return variables;
  }
}
