package io.camunda.community.backup.worker.database;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Dumps the Camunda database while exporting is soft-paused, under a name carrying the backup ID,
 * and records size and SHA-256 next to it (RDBMS storage, before the Zeebe backup of the same ID).
 *
 * <p>A tool failure is retried with back-off (a database restarting, a full disk freed); when the
 * last retry fails too it becomes the BPMN error {@code DATABASE_DUMP_FAILED}, so the model
 * resumes exporting at once and ends the backup FAILED with the tool's message, instead of an
 * incident holding exporting paused until the watchdog fires. The job runs as long as the dump
 * does, so its timeout is long; a dump that hangs is killed by {@code tool-timeout}.
 */
@Component
public class DumpDatabaseWorker {

  /** Above the default tool timeout (2 h), so Zeebe never hands a running dump to a second worker. */
  static final long JOB_TIMEOUT_MILLIS = 3 * 60 * 60 * 1000L;

  private final DatabaseDumps dumps;
  private final Clock clock;

  public DumpDatabaseWorker(DatabaseDumps dumps, Clock clock) {
    this.dumps = dumps;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-database-dump", timeout = JOB_TIMEOUT_MILLIS)
  public Map<String, Object> dump(ActivatedJob job, @Variable String clusterName, @Variable long backupId) {
    String startedAt = clock.instant().toString();
    DumpRecord record;
    try {
      record = dumps.dump(clusterName, backupId);
    } catch (TargetUnavailableException e) {
      if (job.getRetries() <= 1) {
        throw new BackupStepFailedException("DATABASE_DUMP_FAILED",
            "Dump of the database of cluster '" + clusterName + "' for backup " + backupId + " failed: " + e.getMessage());
      }
      throw e;
    }
    Map<String, Object> dump = new LinkedHashMap<>();
    dump.put("file", record.file());
    dump.put("directory", dumps.directory(clusterName).toString());
    dump.put("database", record.database());
    dump.put("sizeBytes", record.sizeBytes());
    dump.put("sha256", record.sha256());
    dump.put("took", record.took());
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("databaseDump", dump);
    variables.put("databaseDumpStartedAt", startedAt);
    variables.put("databaseDumpCompletedAt", record.createdAt());
    return variables;
  }
}
