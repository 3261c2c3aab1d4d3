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

    boolean overlaps(Prior other) {
      return other.latest.compareTo(earliest) >= 0 && other.earliest.compareTo(latest) <= 0;
    }

    /** Where this estimate and a run that overlaps it agree: the work ended in both intervals. */
    Prior narrowedBy(Prior overlapping) {
      Duration from = overlapping.earliest.compareTo(earliest) > 0 ? overlapping.earliest : earliest;
      Duration to = overlapping.latest.compareTo(latest) < 0 ? overlapping.latest : latest;
      return new Prior(from, to, runs + overlapping.runs);
    }

    /**
     * This estimate together with a run that lies apart from it: the work varies, and the estimate
     * reaches as far as needed to meet the run.
     */
    Prior widenedTo(Prior apart) {
      Duration from = apart.latest.compareTo(earliest) < 0 ? apart.latest : earliest;
      Duration to = apart.earliest.compareTo(latest) > 0 ? apart.earliest : latest;
      return new Prior(from, to, runs + apart.runs);
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
   * Where the work is expected to end, from the recent runs, the most precisely known first (checked
   * densely, its interval is narrow). As long as the runs agree (each interval overlaps the
   * estimate), the work is taken to last the same each time and the estimate narrows to where they
   * all overlap: runs checked at different moments pin the end down further than any one of them,
   * which matters for long work, where the budget allows few checks per run. Once a run lies
   * apart, the work varies: the estimate widens to meet every run that lies apart and narrows no
   * more.
   */
  public Optional<Prior> expected(String cluster, String component) {
    List<Prior> byPrecision = lastEnds.getOrDefault(key(cluster, component), List.of()).stream()
        .sorted(Comparator.comparing(Prior::width)).toList();
    if (byPrecision.isEmpty()) {
      return Optional.empty();
    }
    Prior estimate = byPrecision.getFirst();
    boolean varies = false;
    for (Prior coarser : byPrecision.subList(1, byPrecision.size())) {
      if (!coarser.overlaps(estimate)) {
        estimate = estimate.widenedTo(coarser);
        varies = true;
      } else {
        estimate = varies ? new Prior(estimate.earliest(), estimate.latest(), estimate.runs() + coarser.runs()) : estimate.narrowedBy(coarser);
      }
    }
    return Optional.of(estimate);
  }

  private static String key(String cluster, String component) {
    return cluster + "/" + component;
  }
}
