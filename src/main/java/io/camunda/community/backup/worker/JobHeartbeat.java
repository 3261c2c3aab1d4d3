package io.camunda.community.backup.worker;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Keeps a long-running job alive while its work runs, and tells the work when the job is gone.
 *
 * <p>Every {@link #INTERVAL} it renews the job's deadline ({@code UpdateJobTimeout}, to now +
 * {@code lease}): however long the work runs, Zeebe never hands the job to a second worker while
 * the first still runs it. When the engine answers NOT_FOUND the job no longer exists: its instance
 * was cancelled, or the element was terminated (the watchdog timer or the cancellation message
 * interrupting the sub-process around it). The work then sees its {@code cancelled} supplier
 * answer true and stops (a dump tool is killed), and the job is neither completed nor failed.
 * Other errors (the control cluster briefly unreachable) are logged and the job keeps running:
 * only a definite answer stops work.
 */
@Component
public class JobHeartbeat implements DisposableBean {

  private static final Logger LOG = LoggerFactory.getLogger(JobHeartbeat.class);

  /** How often the job's deadline is renewed and its existence checked, at most. */
  public static final Duration INTERVAL = Duration.ofSeconds(3);
  static final Duration MIN_RENEWAL_INTERVAL = Duration.ofMillis(250);

  /** The lease of the job the current thread's handler runs, for work that checks whether its job still exists. */
  private static final ThreadLocal<Beat> HELD_BY_THIS_THREAD = new ThreadLocal<>();

  private final CamundaClient client;
  private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("job-heartbeat").daemon().factory());

  public JobHeartbeat(CamundaClient client) {
    this.client = client;
  }

  /**
   * Runs {@code work} while renewing the job's deadline every {@link #INTERVAL}.
   *
   * @param lease the deadline each renewal sets (from now); the worker's job timeout
   * @param work gets a supplier that answers true once the job no longer exists
   * @return what {@code work} returned
   * @throws JobNoLongerActiveException the job disappeared while the work ran (whatever the work
   *     then returned or threw): the caller must not complete or fail it
   */
  public <T> T whileActive(ActivatedJob job, Duration lease, Function<BooleanSupplier, T> work) {
    Beat beat = new Beat(job, lease);
    ScheduledFuture<?> beating = scheduler.scheduleWithFixedDelay(beat, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    try {
      T result = work.apply(beat::gone);
      if (beat.gone()) {
        throw beat.noLongerActive(null);
      }
      return result;
    } catch (RuntimeException e) {
      if (beat.gone() && !(e instanceof JobNoLongerActiveException)) {
        throw beat.noLongerActive(e);
      }
      throw e;
    } finally {
      beating.cancel(false);
    }
  }

  /**
   * Holds {@code job} while the returned lease is open: renews its deadline to now + {@code lease}
   * every {@link #renewalInterval(Duration)}, the first renewal one interval in, so a job that ends
   * sooner sends nothing. Every job of this application runs under one ({@link
   * LeasedJobWorkerManager}): its job timeout can then be short, and a job held by a worker that
   * died is handed out again within that timeout instead of after minutes.
   */
  public Lease hold(ActivatedJob job, Duration lease) {
    Beat beat = new Beat(job, lease);
    long every = renewalInterval(lease).toMillis();
    ScheduledFuture<?> beating = scheduler.scheduleWithFixedDelay(beat, every, every, TimeUnit.MILLISECONDS);
    HELD_BY_THIS_THREAD.set(beat);
    return () -> {
      beating.cancel(false);
      HELD_BY_THIS_THREAD.remove();
    };
  }

  /**
   * Whether the job whose handler runs on this thread is known to be gone (a renewal of its {@link
   * #hold lease} was answered NOT_FOUND: its instance was cancelled or its step interrupted). False
   * when this thread holds no lease or the answer is not in yet.
   */
  public static boolean heldJobGone() {
    Beat beat = HELD_BY_THIS_THREAD.get();
    return beat != null && beat.gone();
  }

  /** A job held by {@link #hold}; closing it stops the renewals. */
  public interface Lease extends AutoCloseable {
    @Override
    void close();
  }

  /** A quarter of the lease (three renewals may be lost before it runs out), at most {@link #INTERVAL}. */
  static Duration renewalInterval(Duration lease) {
    Duration quarter = lease.dividedBy(4);
    if (quarter.compareTo(MIN_RENEWAL_INTERVAL) < 0) {
      return MIN_RENEWAL_INTERVAL;
    }
    return quarter.compareTo(INTERVAL) > 0 ? INTERVAL : quarter;
  }

  @Override
  public void destroy() {
    scheduler.shutdownNow();
  }

  private final class Beat implements Runnable {
    private final ActivatedJob job;
    private final Duration lease;
    private final AtomicBoolean inFlight = new AtomicBoolean();
    private volatile boolean gone;

    Beat(ActivatedJob job, Duration lease) {
      this.job = job;
      this.lease = lease;
    }

    boolean gone() {
      return gone;
    }

    @Override
    public void run() {
      if (gone || !inFlight.compareAndSet(false, true)) {
        return; // the last renewal is still under way
      }
      try {
        client.newUpdateTimeoutCommand(job.getKey()).timeout(lease).send().whenComplete((ok, error) -> {
          inFlight.set(false);
          if (error != null) {
            onError(error);
          }
        });
      } catch (RuntimeException e) {
        inFlight.set(false);
        onError(e);
      }
    }

    private void onError(Throwable error) {
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (isNotFound(cause)) {
        gone = true;
        LOG.info("Job {} of step {} (instance {}) no longer exists: its instance was cancelled or the step was"
            + " interrupted; stopping its work", job.getKey(), job.getElementId(), job.getProcessInstanceKey());
      } else {
        LOG.warn("Could not renew the deadline of job {} of step {} (instance {}); the work goes on: {}",
            job.getKey(), job.getElementId(), job.getProcessInstanceKey(), cause.toString());
      }
    }

    JobNoLongerActiveException noLongerActive(Throwable cause) {
      return new JobNoLongerActiveException(job.getKey(), "Job " + job.getKey() + " of step " + job.getElementId()
          + " (instance " + job.getProcessInstanceKey() + ") no longer exists; its work was stopped", cause);
    }
  }

  /**
   * gRPC NOT_FOUND or REST 404: the engine has no such job (any more). The future of an
   * asynchronous command fails with the bare {@code StatusRuntimeException} (only {@code join()}
   * wraps it in a {@link ClientStatusException}), so the status is read from the cause chain.
   */
  static boolean isNotFound(Throwable error) {
    if (error instanceof ClientStatusException status) {
      return status.getStatusCode() == Status.Code.NOT_FOUND;
    }
    if (error instanceof ClientHttpException http) {
      return http.code() == 404;
    }
    return Status.fromThrowable(error).getCode() == Status.Code.NOT_FOUND;
  }
}
