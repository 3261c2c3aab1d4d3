package io.camunda.community.backup.worker.drill;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.restore.DrillTargetCheck;
import io.camunda.community.backup.restore.DrillTargetCheck.DrillRefusedException;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * First step of a drill: the cluster must be a drill target and another cluster than its source
 * ({@link DrillTargetCheck}). A refusal is the BPMN error {@code DRILL_REFUSED}; an identity that
 * cannot be read fails the job (retries, then an incident naming what could not be read).
 */
@Component
public class CheckDrillTargetWorker {

  private final DrillTargetCheck check;
  private final Clock clock;

  public CheckDrillTargetWorker(DrillTargetCheck check, Clock clock) {
    this.check = check;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-drill-check-target")
  public Map<String, Object> check(@Variable String clusterName) {
    try {
      DrillTargetCheck.Drill drill = check.check(clusterName);
      return Map.of(DrillVariables.SOURCE_CLUSTER, drill.source(), DrillVariables.TARGET_IDENTITY, drill.identity(),
          DrillVariables.DRILL_STARTED_AT, clock.instant().toString());
    } catch (DrillRefusedException refused) {
      throw new BackupStepFailedException("DRILL_REFUSED", refused.getMessage());
    }
  }
}
