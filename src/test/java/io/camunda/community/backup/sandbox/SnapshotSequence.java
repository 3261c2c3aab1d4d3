package io.camunda.community.backup.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the snapshots of one backup one after another without blocking anyone, as the web apps
 * and Optimize do: a part starts once the previous one has ended, plus a delay. When the
 * component taking the backup goes down, no further part starts (the one running in OpenSearch
 * still ends there), so the backup stays incomplete.
 */
final class SnapshotSequence {

  /**
   * One snapshot of the backup.
   *
   * @param indices index names or patterns, comma separated
   * @param unassignedIndex an index (or null) created just before this part and removed after
   *     it, whose primary shard never gets allocated, so OpenSearch ends the part PARTIAL
   */
  record Part(String name, String indices, Map<String, Object> metadata, String unassignedIndex) {}

  private static final Logger LOG = LoggerFactory.getLogger(SnapshotSequence.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(50);

  private final SnapshotRepository repository;
  private final ScheduledExecutorService scheduler;
  private final List<Part> parts;
  private final Duration partDelay;
  private final Instant laterPartsNotBefore;
  private final BooleanSupplier heldBack;
  private final BooleanSupplier stuck;
  private final BooleanSupplier componentUp;
  private volatile boolean done;

  /**
   * @param laterPartsNotBefore parts after the first wait at least until then
   * @param heldBack while true, parts after the first wait (released by what the test observes,
   *     not by time)
   * @param stuck while true, no further part starts
   * @param componentUp once false, no further part starts and the sequence ends
   */
  SnapshotSequence(
      SnapshotRepository repository,
      ScheduledExecutorService scheduler,
      List<Part> parts,
      Duration partDelay,
      Instant laterPartsNotBefore,
      BooleanSupplier heldBack,
      BooleanSupplier stuck,
      BooleanSupplier componentUp) {
    this.repository = repository;
    this.scheduler = scheduler;
    this.parts = List.copyOf(parts);
    this.partDelay = partDelay;
    this.laterPartsNotBefore = laterPartsNotBefore;
    this.heldBack = heldBack;
    this.stuck = stuck;
    this.componentUp = componentUp;
  }

  void start() {
    later(Duration.ZERO, () -> startPart(0));
  }

  boolean isDone() {
    return done;
  }

  private void startPart(int index) {
    if (!componentUp.getAsBoolean()) {
      LOG.info("Component stopped: {} and the parts after it are never taken", parts.get(index).name());
      done = true;
      return;
    }
    if (index > 0) {
      if (stuck.getAsBoolean() || heldBack.getAsBoolean()) {
        later(POLL_INTERVAL, () -> startPart(index));
        return;
      }
      var wait = Duration.between(Instant.now(), laterPartsNotBefore);
      if (wait.isPositive()) {
        later(wait, () -> startPart(index));
        return;
      }
    }
    var part = parts.get(index);
    if (part.unassignedIndex() != null) {
      repository.createUnassignedIndex(part.unassignedIndex());
    }
    repository.startSnapshot(part.name(), part.indices(), part.metadata(), part.unassignedIndex() != null);
    awaitEnd(index);
  }

  private void awaitEnd(int index) {
    var part = parts.get(index);
    var state = repository.state(part.name());
    if ("IN_PROGRESS".equals(state)) {
      later(POLL_INTERVAL, () -> awaitEnd(index));
      return;
    }
    if (part.unassignedIndex() != null) {
      repository.deleteIndex(part.unassignedIndex());
    }
    if (state == null || state.equals("FAILED")) {
      // like the real apps: no further parts after a failed (or vanished) one
      LOG.warn("Snapshot {} ended {}, not taking the remaining parts", part.name(), state);
      done = true;
      return;
    }
    if (index == parts.size() - 1 || !componentUp.getAsBoolean()) {
      done = true;
    } else {
      later(partDelay, () -> startPart(index + 1));
    }
  }

  /** Runs a step on the scheduler; any error ends the sequence, leaving the backup unfinished. */
  private void later(Duration delay, Runnable step) {
    Runnable guarded =
        () -> {
          try {
            step.run();
          } catch (RuntimeException e) {
            LOG.warn("Snapshot sequence of {} stopped", parts.getFirst().name(), e);
            done = true;
          }
        };
    try {
      scheduler.schedule(guarded, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      done = true; // the cluster was closed
    }
  }
}
