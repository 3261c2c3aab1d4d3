package io.camunda.community.backup.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * How long each component of each cluster took the last time this worker saw it finish. In memory
 * only: a restarted worker starts without priors and waits with the plain geometric schedule until
 * it has seen one run. One backup of a cluster runs at a time (the cluster lock), so a cluster and
 * component name one wait.
 */
@Component
public class CompletionPriors {

  private final Map<String, Duration> lastDuration = new ConcurrentHashMap<>();
  private final Map<String, Duration> lastSeenWorking = new ConcurrentHashMap<>();

  /** A check saw the work still running this long after its start. */
  public void seenWorking(String cluster, String component, Duration elapsed) {
    lastSeenWorking.put(key(cluster, component), elapsed);
  }

  /**
   * A check saw the work done this long after its start. It ended between the previous check and
   * this one: the midpoint is the estimate, not the done check's time, which would add the
   * overshoot to every next prior and move the window later and later.
   */
  public void seenDone(String cluster, String component, Duration elapsed) {
    Duration working = lastSeenWorking.remove(key(cluster, component));
    boolean sameWait = working != null && working.compareTo(elapsed) < 0;
    lastDuration.put(key(cluster, component), sameWait ? working.plus(elapsed.minus(working).dividedBy(2)) : elapsed);
  }

  public Optional<Duration> expected(String cluster, String component) {
    return Optional.ofNullable(lastDuration.get(key(cluster, component)));
  }

  private static String key(String cluster, String component) {
    return cluster + "/" + component;
  }
}
