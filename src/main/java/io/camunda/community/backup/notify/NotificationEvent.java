package io.camunda.community.backup.notify;

import java.util.Arrays;
import java.util.Optional;

/** What a notification is about; {@link #id()} is how configuration and bodies name it. */
public enum NotificationEvent {
  BACKUP_FAILED("backup-failed", "Backup failed"),
  BACKUP_STALE("backup-stale", "Backups stale"),
  EXPORTING_REPAIRED("exporting-repaired", "Exporting found paused and resumed"),
  RESTORE_AWAITING_APPROVAL("restore-awaiting-approval", "Restore awaiting approval"),
  RESTORE_FINISHED("restore-finished", "Restore finished"),
  DRILL_FINISHED("drill-finished", "Restore drill finished"),
  SECOND_COPY_FAILED("second-copy-failed", "Second copy of a backup failed");

  private final String id;
  private final String title;

  NotificationEvent(String id, String title) {
    this.id = id;
    this.title = title;
  }

  public String id() {
    return id;
  }

  /** A short heading for chat messages. */
  public String title() {
    return title;
  }

  public static Optional<NotificationEvent> byId(String id) {
    return Arrays.stream(values()).filter(e -> e.id.equals(id)).findFirst();
  }

  public static String ids() {
    return String.join(", ", Arrays.stream(values()).map(NotificationEvent::id).toList());
  }
}
