package io.camunda.community.backup.restore;

/**
 * A restore that must not go on past a destructive step already taken (the database is restored,
 * Zeebe is not): an incident at once, no retries, whose message says what was found and what the
 * operator can do. Resolving the incident runs the check again.
 */
public class RestoreHaltedException extends RuntimeException {

  public RestoreHaltedException(String message) {
    super(message);
  }
}
