package io.camunda.community.backup.chaos;

import java.util.List;
import java.util.Set;

/**
 * The phases of a backup run a chaos kill is aimed at, each by the BPMN elements of {@code
 * backup.bpmn} that make it up (the jobs in flight, the wait loops around them).
 */
enum BackupPhase {
  LOCK_AND_ID("Task_ResolveCluster", "CallActivity_AcquireClusterLock", "Task_AllocateBackupId"),
  PAUSE_EXPORTING("Task_PauseExporting"),
  WEBAPPS_BACKUP("Task_StartWebappsBackup"),
  OPTIMIZE_BACKUP("Task_StartOptimizeBackup"),
  /** Both are waited for side by side, so a kill during their waits cannot tell them apart. */
  WEBAPPS_AND_OPTIMIZE_WAITS("SubProcess_WaitWebappsBackup", "SubProcess_WaitOptimizeBackup"),
  RECORDS_SNAPSHOT("Task_TakeRecordsSnapshot", "SubProcess_WaitRecordsSnapshot"),
  ZEEBE_BACKUP("Task_StartZeebeBackup", "SubProcess_WaitZeebeBackup"),
  RESUME_EXPORTING("CallActivity_ResumeExporting", "CallActivity_ResumeExportingAfterFailure"),
  FINISH("Task_SummarizeBackup", "Task_ReleaseClusterLock", "Task_RequestRetention",
      "Task_SummarizeFailedBackup", "Task_ReleaseClusterLockAfterFailure");

  /** Where a kill landed when no phase's element was active: the run had already ended. */
  static final String AFTER_END = "AFTER_END";
  /** Between two steps: the engine was moving the token on when the worker died. */
  static final String BETWEEN_STEPS = "BETWEEN_STEPS";

  private final Set<String> elements;

  BackupPhase(String... elements) {
    this.elements = Set.of(elements);
  }

  Set<String> elements() {
    return elements;
  }

  /**
   * The phase the given active elements belong to, the latest one when several are (the
   * exporting-paused subprocess spans most of them and is none of them).
   */
  static String of(Set<String> activeElements, boolean ended) {
    List<BackupPhase> latestFirst = List.of(values()).reversed();
    for (BackupPhase phase : latestFirst) {
      if (phase.elements.stream().anyMatch(activeElements::contains)) {
        return phase.name();
      }
    }
    return ended ? AFTER_END : BETWEEN_STEPS;
  }
}
