package io.camunda.community.backup.support;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keys already recorded (a run's process instance key, a job's key, a notification's key): a job
 * delivered again, or retried after its answer was lost, is counted or notified once. Bounded: the
 * oldest keys are forgotten.
 */
public final class RecordedOnce {

  private static final int REMEMBERED = 10_000;

  private final Set<Object> recorded = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Object, Boolean> eldest) {
      return size() > REMEMBERED;
    }
  }));

  /** True the first time {@code key} is seen. */
  public boolean first(Object key) {
    return recorded.add(key);
  }
}
