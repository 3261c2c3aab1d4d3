package io.camunda.community.backup.worker.lock;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Start listener of every run's "Acquire cluster lock": hands the lock the run's own process
 * instance key ({@code lockHolderKey}), which the lock keeper checks and a release must name, and
 * its process ID ({@code lockHolderKind}: backup, restore, ...), which the lock metrics show.
 */
@Component
public class IdentifyLockHolderWorker {

  @JobWorker(type = "c8backup-cluster-lock-identify-holder")
  public Map<String, Object> identify(ActivatedJob job) {
    return Map.of("lockHolderKey", job.getProcessInstanceKey(), "lockHolderKind", job.getBpmnProcessId());
  }
}
