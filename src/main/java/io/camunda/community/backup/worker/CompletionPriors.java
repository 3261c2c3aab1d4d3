package io.camunda.community.backup.worker;

import java.time.Duration;
import java.util.Comparator;
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
   * The work is expected to end between {@code earliest} and {@code latest} after its start, from
   * {@code runs} recent runs. With one run the spread from run to run is unknown; with more, the
   * bounds account for it.
   */
  public record Prior(Duration earliest, Duration latest, int runs) {

    public Prior(Duration earliest, Duration latest) {
      this(earliest, latest, 1);
    }

    public static Prior exactly(Duration duration) {
      return new Prior(duration, duration, 1);
    }

    Duration width() {
      return latest.minus(earliest);
    }

    /**
     * This estimate together with a run known less precisely: a run whose interval overlaps the
     * estimate agrees with it and adds nothing; one that lies apart shows that the work varies, and
     * the estimate reaches as far as needed to meet it.
     */
    Prior with(Prior coarser) {
      Duration from = coarser.latest.compareTo(earliest) < 0 ? coarser.latest : earliest;
      Duration to = coarser.earliest.compareTo(latest) > 0 ? coarser.earliest : latest;
      return new Prior(from, to, runs + coarser.runs);
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

  /**
   * Where the work is expected to end, from the recent runs: the most precisely known run first
   * (checked densely, its interval is narrow), then each less precise one. A run checked sparsely
   * (no prior yet, or a missed window) thus does not widen a precise estimate it agrees with, while
   * runs that disagree widen it to meet them.
   */
  public Optional<Prior> expected(String cluster, String component) {
    List<Prior> byPrecision = lastEnds.getOrDefault(key(cluster, component), List.of()).stream()
        .sorted(Comparator.comparing(Prior::width)).toList();
    if (byPrecision.isEmpty()) {
      return Optional.empty();
    }
    Prior estimate = byPrecision.getFirst();
    for (Prior coarser : byPrecision.subList(1, byPrecision.size())) {
      estimate = estimate.with(coarser);
    }
    return Optional.of(estimate);
  }

  private static String key(String cluster, String component) {
    return cluster + "/" + component;
  }
}
