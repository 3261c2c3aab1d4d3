package io.camunda.community.backup.worker.database;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.worker.JobHeartbeat;
import io.camunda.community.backup.worker.restore.RestoreVariables;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * Replaces the whole Camunda database with the dump of the backup (RDBMS storage, contract 3.2
 * step 2), after reading the dump once more and comparing its SHA-256: a dump changed since the
 * pre-flight stops here, before the database is touched. The tool reads a private copy made while
 * the checksum was computed, so it restores exactly the verified bytes. Repeatable: every run
 * restores the dump from scratch, so resolving the incident of a failed run simply restores again.
 * Runs under a {@link JobHeartbeat}: a restore longer than the job timeout is never handed out
 * twice, and a cancelled restore's tool is killed.
 */
@Component
public class RestoreDatabaseWorker {

  private final DatabaseDumps dumps;
  private final JobHeartbeat heartbeat;
  private final Clock clock;

  public RestoreDatabaseWorker(DatabaseDumps dumps, JobHeartbeat heartbeat, Clock clock) {
    this.dumps = dumps;
    this.heartbeat = heartbeat;
    this.clock = clock;
  }

  private record Restored(DumpRecord record, Map<String, Long> rows) {}

  @JobWorker(type = "c8backup-database-restore", timeout = DumpDatabaseWorker.JOB_TIMEOUT_MILLIS)
  public Map<String, Object> restore(ActivatedJob job, @Variable String clusterName, @Variable long backupId,
      @Variable(name = RestoreVariables.MANIFEST_TABLE_ROWS) Map<String, Object> manifestTableRows) {
    Set<String> tables = manifestTableRows == null ? Set.of() : new TreeSet<>(manifestTableRows.keySet());
    Restored done = heartbeat.whileActive(job, DumpDatabaseWorker.JOB_TIMEOUT, cancelled -> {
      DumpRecord restoredDump = dumps.restore(clusterName, backupId, cancelled);
      // Counted before anything is started again: exactly what the restore loaded (RestoreVerifier).
      return new Restored(restoredDump, dumps.countRows(clusterName, tables, cancelled));
    });
    DumpRecord record = done.record();
    Map<String, Object> restored = new LinkedHashMap<>();
    restored.put("database", record.database());
    restored.put("file", record.file());
    restored.put("sizeBytes", record.sizeBytes());
    restored.put("sha256", record.sha256());
    restored.put("restoredAt", clock.instant().toString());
    restored.put("rows", done.rows());
    return Map.of("restoredDatabase", restored);
  }
}
