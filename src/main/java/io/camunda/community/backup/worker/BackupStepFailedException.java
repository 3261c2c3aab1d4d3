package io.camunda.community.backup.worker;

/**
 * An expected business outcome that ends the backup as failed: a component reported FAILED, an ID
 * was refused, a state stayed INCOMPLETE past its grace period. Becomes a BPMN error whose code
 * the model catches.
 */
public class BackupStepFailedException extends RuntimeException {

  private final String errorCode;

  public BackupStepFailedException(String errorCode, String message) {
    super(message);
    this.errorCode = errorCode;
  }

  public String errorCode() {
    return errorCode;
  }
}
