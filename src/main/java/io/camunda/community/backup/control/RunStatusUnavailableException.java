package io.camunda.community.backup.control;

/**
 * The control cluster's search API did not answer, so how a run stands is unknown; the run itself
 * is not affected. Answered 503 by the HTTP API.
 */
public class RunStatusUnavailableException extends RuntimeException {

  public RunStatusUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
