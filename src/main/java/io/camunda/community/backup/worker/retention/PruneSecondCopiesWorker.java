package io.camunda.community.backup.worker.retention;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.replication.SecondCopyRetention;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * After retention deleted what the primary location no longer keeps: deletes the second copies
 * beyond {@code second-location.keep-complete} (a second location that keeps its own number of
 * sets). Nothing for other clusters. A second store that cannot be listed is a fault: retried, then
 * an incident; nothing is deleted on a partial view.
 */
@Component
public class PruneSecondCopiesWorker {

  private final SecondCopyRetention retention;

  public PruneSecondCopiesWorker(SecondCopyRetention retention) {
    this.retention = retention;
  }

  @JobWorker(type = "c8backup-second-location-prune")
  public Map<String, Object> prune(@Variable String clusterName) {
    return Map.of("secondCopiesDeleted", retention.prune(clusterName));
  }
}
