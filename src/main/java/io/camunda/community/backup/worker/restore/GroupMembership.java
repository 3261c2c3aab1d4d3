package io.camunda.community.backup.worker.restore;

/** Whether a user belongs to a group of the control cluster's Identity. */
public interface GroupMembership {

  /** @throws RuntimeException when the answer cannot be had (the check is then retried) */
  boolean isMember(String username, String groupId);
}
