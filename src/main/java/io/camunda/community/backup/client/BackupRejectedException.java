package io.camunda.community.backup.client;

/**
 * The target answered with an outcome the contract describes (ID conflict, repository missing,
 * backup store not configured, ...). Retrying the same request cannot help.
 */
public class BackupRejectedException extends RuntimeException {

  public enum Reason {
    /** The ID is not greater than an existing Zeebe backup (409). */
    BACKUP_ID_CONFLICT,
    /** A backup with this ID already exists in this component (duplicate ID). */
    ALREADY_EXISTS,
    /** No snapshot repository name is configured in the component. */
    REPOSITORY_NOT_CONFIGURED,
    /** The configured snapshot repository is not registered in Elasticsearch/OpenSearch. */
    REPOSITORY_MISSING,
    /** Zeebe has no backup store configured. */
    BACKUP_STORE_NOT_CONFIGURED,
    /** The backup API is not served (web apps disabled, RDBMS secondary storage, wrong URL). */
    BACKUP_API_NOT_AVAILABLE,
    /** The request itself was rejected as invalid (e.g. an ID <= 0). */
    INVALID_REQUEST
  }

  private final Reason reason;

  public BackupRejectedException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
