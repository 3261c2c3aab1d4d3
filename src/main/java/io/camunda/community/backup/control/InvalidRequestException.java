package io.camunda.community.backup.control;

/**
 * Bad operator input, found before anything starts: names the field (body field, query parameter
 * or command option), what is wrong with it, and the fix. HTTP answers 400, the command exits 2.
 */
public class InvalidRequestException extends RuntimeException {

  private final String field;
  private final String fix;

  public InvalidRequestException(String field, String error, String fix) {
    super(error);
    this.field = field;
    this.fix = fix;
  }

  public String field() {
    return field;
  }

  public String error() {
    return getMessage();
  }

  public String fix() {
    return fix;
  }
}
