package io.camunda.community.backup.worker.database;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Replaces the whole Camunda database with the dump of the backup (RDBMS storage, contract 3.2
 * step 2), after reading the dump once more and comparing its SHA-256: a dump changed since the
 * pre-flight stops here, before the database is touched. Repeatable: every run restores the dump
 * from scratch, so resolving the incident of a failed run simply restores again.
 */
@Component
public class RestoreDatabaseWorker {

  private final DatabaseDumps dumps;
  private final Clock clock;

  public RestoreDatabaseWorker(DatabaseDumps dumps, Clock clock) {
    this.dumps = dumps;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-database-restore", timeout = DumpDatabaseWorker.JOB_TIMEOUT_MILLIS)
  public Map<String, Object> restore(@Variable String clusterName, @Variable long backupId) {
    DumpRecord record = dumps.restore(clusterName, backupId);
    Map<String, Object> restored = new LinkedHashMap<>();
    restored.put("database", record.database());
    restored.put("file", record.file());
    restored.put("sizeBytes", record.sizeBytes());
    restored.put("sha256", record.sha256());
    restored.put("restoredAt", clock.instant().toString());
    return Map.of("restoredDatabase", restored);
  }
}
