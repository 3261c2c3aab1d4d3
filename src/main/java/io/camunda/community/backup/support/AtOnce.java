package io.camunda.community.backup.support;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Independent blocking requests sent at the same time, each on a virtual thread of its own, with
 * their answers and faults taken as if they had been made on the calling thread. Callers submit to
 * {@link #readers()} in a try-with-resources block: closing it waits for every request, so none is
 * still running when the caller goes on, even after a fault.
 */
public final class AtOnce {

  private AtOnce() {}

  public static ExecutorService readers() {
    return Executors.newVirtualThreadPerTaskExecutor();
  }

  /** Both answers; the first's fault wins when both fail. */
  public static <A, B> Both<A, B> both(Supplier<A> first, Supplier<B> second) {
    try (ExecutorService readers = readers()) {
      Future<A> a = readers.submit(first::get);
      Future<B> b = readers.submit(second::get);
      return new Both<>(awaited(a), awaited(b));
    }
  }

  public record Both<A, B>(A first, B second) {}

  /** The request's answer, or the fault it raised. */
  public static <T> T awaited(Future<T> request) {
    try {
      return request.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for a request", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException fault) {
        throw fault;
      }
      if (e.getCause() instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
