package io.camunda.community.backup.control;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.Variable;
import io.camunda.community.backup.restore.DrillRecords;
import io.camunda.community.backup.restore.DrillResult;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The restore drills that ended, as the control cluster's search API (Operate's data) shows them:
 * the finished {@code restore-drill} runs, newest first, and their {@code drillResult}. So the
 * expected duration of a restore survives a restart of the worker.
 */
@Component
public class ControlClusterDrillRecords implements DrillRecords {

  /** Finished drills looked at, newest first: every drill target's drills are among them. */
  static final int RECENT_DRILLS = 50;

  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  private final CamundaClient client;
  private final ObjectMapper json;

  public ControlClusterDrillRecords(CamundaClient client, ObjectMapper json) {
    this.client = client;
    this.json = json;
  }

  @Override
  public Optional<DrillResult> lastPassed(String sourceCluster) {
    var drills = client.newProcessInstanceSearchRequest()
        .filter(f -> f.processDefinitionId(RunKind.DRILL.processId()).state(ProcessInstanceState.COMPLETED))
        .sort(s -> s.endDate().desc())
        .page(p -> p.limit(RECENT_DRILLS))
        .send().join().items();
    for (ProcessInstance drill : drills) {
      long key = drill.getProcessInstanceKey();
      Optional<Variable> recorded = client.newVariableSearchRequest()
          .filter(f -> f.processInstanceKey(key).scopeKey(key).name(RunKind.DRILL.resultVariable()))
          .send().join().items().stream().findFirst();
      if (recorded.isEmpty()) {
        continue;
      }
      Variable variable = recorded.get();
      String value = Boolean.TRUE.equals(variable.isTruncated())
          ? client.newVariableGetRequest(variable.getVariableKey()).send().join().getValue()
          : variable.getValue();
      DrillResult result = DrillResult.fromMap(parse(value));
      if (sourceCluster.equals(result.sourceCluster()) && result.passed() && result.rto() != null) {
        return Optional.of(result);
      }
    }
    return Optional.empty();
  }

  private Map<String, Object> parse(String value) {
    try {
      return json.readValue(value, MAP);
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a recorded drillResult is not JSON: " + e.getMessage(), e);
    }
  }
}
