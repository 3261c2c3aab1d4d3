package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.community.backup.metrics.BackupMetrics;
import io.camunda.community.backup.notify.Notification;
import io.camunda.community.backup.notify.NotificationEvent;
import io.camunda.community.backup.notify.Notifier;
import io.camunda.community.backup.worker.BackupVariables;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Last step of every path: condenses the instance into one {@code backupResult} variable (ID,
 * state, snapshot names per component, duration of each phase and of the exporting pause) that
 * operators read in Operate and the catalog can rely on. A run that did not complete (FAILED,
 * CANCELLED, REFUSED) is notified as {@code backup-failed}, once per instance, in the background.
 */
@Component
public class SummarizeBackupWorker {

  private final Clock clock;
  private final BackupMetrics metrics;
  private final Notifier notifier;

  public SummarizeBackupWorker(Clock clock, BackupMetrics metrics, Notifier notifier) {
    this.clock = clock;
    this.metrics = metrics;
    this.notifier = notifier;
  }

  @JobWorker(type = "c8backup-summarize-backup", fetchAllVariables = true)
  public Map<String, Object> summarize(ActivatedJob job) {
    Map<String, Object> v = job.getVariablesAsMap();
    Instant now = clock.instant();

    Map<String, Object> snapshots = new LinkedHashMap<>();
    snapshots.put("webapps", v.get("webappsSnapshots"));
    snapshots.put("optimize", v.get("optimizeSnapshots"));
    snapshots.put("zeebeRecords", v.get("zeebeRecordsSnapshot"));
    snapshots.put("zeebePartitions", v.get("zeebePartitions"));
    if (v.get("databaseDump") != null) {
      snapshots.put("databaseDump", v.get("databaseDump"));
    }
    if (v.get(BackupVariables.ADDITIONAL_DUMPS) instanceof java.util.List<?> additional && !additional.isEmpty()) {
      snapshots.put(BackupVariables.ADDITIONAL_DUMPS, additional);
    }

    Map<String, Object> durations = new LinkedHashMap<>();
    durations.put("total", between(v.get("startedAt"), now.toString()));
    durations.put("exportingPaused", between(v.get(BackupVariables.EXPORTING_PAUSED_AT), v.get(BackupVariables.EXPORTING_RESUMED_AT)));
    durations.put("webappsBackup", between(v.get("webappsBackupStartedAt"), v.get("webappsBackupCompletedAt")));
    durations.put("optimizeBackup", between(v.get("optimizeBackupStartedAt"), v.get("optimizeBackupCompletedAt")));
    durations.put("zeebeRecordsSnapshot", between(v.get("recordsSnapshotStartedAt"), v.get("recordsSnapshotCompletedAt")));
    durations.put("databaseDump", between(v.get("databaseDumpStartedAt"), v.get("databaseDumpCompletedAt")));
    durations.put("zeebeBackup", between(v.get("zeebeBackupStartedAt"), v.get("zeebeBackupCompletedAt")));

    Map<String, Object> result = new LinkedHashMap<>();
    result.put("backupId", v.get("backupId"));
    result.put("clusterName", v.get("clusterName"));
    result.put("state", outcome(job, v));
    result.put("failureReason", v.get("failureReason"));
    result.put("errorCode", v.get("errorCode"));
    result.put("failedStep", v.get("failedStep"));
    result.put("trigger", v.getOrDefault("trigger", "manual"));
    result.put("requestId", v.get("requestId"));
    result.put(BackupVariables.REQUESTED_BY, v.get(BackupVariables.REQUESTED_BY));
    // The catalog is read from the components' own listings, which hold no notes or names: the
    // note and who asked are kept here, in the run's result.
    result.put("note", v.get("note"));
    if (v.get(BackupVariables.CANCELLED_BY) != null) {
      result.put(BackupVariables.CANCELLED_BY, v.get(BackupVariables.CANCELLED_BY));
    }
    result.put("startedAt", v.get("startedAt"));
    // Set when the failure path deleted every part of the ID: it can never become a restore point.
    if (v.get(BackupVariables.BACKUP_VOIDED_AT) != null) {
      result.put("voidedAt", v.get(BackupVariables.BACKUP_VOIDED_AT));
    }
    result.put("finishedAt", now.toString());
    result.put("snapshots", snapshots);
    result.put("durations", durations);
    metrics.backupEnded(new BackupMetrics.BackupRun(job.getProcessInstanceKey(), String.valueOf(v.get("clusterName")),
        String.valueOf(result.get("state")), String.valueOf(result.get("trigger")), parsed(durations.get("total")),
        parsed(durations.get("exportingPaused")), stepDurations(durations), now, dumpSize(v.get("databaseDump"))));
    if (!"COMPLETED".equals(result.get("state"))) {
      notifier.notify(() -> failed(job.getProcessInstanceKey(), result, now));
    }
    return Map.of("backupResult", result);
  }

  /** What a person needs to act on a run that did not complete: no snapshot names, no secrets (the result holds none). */
  private static Notification failed(long processInstanceKey, Map<String, Object> result, Instant now) {
    String cluster = String.valueOf(result.get("clusterName"));
    Object reason = result.get("failureReason");
    String summary = "Backup " + (result.get("backupId") == null ? "(no ID yet)" : result.get("backupId")) + " of cluster '" + cluster
        + "' ended " + result.get("state") + (result.get("errorCode") == null ? "" : " (" + result.get("errorCode") + ")")
        + (reason == null ? "." : ": " + reason);
    Map<String, Object> details = new LinkedHashMap<>();
    for (String key : new String[] {"backupId", "state", "errorCode", "failureReason", "failedStep", "trigger", "requestId",
        BackupVariables.REQUESTED_BY, BackupVariables.CANCELLED_BY, "startedAt", "finishedAt", "voidedAt"}) {
      details.put(key, result.get(key));
    }
    details.put("processInstanceKey", processInstanceKey);
    return Notification.ofInstance(NotificationEvent.BACKUP_FAILED, processInstanceKey, cluster, summary, details, now);
  }

  /**
   * The task header {@code outcome} says which end this summary is for; a cancellation and a
   * request refused by a guard are told apart from a failure.
   */
  private static String outcome(ActivatedJob job, Map<String, Object> v) {
    String outcome = job.getCustomHeaders().getOrDefault("outcome", "COMPLETED");
    return switch (String.valueOf(v.get("errorCode"))) {
      case "CANCELLED" -> "CANCELLED";
      case "BACKUP_TOO_SOON", "CLUSTER_BUSY", "UNKNOWN_CLUSTER" -> "REFUSED";
      default -> outcome;
    };
  }

  /** The components' backups that ran, by step name (the keys of {@code durations} but total and the pause). */
  private static Map<String, Duration> stepDurations(Map<String, Object> durations) {
    Map<String, Duration> steps = new LinkedHashMap<>();
    durations.forEach((step, took) -> {
      if (took != null && !step.equals("total") && !step.equals("exportingPaused")) {
        steps.put(step, Duration.parse(took.toString()));
      }
    });
    return steps;
  }

  private static Long dumpSize(Object dump) {
    return dump instanceof Map<?, ?> record && record.get("sizeBytes") instanceof Number size ? size.longValue() : null;
  }

  private static Duration parsed(Object duration) {
    return duration == null ? null : Duration.parse(duration.toString());
  }

  /** ISO-8601 duration between two ISO instants, or null when the phase did not run. */
  private static String between(Object from, Object to) {
    if (from == null || to == null) {
      return null;
    }
    return Duration.between(Instant.parse(from.toString()), Instant.parse(to.toString())).toString();
  }
}
