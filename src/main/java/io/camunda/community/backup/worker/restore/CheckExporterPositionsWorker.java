package io.camunda.community.backup.worker.restore;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.restore.ExporterPositionCheck;
import io.camunda.community.backup.restore.RestorePoint;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Point-in-time restore: the restored database's exporter positions against the backup the
 * restore lands on. One short query; read-only, so a second delivery does no harm.
 */
@Component
public class CheckExporterPositionsWorker {

  private final ExporterPositionCheck check;

  public CheckExporterPositionsWorker(ExporterPositionCheck check) {
    this.check = check;
  }

  @JobWorker(type = "c8backup-restore-check-exporter-positions")
  public Map<String, Object> check(@Variable String clusterName, @Variable RestorePoint restorePoint) {
    return Map.of(RestoreVariables.EXPORTER_POSITIONS, check.check(clusterName, restorePoint, () -> false));
  }
}
