package io.camunda.community.backup.control;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;

/**
 * The request bodies of the HTTP API, and the rules every way in (HTTP, command line) checks
 * before a process starts. Read with a strict JSON reader ({@link ApiJsonCodecs}): unknown fields
 * and wrong types are refused, not ignored or coerced.
 */
public final class RequestBodies {

  public static final int NOTE_MAX_LENGTH = 500;

  private static final Map<String, String> FIXES = Map.of(
      "backupId", "leave backupId out to use the current Unix time, or give a whole number greater than every existing backup ID",
      "note", "shorten the note to at most " + NOTE_MAX_LENGTH + " characters",
      "from", "give from: second-location to restore from the cluster's second location (clusters[i].second-location), or leave it"
          + " out for the primary location",
      "pointInTime", "give an ISO-8601 instant in UTC inside the cluster's restorable window (GET /api/clusters/{cluster}/restorable-window),"
          + " such as 2026-12-07T10:15:00Z, and no backupId; only for a cluster with continuous backups");

  private RequestBodies() {}

  /** {@code POST /api/clusters/{cluster}/backups}: both fields optional. */
  public record Backup(
      @Positive(message = "must be a positive whole number") Long backupId,
      @Size(max = NOTE_MAX_LENGTH, message = "must be at most " + NOTE_MAX_LENGTH + " characters") String note) {}

  /**
   * {@code POST /api/clusters/{cluster}/restores}: without a backup ID (or point in time) the
   * operator chooses one in Tasklist.
   */
  public record Restore(
      @Positive(message = "must be a positive whole number") Long backupId,
      @Size(max = NOTE_MAX_LENGTH, message = "must be at most " + NOTE_MAX_LENGTH + " characters") String note,
      /* where the set is taken from: primary (default) or second-location */
      @jakarta.validation.constraints.Pattern(regexp = "primary|second-location", message = "must be primary or second-location")
          String from,
      /* continuous backups: the point in time to restore to, instead of a backup ID */
      @jakarta.validation.constraints.Pattern(regexp = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?Z",
          message = "must be an ISO-8601 instant in UTC such as 2026-12-07T10:15:00Z") String pointInTime) {

    public Restore(Long backupId, String note) {
      this(backupId, note, null, null);
    }

    public Restore(Long backupId, String note, String from) {
      this(backupId, note, from, null);
    }
  }

  public static String fix(String field) {
    return FIXES.getOrDefault(field, "see docs/catalog-retention-guards.md (Commands and HTTP API)");
  }

  /** The error text for a constraint message and the rejected value (a long note is not echoed). */
  public static String error(String field, String message, Object rejected) {
    String got = rejected instanceof String text ? text.length() + " characters" : String.valueOf(rejected);
    return field + " " + message + ", got " + got;
  }

  /**
   * A run's key from a path or a command's argument: a positive whole number, as Operate shows it.
   *
   * @throws InvalidRequestException naming {@code processInstanceKey} otherwise
   */
  public static long processInstanceKey(String value) {
    try {
      long key = Long.parseLong(value.trim());
      if (key > 0) {
        return key;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidRequestException("processInstanceKey", "processInstanceKey must be a positive whole number, got '" + value + "'",
        "use the processInstanceKey the request to start the run answered (or the key Operate shows)");
  }

  /**
   * A backup ID from a path or a command's argument: a positive whole number.
   *
   * @throws InvalidRequestException naming {@code backupId} otherwise
   */
  public static long backupId(String value) {
    try {
      long id = Long.parseLong(value.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw new InvalidRequestException("backupId", "backupId must be a positive whole number, got '" + value + "'",
        "use a backup ID the catalog lists");
  }

  /** Validates a body built from command-line options (or any caller) with the same rules as the HTTP API. */
  static <T> void check(Validator validator, T body) {
    Set<ConstraintViolation<T>> violations = validator.validate(body);
    violations.stream().min(Comparator.comparing(v -> v.getPropertyPath().toString())).ifPresent(v -> {
      String field = v.getPropertyPath().toString();
      throw new InvalidRequestException(field, error(field, v.getMessage(), v.getInvalidValue()), fix(field));
    });
  }
}
