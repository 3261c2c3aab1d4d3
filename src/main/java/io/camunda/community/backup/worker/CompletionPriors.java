package io.camunda.community.backup.worker;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * When each component of each cluster ended the last time this worker saw it finish: between the
 * last check that saw it running and the check that saw it done. In memory
 * only: a restarted worker starts without priors and waits with the plain geometric schedule until
 * it has seen one run. One backup of a cluster runs at a time (the cluster lock), so a cluster and
 * component name one wait.
 */
@Component
public class CompletionPriors {

  /** The work ended between {@code earliest} and {@code latest} after its start. */
  public record Prior(Duration earliest, Duration latest) {

    public static Prior exactly(Duration duration) {
      return new Prior(duration, duration);
    }
  }

  private final Map<String, Prior> lastEnd = new ConcurrentHashMap<>();
  private final Map<String, Duration> lastSeenWorking = new ConcurrentHashMap<>();

  /** A check saw the work still running this long after its start. */
  public void seenWorking(String cluster, String component, Duration elapsed) {
    lastSeenWorking.put(key(cluster, component), elapsed);
  }

  /**
   * A check saw the work done this long after its start: it ended between the previous check of
   * this wait and this one. Both bounds are kept, so a late timer widens the next window instead
   * of moving it past the end.
   */
  public void seenDone(String cluster, String component, Duration elapsed) {
    Duration working = lastSeenWorking.remove(key(cluster, component));
    boolean sameWait = working != null && working.compareTo(elapsed) < 0;
    lastEnd.put(key(cluster, component), new Prior(sameWait ? working : elapsed, elapsed));
  }

  public Optional<Prior> expected(String cluster, String component) {
    return Optional.ofNullable(lastEnd.get(key(cluster, component)));
  }

  private static String key(String cluster, String component) {
    return cluster + "/" + component;
  }
}
