package io.camunda.community.backup.metrics;

import io.camunda.community.backup.config.ClusterRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * Who holds each cluster's lock, as the lock keeper last confirmed it:
 *
 * <ul>
 *   <li>{@code c8backup_lock_held{cluster, kind}}: 1 for the kind of run that holds it ({@code
 *       backup}, {@code restore}, {@code retention}, {@code backup-health-check}, else {@code
 *       other}), 0 for the others;
 *   <li>{@code c8backup_lock_acquired_timestamp_seconds{cluster}}: when the holder asked for it
 *       (Unix time), 0 when the lock is free. An alert on its age catches a lock held longer than
 *       the longest run.
 * </ul>
 *
 * <p>The keeper confirms its holder at every holder check ({@code lock.holder-check-interval}, 1
 * minute by default), so a run shorter than that may never show; the holder's release clears it at
 * once, and so does a check that finds the holder gone.
 */
@Component
public class LockMetrics {

  static final List<String> KINDS = List.of("backup", "restore", "retention", "backup-health-check", "other");

  /** The run holding a lock. */
  record Hold(long holderKey, String kind, Instant since) {}

  private final Map<String, AtomicReference<Hold>> holds = new ConcurrentHashMap<>();

  public LockMetrics(MeterRegistry registry, ClusterRegistry clusters) {
    for (String cluster : clusters.names()) {
      AtomicReference<Hold> hold = new AtomicReference<>();
      holds.put(cluster, hold);
      Gauge.builder("c8backup.lock.acquired.timestamp", hold, h -> h.get() == null ? 0 : h.get().since().toEpochMilli() / 1000.0)
          .description("When the run holding the cluster's lock asked for it (Unix time), 0 when the lock is free")
          .baseUnit("seconds").tags("cluster", cluster).strongReference(true).register(registry);
      for (String kind : KINDS) {
        Gauge.builder("c8backup.lock.held", hold, h -> h.get() != null && h.get().kind().equals(kind) ? 1 : 0)
            .description("1 while a run of this kind holds the cluster's lock").tags("cluster", cluster, "kind", kind)
            .strongReference(true).register(registry);
      }
    }
  }

  /**
   * @param holderProcess the holder's BPMN process ID
   * @param since when the holder asked for the lock; null when unknown (then: first confirmed)
   */
  public void held(String cluster, long holderKey, String holderProcess, Instant since, Instant now) {
    AtomicReference<Hold> hold = holds.get(cluster);
    if (hold != null) {
      String kind = KINDS.contains(holderProcess) ? holderProcess : "other";
      hold.updateAndGet(known -> known != null && known.holderKey() == holderKey ? known
          : new Hold(holderKey, kind, since != null ? since : now));
    }
  }

  /** The holder released the lock, or is gone; a release by a run that does not hold it changes nothing. */
  public void released(String cluster, long holderKey) {
    AtomicReference<Hold> hold = holds.get(cluster);
    if (hold != null) {
      hold.updateAndGet(known -> known != null && known.holderKey() == holderKey ? null : known);
    }
  }
}
