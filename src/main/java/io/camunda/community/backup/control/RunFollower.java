package io.camunda.community.backup.control;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Follows one run for a command's {@code --wait}: reads its status every second, prints the live
 * timeline, and returns once it ended, or when it cannot say (the run is not visible, the search
 * API does not answer, the caller's time is up). Following changes nothing: the run goes on when
 * the command stops.
 */
@Component
public class RunFollower {

  /** A run started a moment ago shows after the control cluster exported it. */
  static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
  /** Search API faults tolerated in a row before the command stops following (the run is not affected). */
  static final Duration UNAVAILABLE_FOR = Duration.ofSeconds(60);
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  private final RunStatusReader reader;
  private final Clock clock;

  public RunFollower(RunStatusReader reader, Clock clock) {
    this.reader = reader;
    this.clock = clock;
  }

  /** How following ended: with the run's last status, or with the reason it could not be followed to its end. */
  public record Followed(RunStatus last, String stoppedBecause) {

    public boolean ended() {
      return last != null && last.ended();
    }
  }

  /**
   * @param maxWait how long to follow at most; null for as long as the run takes
   */
  public Followed follow(String clusterName, long processInstanceKey, Duration maxWait, PrintStream out) throws InterruptedException {
    Instant begin = clock.instant();
    Instant deadline = maxWait == null ? Instant.MAX : begin.plus(maxWait);
    RunTimeline timeline = new RunTimeline(ZoneId.systemDefault());
    RunStatus last = null;
    Instant unavailableSince = null;
    while (true) {
      try {
        Optional<RunStatus> status = reader.read(clusterName, processInstanceKey);
        unavailableSince = null;
        if (status.isPresent()) {
          last = status.get();
          timeline.linesFor(last).forEach(out::println);
          if (last.ended()) {
            return new Followed(last, null);
          }
        } else if (last != null || clock.instant().isAfter(begin.plus(VISIBLE_WITHIN))) {
          return new Followed(last, "no run of cluster '" + clusterName + "' with key " + processInstanceKey
              + " is visible in the control cluster's search API");
        }
      } catch (RunStatusUnavailableException e) {
        if (unavailableSince == null) {
          unavailableSince = clock.instant();
          out.println("  (status not readable, trying again: " + e.getMessage() + ")");
        } else if (clock.instant().isAfter(unavailableSince.plus(UNAVAILABLE_FOR))) {
          return new Followed(last, e.getMessage());
        }
      }
      if (clock.instant().plus(INTERVAL).isAfter(deadline)) {
        return new Followed(last, "still running after " + RunTimeline.millis(maxWait) + " (--wait=" + maxWait + ")");
      }
      Thread.sleep(INTERVAL.toMillis());
    }
  }
}
