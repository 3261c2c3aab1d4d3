package io.camunda.community.backup.worker.records;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.StatusWait;
import io.camunda.community.backup.worker.StatusWait.Seen;
import io.camunda.community.backup.worker.WaitedWork;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Checks the Zeebe records snapshot's {@code _status} (contract 2.1 step 7) until done or the drawn timer takes over. */
@Component
public class CheckRecordsSnapshotWorker {

  private final TargetClients clients;
  private final ClusterRegistry registry;
  private final StatusWait wait;

  public CheckRecordsSnapshotWorker(TargetClients clients, ClusterRegistry registry, StatusWait wait) {
    this.clients = clients;
    this.registry = registry;
    this.wait = wait;
  }

  @JobWorker(type = "c8backup-records-check-snapshot")
  public Map<String, Object> check(ActivatedJob job,
      @Variable String clusterName, @Variable String zeebeRecordsSnapshot, @Variable String recordsSnapshotTransientSince,
      @Variable String recordsSnapshotStartedAt, @Variable Integer recordsSnapshotChecks) {
    return wait.check(job, clusterName, registry.get(clusterName), WaitedWork.RECORDS_SNAPSHOT, "Zeebe records snapshot " + zeebeRecordsSnapshot,
        recordsSnapshotStartedAt, recordsSnapshotTransientSince, recordsSnapshotChecks,
        () -> Seen.of(clients.snapshots(clusterName).snapshotState(zeebeRecordsSnapshot).orElse("DOES_NOT_EXIST")));
  }
}
