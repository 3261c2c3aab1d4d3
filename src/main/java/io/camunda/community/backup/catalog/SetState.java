package io.camunda.community.backup.catalog;

/**
 * What a backup set (one ID across Zeebe, the web apps, Optimize and the Zeebe-records snapshot)
 * is worth as a restore point. See {@link BackupSetClassifier} for the rules.
 */
public enum SetState {
  /** Every enabled component finished successfully: the set can be restored. */
  COMPLETE,
  /** Nothing failed and at least one component is still running. */
  IN_PROGRESS,
  /** At least one component failed (or Zeebe's part was deleted): never restorable. */
  FAILED,
  /**
   * Nothing known failed, but a component's listing could not be read: what the set is worth is
   * unknown. Never restorable, never deleted for it.
   */
  UNKNOWN,
  /** Nothing failed or runs, but a component is missing or incomplete: not restorable. */
  PARTIAL
}
