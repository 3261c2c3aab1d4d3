package io.camunda.community.backup.client;

/**
 * An unexpected fault talking to a target component: connection refused, timeout, 5xx, or an
 * answer the contract does not describe. Retried with back-off; when retries run out the message
 * becomes the incident text, so it says what failed, against which URL, and what to check.
 */
public class TargetUnavailableException extends RuntimeException {

  public TargetUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  public TargetUnavailableException(String message) {
    super(message);
  }
}
