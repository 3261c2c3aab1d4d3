package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.database.DatabaseDumps;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.springframework.stereotype.Service;

/**
 * After the database of a point-in-time restore is restored, before Zeebe is: every partition's
 * exported position in it (EXPORTER_POSITION) must lie inside the Zeebe backup range the restore
 * uses, between the range's first log position and the checkpoint restored to. Otherwise Zeebe's
 * restore application fails ("No usable range found for partition ...", also for a position of -1,
 * camunda/camunda#47587) or picks a checkpoint later than the point; the restore halts instead.
 */
@Service
public class ExporterPositionCheck {

  private final DatabaseDumps dumps;

  public ExporterPositionCheck(DatabaseDumps dumps) {
    this.dumps = dumps;
  }

  /**
   * @return each partition's exported position in the restored database
   * @throws RestoreHaltedException naming every partition that does not fit, and what to do
   */
  public Map<Integer, Long> check(String clusterName, RestorePoint point, BooleanSupplier cancelled) {
    Map<Integer, Long> positions = dumps.exporterPositions(clusterName, cancelled).orElseThrow(() -> new RestoreHaltedException(
        "The exported positions of " + dumps.describe(clusterName) + " cannot be read: the database is dumped by a configured"
            + " command, which the orchestrator cannot query. " + whatNow(point)));
    StringBuilder problems = new StringBuilder();
    point.checkpointPositions().forEach((partition, checkpoint) -> {
      Long exported = positions.get(partition);
      Long rangeStart = point.rangeStartPositions().get(partition);
      if (exported == null) {
        problems.append(" Partition ").append(partition).append(" has no exporter position (").append(positions.isEmpty()
                ? "the restored database holds no EXPORTER_POSITION table, or no row in it" : "no row in EXPORTER_POSITION")
            .append("): Zeebe's restore application would fail with 'No usable range found for partition ").append(partition).append("'.");
      } else if (exported < 0) {
        problems.append(" Partition ").append(partition).append(" has exporter position ").append(exported)
            .append(" (nothing exported when the dump was taken): Zeebe's restore application fails on it with 'No usable range"
                + " found for partition ").append(partition).append("' (camunda/camunda#47587).");
      } else if (exported > checkpoint) {
        problems.append(" Partition ").append(partition).append(" is AHEAD of the point in the database: exported up to position ")
            .append(exported).append(", beyond the checkpoint ").append(checkpoint).append(" of Zeebe backup ").append(point.zeebeBackupId())
            .append(" (").append(point.at()).append("): Zeebe would be restored to a later checkpoint than the point.");
      } else if (rangeStart != null && exported < rangeStart - 1) {
        problems.append(" Partition ").append(partition).append(" is older in the database (exported up to position ").append(exported)
            .append(") than its backup range, which starts at position ").append(rangeStart).append(": no Zeebe backup joins it.");
      }
    });
    if (!problems.isEmpty()) {
      throw new RestoreHaltedException("The restored database does not fit the point in time " + point.requestedAt() + " of cluster '"
          + clusterName + "':" + problems + " " + whatNow(point));
    }
    return new TreeMap<>(positions);
  }

  private static String whatNow(RestorePoint point) {
    return "The database holds dump " + point.dumpBackupId() + " (" + point.dumpAt() + "); Zeebe is stopped and untouched. Cancel this"
        + " restore and restore to another point, or by backup ID; resolving this incident reads the positions again.";
  }
}
