package io.camunda.community.backup.restore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a restore's time went (its RTO per phase), from the instants its steps recorded: approved,
 * components stopped, cluster started again, healthy, verified. A phase whose end was not recorded
 * (manual mode records no start) is folded into the next one, whose name then says so.
 */
public final class RestorePhases {

  private record Point(String phase, Instant at) {}

  private RestorePhases() {}

  /**
   * @return phase name → ISO-8601 duration, in order; empty without an approval time
   */
  public static Map<String, String> of(Instant approved, Instant stopped, Instant started, Instant healthy, Instant verified) {
    Map<String, String> phases = new LinkedHashMap<>();
    if (approved == null) {
      return phases;
    }
    List<Point> points = new ArrayList<>();
    points.add(new Point("stop components", stopped));
    points.add(new Point("restore data", started));
    points.add(new Point("start until healthy", healthy));
    points.add(new Point("verify", verified));
    Instant from = approved;
    List<String> pending = new ArrayList<>();
    for (Point point : points) {
      pending.add(point.phase());
      if (point.at() != null) {
        phases.put(String.join(" + ", pending), Duration.between(from, point.at()).toString());
        from = point.at();
        pending.clear();
      }
    }
    return phases;
  }
}
