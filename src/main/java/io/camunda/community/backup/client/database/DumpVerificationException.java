package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;

/**
 * A dump file is missing or does not match its recorded checksum. Nothing has been restored when
 * this is thrown. It is a {@link TargetUnavailableException} so the job raises it as an incident
 * with this message; retrying does not help until the dump is replaced.
 */
public class DumpVerificationException extends TargetUnavailableException {

  public DumpVerificationException(String message) {
    super(message);
  }

  public DumpVerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}
