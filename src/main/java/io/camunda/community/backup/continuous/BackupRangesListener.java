package io.camunda.community.backup.continuous;

/** Told every time a continuous-backup cluster's ranges were checked (metrics keep its window). */
public interface BackupRangesListener {

  void rangesChecked(BackupRanges.Findings findings);
}
