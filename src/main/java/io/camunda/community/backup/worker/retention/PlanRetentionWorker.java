package io.camunda.community.backup.worker.retention;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.config.ClusterProperties.RetentionProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.retention.RetentionDecision;
import io.camunda.community.backup.retention.RetentionPlanner;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Decides, from the catalog the instance just read, which sets go and which stay, each with the
 * reason; the model deletes {@code setsToDelete} unless it is a dry run.
 */
@Component
public class PlanRetentionWorker {

  private static final TypeReference<List<BackupSet>> SETS = new TypeReference<>() {};

  private final ClusterRegistry registry;
  private final ObjectMapper json;
  private final Clock clock;

  public PlanRetentionWorker(ClusterRegistry registry, ObjectMapper json, Clock clock) {
    this.registry = registry;
    this.json = json;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-retention-plan")
  public Map<String, Object> plan(ActivatedJob job, @Variable String clusterName, @Variable Boolean dryRun) {
    List<BackupSet> sets = json.convertValue(job.getVariable("backupCatalog"), SETS);
    RetentionProperties policy = registry.get(clusterName).retention();
    List<RetentionDecision> decisions = RetentionPlanner.plan(sets, policy, clock.instant());

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("clusterName", clusterName);
    result.put("dryRun", Boolean.TRUE.equals(dryRun));
    result.put("policy", policy);
    result.put("delete", decisions.stream().filter(RetentionDecision::delete).toList());
    result.put("keep", decisions.stream().filter(d -> !d.delete()).toList());
    result.put("plannedAt", clock.instant().toString());
    List<Long> toDelete = decisions.stream().filter(RetentionDecision::delete).map(RetentionDecision::backupId).toList();
    return Map.of("retentionResult", result, "setsToDelete", toDelete);
  }
}
