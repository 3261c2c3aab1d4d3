package io.camunda.community.backup.worker;

import io.camunda.client.jobhandling.CamundaClientExecutorService;
import io.camunda.client.spring.properties.CamundaClientProperties;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every job handler runs on a virtual thread of its own, so a step that blocks (a database dump
 * for hours, a snapshot restore, a status check that keeps checking inside its job) never holds a
 * thread another cluster's step is waiting for, and a fleet of clusters needs no thread-pool
 * tuning (issue 11). How many jobs of one type run at once is bounded by the worker's {@code
 * max-jobs-active} instead; {@code camunda.client.execution-threads} now sizes only the platform
 * threads that schedule polls and stream reconnects.
 *
 * <p>The client hands each activated job to its executor's {@code execute}; scheduled work (polls,
 * back-offs) goes through {@code schedule}. Replaces the starter's {@code CamundaClientExecutorService}.
 */
@Configuration(proxyBeanMethods = false)
public class JobHandlerThreads {

  @Bean
  CamundaClientExecutorService camundaClientExecutorService(CamundaClientProperties properties) {
    Integer threads = properties.getExecutionThreads();
    return new CamundaClientExecutorService(new VirtualThreadHandlers(threads == null || threads < 1 ? 1 : threads), true);
  }

  /** Schedules on a few platform threads; runs what is executed (the job handlers) on virtual threads. */
  public static final class VirtualThreadHandlers extends ScheduledThreadPoolExecutor {

    private final ExecutorService handlers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("job-handler-", 0).factory());

    /**
     * Non-daemon scheduler threads, as the starter's own pool: a worker without the HTTP API has no
     * other thread that keeps its JVM running (virtual threads never do).
     */
    VirtualThreadHandlers(int schedulerThreads) {
      super(schedulerThreads, Thread.ofPlatform().name("camunda-client-scheduler-", 0).factory());
    }

    @Override
    public void execute(Runnable command) {
      handlers.execute(command);
    }

    @Override
    public void shutdown() {
      handlers.shutdown();
      super.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
      handlers.shutdownNow();
      return super.shutdownNow();
    }

    @Override
    public boolean isTerminated() {
      return handlers.isTerminated() && super.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
      long deadline = System.nanoTime() + unit.toNanos(timeout);
      return handlers.awaitTermination(timeout, unit) && super.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
  }
}
