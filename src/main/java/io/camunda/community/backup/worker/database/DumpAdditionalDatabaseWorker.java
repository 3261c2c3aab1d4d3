package io.camunda.community.backup.worker.database;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.JobHeartbeat;
import io.camunda.community.backup.worker.LastRetry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Dumps one additional database of the cluster ({@code additional-databases}, e.g. Web Modeler's)
 * under the set's backup ID, after exporting is resumed: Zeebe's exporter does not feed it, so it
 * never lengthens the pause. One job per database (the model's multi-instance), under a {@link
 * JobHeartbeat} as the Camunda database's dump: never handed out twice while the tool runs, killed
 * when the job goes away. The model runs them one after the other, so a failure voids a set no
 * other dump is still writing to. A tool failure is retried; the last one becomes the BPMN error {@code
 * ADDITIONAL_DATABASE_DUMP_FAILED}, and the model voids the set (a set without one of its
 * databases must not count as a restore point).
 */
@Component
public class DumpAdditionalDatabaseWorker {

  private final DatabaseDumps dumps;
  private final JobHeartbeat heartbeat;

  public DumpAdditionalDatabaseWorker(DatabaseDumps dumps, JobHeartbeat heartbeat) {
    this.dumps = dumps;
    this.heartbeat = heartbeat;
  }

  @JobWorker(type = "c8backup-additional-database-dump", timeout = DumpDatabaseWorker.JOB_TIMEOUT_MILLIS)
  public Map<String, Object> dump(ActivatedJob job, @Variable String clusterName, @Variable long backupId,
      @Variable(name = BackupVariables.ADDITIONAL_DATABASE) String part) {
    DumpRecord record = LastRetry.orBpmnError(job, "ADDITIONAL_DATABASE_DUMP_FAILED",
        "Dump of additional database '" + part + "' of cluster '" + clusterName + "' for backup " + backupId + " failed: ",
        () -> heartbeat.whileActive(job, DumpDatabaseWorker.JOB_TIMEOUT, cancelled -> dumps.dump(clusterName, part, backupId, cancelled)));
    Map<String, Object> dump = new LinkedHashMap<>();
    dump.put("part", part);
    dump.put("file", record.file());
    dump.put("directory", dumps.directory(clusterName, part).toString());
    dump.put("database", record.database());
    dump.put("sizeBytes", record.sizeBytes());
    dump.put("sha256", record.sha256());
    dump.put("took", record.took());
    dump.put("completedAt", record.createdAt());
    return Map.of(BackupVariables.ADDITIONAL_DUMP, dump);
  }
}
