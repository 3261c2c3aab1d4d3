package io.camunda.community.backup.worker.health;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Is there a complete backup set newer than the cluster's {@code max-backup-age}? */
@Component
public class CheckBackupFreshnessWorker {

  private final BackupFreshness freshness;

  public CheckBackupFreshnessWorker(BackupFreshness freshness) {
    this.freshness = freshness;
  }

  @JobWorker(type = "c8backup-catalog-check-freshness")
  public Map<String, Object> check(@Variable String clusterName) {
    return freshness.check(clusterName).asVariables();
  }
}
