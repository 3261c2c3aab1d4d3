package io.camunda.community.backup.config;

/** Where a cluster keeps its secondary storage (what Operate and Tasklist read). */
public enum SecondaryStorageType {
  ELASTICSEARCH,
  OPENSEARCH,
  /** A relational database (Camunda 8.9+): backed up with the vendor's dump tool, contract section 3. */
  RDBMS;

  public boolean isSearchEngine() {
    return this != RDBMS;
  }
}
