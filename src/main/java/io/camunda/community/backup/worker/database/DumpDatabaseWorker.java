package io.camunda.community.backup.worker.database;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.worker.BackupStepFailedException;
import io.camunda.community.backup.worker.JobHeartbeat;
import java.time.Clock;
import java.time.Duration;
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
 * incident holding exporting paused until the watchdog fires. The dump runs under a {@link
 * JobHeartbeat}: the job's deadline is renewed while the tool runs (a dump longer than the job
 * timeout is never handed out twice), and when the job disappears (the backup was cancelled, the
 * watchdog interrupted the pause window) the tool is killed, its temporary file deleted and the
 * job left alone. A dump that hangs is killed by {@code tool-timeout}.
 */
@Component
public class DumpDatabaseWorker {

  /** Above the default tool timeout (2 h); the heartbeat renews it while the tool runs. */
  static final long JOB_TIMEOUT_MILLIS = 3 * 60 * 60 * 1000L;
  static final Duration JOB_TIMEOUT = Duration.ofMillis(JOB_TIMEOUT_MILLIS);

  private final DatabaseDumps dumps;
  private final JobHeartbeat heartbeat;
  private final Clock clock;

  public DumpDatabaseWorker(DatabaseDumps dumps, JobHeartbeat heartbeat, Clock clock) {
    this.dumps = dumps;
    this.heartbeat = heartbeat;
    this.clock = clock;
  }

  @JobWorker(type = "c8backup-database-dump", timeout = JOB_TIMEOUT_MILLIS)
  public Map<String, Object> dump(ActivatedJob job, @Variable String clusterName, @Variable long backupId) {
    String startedAt = clock.instant().toString();
    DumpRecord record;
    try {
      record = heartbeat.whileActive(job, JOB_TIMEOUT, cancelled -> dumps.dump(clusterName, backupId, cancelled));
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
