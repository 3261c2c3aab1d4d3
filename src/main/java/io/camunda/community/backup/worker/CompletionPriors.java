package io.camunda.community.backup.worker;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * When each component of each cluster ended in the last {@link #HISTORY} runs this worker saw
 * finish: each between the last check that saw it running and the check that saw it done. In memory
 * only: a restarted worker starts without priors and waits with the plain geometric schedule until
 * it has seen one run. One backup of a cluster runs at a time (the cluster lock), so a cluster and
 * component name one wait.
 */
@Component
public class CompletionPriors {

  /** How many recent runs the expected end covers: enough to see how much a component's duration varies. */
  static final int HISTORY = 5;

  /**
   * The work ended between {@code earliest} and {@code latest} after its start in each of the last
   * {@code runs} runs. With one run the spread from run to run is unknown; with more, it lies between
   * the bounds.
   */
  public record Prior(Duration earliest, Duration latest, int runs) {

    public Prior(Duration earliest, Duration latest) {
      this(earliest, latest, 1);
    }

    public static Prior exactly(Duration duration) {
      return new Prior(duration, duration, 1);
    }

    Prior widenedBy(Prior older) {
      return new Prior(earliest.compareTo(older.earliest) <= 0 ? earliest : older.earliest,
          latest.compareTo(older.latest) >= 0 ? latest : older.latest, runs + older.runs);
    }
  }

  private final Map<String, List<Prior>> lastEnds = new ConcurrentHashMap<>();
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
    Prior run = new Prior(sameWait ? working : elapsed, elapsed);
    lastEnds.merge(key(cluster, component), List.of(run),
        (older, latest) -> Stream.concat(latest.stream(), older.stream()).limit(HISTORY).toList());
  }

  /** Where the work ended in the recent runs: from the earliest to the latest end among them. */
  public Optional<Prior> expected(String cluster, String component) {
    return lastEnds.getOrDefault(key(cluster, component), List.of()).stream().reduce(Prior::widenedBy);
  }

  private static String key(String cluster, String component) {
    return cluster + "/" + component;
  }
}
