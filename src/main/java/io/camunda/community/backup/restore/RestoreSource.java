package io.camunda.community.backup.restore;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Where a restore takes its set from ({@code restoreFrom}): the primary location, or the second
 * location ({@code second-location}) when the primary storage is lost. From the second location,
 * the Zeebe partitions' backups and the dumps are first copied back to where the brokers' restore
 * application and the dump tools read them; Elasticsearch/OpenSearch restores the snapshots from the
 * repository registered read-only over the second copy.
 */
public enum RestoreSource {
  PRIMARY("primary"),
  SECOND_LOCATION("second-location");

  private final String id;

  RestoreSource(String id) {
    this.id = id;
  }

  /** How requests, forms and variables name it. */
  public String id() {
    return id;
  }

  /** The source a variable or request names; absent (null or blank) is the primary location. */
  public static RestoreSource of(String id) {
    if (id == null || id.isBlank()) {
      return PRIMARY;
    }
    return Arrays.stream(values()).filter(source -> source.id.equals(id.trim())).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("restoreFrom must be one of " + ids() + ", was '" + id + "'"));
  }

  /** The snapshot API of the repository a restore from this source reads the set's snapshots from. */
  public io.camunda.community.backup.client.SnapshotClient snapshots(io.camunda.community.backup.client.TargetClients clients,
      String clusterName) {
    return this == SECOND_LOCATION ? clients.secondRepositorySnapshots(clusterName) : clients.snapshots(clusterName);
  }

  public static String ids() {
    return Arrays.stream(values()).map(RestoreSource::id).collect(Collectors.joining(", "));
  }
}
