package io.camunda.community.backup.restore;

/**
 * A restore that may not start, for a reason the operator can act on (a point outside the
 * restorable window, a gap, no dump before it); nothing was changed. The model handles it as the
 * pre-flight's refusal ({@code RESTORE_PREFLIGHT_FAILED}).
 */
public class RestoreRefusedException extends RuntimeException {

  public static final String ERROR_CODE = "RESTORE_PREFLIGHT_FAILED";

  public RestoreRefusedException(String message) {
    super(message);
  }
}
