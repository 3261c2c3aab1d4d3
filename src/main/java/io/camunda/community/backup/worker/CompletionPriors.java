package io.camunda.community.backup.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How long each component of each cluster took the last time this worker saw it finish. In memory
 * only: a restarted worker starts without priors and waits with the plain geometric schedule until
 * it has seen one run.
 */
@Component
public class CompletionPriors {

  private final Map<String, Duration> lastDuration = new ConcurrentHashMap<>();

  public void record(String cluster, String component, Duration took) {
    lastDuration.put(key(cluster, component), took);
  }

  public Optional<Duration> expected(String cluster, String component) {
    return Optional.ofNullable(lastDuration.get(key(cluster, component)));
  }

  private static String key(String cluster, String component) {
    return cluster + "/" + component;
  }
}
