package io.camunda.community.backup.restore;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The latest restore drill that passed, per source cluster, since this worker started: what a
 * restore of that cluster is expected to take (the dry run's plan says so) and what the drill
 * gauges show. In memory: after a restart it is empty until the next drill.
 */
@Component
public class DrillHistory {

  private final Map<String, DrillResult> lastPassed = new ConcurrentHashMap<>();

  public void record(DrillResult result) {
    if (result.passed() && result.rto() != null) {
      lastPassed.put(result.sourceCluster(), result);
    }
  }

  public Optional<DrillResult> lastPassed(String sourceCluster) {
    return Optional.ofNullable(lastPassed.get(sourceCluster));
  }
}
