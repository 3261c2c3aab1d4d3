package io.camunda.community.backup.worker.retention;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.config.ClusterProperties.RetentionProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.continuous.DumpRetention;
import io.camunda.community.backup.flavour.SetFlavours;
import io.camunda.community.backup.retention.RetentionDecision;
import io.camunda.community.backup.retention.RetentionPlan;
import io.camunda.community.backup.retention.RetentionPlanner;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Decides, from the catalog the instance just read, which sets go and which stay, each with the
 * reason; the model deletes {@code setsToDelete} unless it is a dry run, and ends the run as
 * refused ({@code retentionRefused}) when the catalog could not be read completely.
 */
@Component
public class PlanRetentionWorker {

  private static final TypeReference<List<BackupSet>> SETS = new TypeReference<>() {};

  private final ClusterRegistry registry;
  private final SetFlavours flavours;
  private final DumpRetention dumpRetention;
  private final ObjectMapper json;
  private final Clock clock;

  public PlanRetentionWorker(ClusterRegistry registry, SetFlavours flavours, DumpRetention dumpRetention, ObjectMapper json, Clock clock) {
    this.flavours = flavours;
    this.registry = registry;
    this.dumpRetention = dumpRetention;
    this.json = json;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-retention-plan")
  public Map<String, Object> plan(
      ActivatedJob job, @Variable String clusterName, @Variable Boolean dryRun, @Variable Map<String, String> catalogUnavailable,
      @Variable(name = BackupVariables.REQUESTED_BY) String requestedBy) {
    List<BackupSet> sets = json.convertValue(job.getVariable("backupCatalog"), SETS);
    // A catalog read that does not say whether it is complete counts as incomplete.
    Map<String, String> unavailable = catalogUnavailable != null ? catalogUnavailable
        : Map.of("catalog", "the catalog read did not report whether every component listing was read (variable catalogUnavailable missing)");
    RetentionProperties policy = registry.get(clusterName).retention();
    RetentionPlan plan = switch (flavours.of(clusterName).kind()) {
      // no sets of one id: the dumps are kept by the broker's retention window instead
      case CONTINUOUS -> dumpRetention.plan(clusterName, policy.maxDeletionsPerRun());
      case SEARCH_ENGINE, DATABASE_DUMP -> RetentionPlanner.plan(new CatalogRead(clusterName, sets, unavailable), policy, clock.instant());
    };

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("clusterName", clusterName);
    result.put("dryRun", Boolean.TRUE.equals(dryRun));
    result.put(BackupVariables.REQUESTED_BY, requestedBy);
    result.put("state", plan.refused() ? "REFUSED" : Boolean.TRUE.equals(dryRun) ? "DRY_RUN" : "APPLIED");
    if (plan.refused()) {
      result.put("refused", true);
      result.put("reason", plan.refusal());
      result.put("unavailable", plan.unavailable());
    }
    result.put("policy", policy);
    result.put("delete", plan.deletions());
    result.put("keep", plan.kept());
    if (plan.deferred() > 0) {
      result.put("deferred", plan.deferred());
      result.put("note", ("%d more sets are due for deletion than retention.max-deletions-per-run (%d) allows in one run:"
          + " this run deletes the oldest %d, the next run the rest").formatted(plan.deferred(), policy.maxDeletionsPerRun(),
          plan.deletions().size()));
    }
    result.put("plannedAt", clock.instant().toString());
    List<Long> toDelete = plan.refused() ? List.of() : plan.deletions().stream().map(RetentionDecision::backupId).toList();
    return Map.of("retentionResult", result, "setsToDelete", toDelete, "retentionRefused", plan.refused());
  }

}
