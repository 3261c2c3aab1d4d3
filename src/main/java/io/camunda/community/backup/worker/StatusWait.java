package io.camunda.community.backup.worker;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.config.ClusterProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One check job of a drawn wait (check → done? → timer → check). The job checks the work's status
 * and, while the next check is due within {@link #WITHIN_ONE_JOB} of the job's start (or, for longer
 * work, falls in the window around its expected end, where a timer that fires late would cost
 * exactly what the window is for), checks again inside the same job at the delays {@link
 * PollSchedule} sets, instead of completing and coming back through the model's timer. The status
 * requests are the same ones, at the same times; what goes away is a timer's and two job round
 * trips' latency per check, which decides how long exporting stays paused after the work has ended
 * (issue 11). Longer waits go on through the drawn timer.
 * Operate shows the state as before: while a job keeps checking, each new state it sees is set on
 * the instance at once (so a deadline that interrupts the wait also names the last state), and the
 * job completes with the last state seen. Handlers run on virtual threads ({@link
 * JobHandlerThreads}), so the waiting holds no thread another step needs.
 */
@Component
public class StatusWait {

  private static final Logger LOG = LoggerFactory.getLogger(StatusWait.class);
  private static final Duration SHOW_STATE_TIMEOUT = Duration.ofSeconds(5);

  /** How long one check job keeps checking before it hands the wait back to the drawn timer. */
  public static final Duration WITHIN_ONE_JOB = Duration.ofSeconds(10);

  /** No check job keeps checking longer than this, even inside the window around the expected end. */
  static final Duration LONGEST_JOB = Duration.ofMinutes(1);

  private final CamundaClient client;
  private final Clock clock;
  private final ProgressEvaluator progress;
  private final PollSchedule schedule;

  public StatusWait(CamundaClient client, Clock clock, ProgressEvaluator progress, PollSchedule schedule) {
    this.client = client;
    this.clock = clock;
    this.progress = progress;
    this.schedule = schedule;
  }

  /** What one status request saw: the state, a failure reason if any, and variables to set once done. */
  public record Seen(String state, String failureReason, Map<String, Object> whenDone) {
    public static Seen of(String state) {
      return new Seen(state, null, Map.of());
    }
  }

  /**
   * @param job the check job: states seen while it keeps checking are set on its instance
   * @param work which wait this is: names its variables
   * @param title how errors name it, e.g. "Web-apps backup 42"
   * @param startedAt {@code <prefix>StartedAt}, set by the start step
   * @param transientSince {@code <prefix>TransientSince} from the last check job
   * @param checksSoFar {@code <prefix>Checks} from the last check job (null before the first)
   * @param readStatus one status request to the target
   * @return the variables the job completes with: state, next check, checks, and {@code whenDone}
   *     once done
   * @throws BackupStepFailedException the work failed (or stayed INCOMPLETE past the grace)
   */
  public Map<String, Object> check(ActivatedJob job, String clusterName, ClusterProperties cluster, WaitedWork work, String title,
      String startedAt, String transientSince, Integer checksSoFar, Supplier<Seen> readStatus) {
    Instant jobStarted = clock.instant();
    int checks = checksSoFar == null ? 0 : checksSoFar;
    String shownState = null;
    while (true) {
      Seen seen = readStatus.get();
      checks++;
      Map<String, Object> variables = progress.evaluate(title, work.prefix(), seen.state(), seen.failureReason(), transientSince,
          cluster.timeouts().incompleteGrace());
      boolean done = ProgressEvaluator.isDone(seen.state());
      PollSchedule.NextCheck next = schedule.afterCheck(clusterName, work.prefix(), startedAt, done, cluster.pollInterval());
      variables.put(work.nextCheckInVariable(), next.in().toString());
      variables.put(work.checksVariable(), checks);
      if (done) {
        variables.putAll(seen.whenDone());
        return variables;
      }
      Duration delay = next.in();
      Duration inThisJob = Duration.between(jobStarted, clock.instant()).plus(delay);
      boolean keepChecking = inThisJob.compareTo(WITHIN_ONE_JOB) <= 0
          || next.nearExpectedEnd() && inThisJob.compareTo(LONGEST_JOB) <= 0;
      if (!keepChecking || JobHeartbeat.heldJobGone()) {
        return variables;
      }
      if (!Objects.equals(shownState, seen.state())) {
        show(job, variables);
        shownState = seen.state();
      }
      if (!sleep(delay) || JobHeartbeat.heldJobGone()) {
        return variables;
      }
      transientSince = (String) variables.get(work.transientSinceVariable());
    }
  }

  /**
   * Sets what this check saw on the instance while the job goes on checking. Waits (up to 5 s) for
   * the answer, so it lands before the job's completion; one answered later finds the step gone and
   * is rejected. A failure only costs visibility.
   */
  private void show(ActivatedJob job, Map<String, Object> variables) {
    try {
      client.newSetVariablesCommand(job.getElementInstanceKey()).variables(variables).send()
          .toCompletableFuture().get(SHOW_STATE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.debug("Could not show the state of job {} (step {}) in its instance yet: {}", job.getKey(), job.getElementId(), e.toString());
    }
  }

  private static boolean sleep(Duration delay) {
    try {
      Thread.sleep(delay);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false; // shutting down: complete with what was seen, the drawn timer takes over
    }
  }
}
