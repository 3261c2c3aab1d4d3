package io.camunda.community.backup.control;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.continuous.BackupRanges;
import org.springframework.stereotype.Service;

/** What the HTTP API and the {@code window} command show of a cluster with continuous backups. */
@Service
public class RestorableWindows {

  private final ClusterRegistry registry;
  private final BackupRanges ranges;

  public RestorableWindows(ClusterRegistry registry, BackupRanges ranges) {
    this.registry = registry;
    this.ranges = ranges;
  }

  /**
   * @throws InvalidRequestException for a cluster without continuous backups, before anything is read
   */
  public BackupRanges.Findings read(String clusterName) {
    if (!registry.get(clusterName).continuous()) {
      throw new InvalidRequestException("clusterName", "cluster '" + clusterName + "' does not take continuous backups: its"
          + " restore points are the backup sets of its catalog", "ask GET /api/clusters/" + clusterName + "/backups (command:"
          + " catalog " + clusterName + "), or configure continuous-backups.enabled for a Camunda 8.9 cluster that takes them");
    }
    return ranges.check(clusterName);
  }
}
