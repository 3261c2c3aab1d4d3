package io.camunda.community.backup.client;

/** A pause or resume call answered HTTP 200 but its body did not report status 204. */
public class ExportingUnconfirmedException extends TargetUnavailableException {

  public ExportingUnconfirmedException(String message) {
    super(message);
  }
}
