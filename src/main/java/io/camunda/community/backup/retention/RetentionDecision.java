package io.camunda.community.backup.retention;

import io.camunda.community.backup.catalog.SetState;

/**
 * What retention does with one backup set.
 *
 * @param delete true when the set is to be deleted in every component
 * @param reason why, in words an operator understands (e.g. "beyond the newest 3 complete")
 */
public record RetentionDecision(long backupId, SetState state, boolean delete, String reason) {}
