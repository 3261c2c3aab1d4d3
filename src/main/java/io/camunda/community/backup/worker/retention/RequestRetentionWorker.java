package io.camunda.community.backup.worker.retention;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.control.RetentionRequests;
import java.util.Map;
import org.springframework.stereotype.Component;

/** After a completed backup: starts a retention run for the cluster (when its policy is enabled). */
@Component
public class RequestRetentionWorker {

  private final ClusterRegistry registry;
  private final RetentionRequests retention;

  public RequestRetentionWorker(ClusterRegistry registry, RetentionRequests retention) {
    this.registry = registry;
    this.retention = retention;
  }

  @JobWorker(type = "c8backup-retention-request")
  public Map<String, Object> request(@Variable String clusterName) {
    if (!registry.get(clusterName).retention().enabled()) {
      return Map.of("retentionRequested", false);
    }
    long key = retention.start(clusterName, false, "after-backup");
    return Map.of("retentionRequested", true, "retentionProcessInstanceKey", key);
  }
}
