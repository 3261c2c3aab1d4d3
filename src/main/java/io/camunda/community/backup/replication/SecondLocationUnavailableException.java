package io.camunda.community.backup.replication;

import io.camunda.community.backup.client.TargetUnavailableException;

/**
 * A place of the set could not be read or written (a volume not mounted, no permission, disk
 * full): retried with back-off, then an incident naming the path and what to check.
 */
public class SecondLocationUnavailableException extends TargetUnavailableException {

  public SecondLocationUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public SecondLocationUnavailableException(String message) {
    super(message);
  }
}
