package io.camunda.community.backup.replication;

/**
 * The second copy of a set is not what the original is, and trying again would not change that:
 * a file there differs from the original (damaged, or another set's under the same name), or the
 * original is not whole (nothing to copy). The model reports it; the backup itself stays complete.
 */
public class SecondCopyFailedException extends RuntimeException {

  public SecondCopyFailedException(String message) {
    super(message);
  }
}
