package io.camunda.community.backup.restore;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The latest restore drill that passed, per source cluster: what a restore of that cluster is
 * expected to take (the plan says so) and what the drill gauges show. Drills that ended in this
 * worker are kept in memory; for one that ended before it started, the {@link DrillRecords} (the
 * control cluster's finished drills) are asked once per source, so a restart does not forget the
 * last rehearsal. Records that cannot be read leave it unknown and are asked again next time.
 */
@Component
public class DrillHistory {

  private static final Logger LOG = LoggerFactory.getLogger(DrillHistory.class);

  private final Map<String, DrillResult> lastPassed = new ConcurrentHashMap<>();
  private final Set<String> looked = ConcurrentHashMap.newKeySet();
  private final DrillRecords records;

  @Autowired
  public DrillHistory(ObjectProvider<DrillRecords> records) {
    this(records.getIfAvailable());
  }

  /** @param records null: drills of this worker only */
  public DrillHistory(DrillRecords records) {
    this.records = records;
  }

  public void record(DrillResult result) {
    if (result.passed() && result.rto() != null) {
      lastPassed.merge(result.sourceCluster(), result, (old, now) -> now.finishedAt().isAfter(old.finishedAt()) ? now : old);
    }
  }

  public Optional<DrillResult> lastPassed(String sourceCluster) {
    DrillResult known = lastPassed.get(sourceCluster);
    if (known != null || records == null || looked.contains(sourceCluster)) {
      return Optional.ofNullable(known);
    }
    try {
      records.lastPassed(sourceCluster).ifPresent(this::record);
      looked.add(sourceCluster);
    } catch (RuntimeException e) {
      LOG.warn("The restore drills of '{}' recorded in the control cluster cannot be read, the expected restore duration stays"
          + " unknown: {}", sourceCluster, e.getMessage());
    }
    return Optional.ofNullable(lastPassed.get(sourceCluster));
  }
}
