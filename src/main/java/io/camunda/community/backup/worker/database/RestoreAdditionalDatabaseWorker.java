package io.camunda.community.backup.worker.database;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.restore.RestoredAdditionalDatabase;
import io.camunda.community.backup.worker.BackupVariables;
import io.camunda.community.backup.worker.JobHeartbeat;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Replaces one additional database ({@code additional-databases}, e.g. Web Modeler's) with its
 * dump of the restored set, as the Camunda database is replaced: the dump's SHA-256 is compared
 * once more and the tool loads exactly the verified bytes; then the rows of every table the dump
 * holds are counted, for the verification. One job per database (the model's multi-instance),
 * under a {@link JobHeartbeat}; repeatable (every run restores the dump from scratch).
 */
@Component
public class RestoreAdditionalDatabaseWorker {

  public static final String RESTORED = "restoredAdditionalDatabase";

  private final DatabaseDumps dumps;
  private final JobHeartbeat heartbeat;
  private final Clock clock;

  public RestoreAdditionalDatabaseWorker(DatabaseDumps dumps, JobHeartbeat heartbeat, Clock clock) {
    this.dumps = dumps;
    this.heartbeat = heartbeat;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-additional-database-restore", timeout = DumpDatabaseWorker.JOB_TIMEOUT_MILLIS)
  public Map<String, Object> restore(ActivatedJob job, @Variable String clusterName, @Variable long backupId,
      @Variable(name = BackupVariables.ADDITIONAL_DATABASE) String part) {
    RestoredAdditionalDatabase restored = heartbeat.whileActive(job, DumpDatabaseWorker.JOB_TIMEOUT, cancelled -> {
      DumpRecord record = dumps.restore(clusterName, part, backupId, cancelled);
      Map<String, Long> dumpRows = record.tableRows() == null ? Map.of() : record.tableRows();
      // counted before anything is started again: exactly what the restore loaded
      Map<String, Long> rows = dumps.countRows(clusterName, part, dumpRows.keySet(), cancelled);
      return new RestoredAdditionalDatabase(part, record.database(), record.file(), record.sha256(), clock.instant().toString(),
          dumpRows, rows);
    });
    return Map.of(RESTORED, restored);
  }
}
