package io.camunda.community.backup.manifest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * What one complete backup set holds, written when the backup completes and stored beside the set
 * in its backup location ({@link ManifestStore}), so that it outlives the control cluster and a
 * restore can be checked against it. Nothing secret: the cluster is named, never its URLs or
 * credentials.
 *
 * <p>No document counts: exporting is only soft-paused while the snapshots are taken, so the
 * exporters keep writing and the count a snapshot captured is not observable on the live cluster.
 * The bytes each index holds in its snapshot are exact ({@code _snapshot/<repo>/<name>/_status}).
 *
 * @param backupId the ID the set's parts share
 * @param cluster the configured cluster name
 * @param storage the cluster's storage flavour ({@code elasticsearch}, {@code opensearch} or
 *     {@code rdbms})
 * @param trigger how the backup was started: {@value #MANUAL} (the HTTP API, the command line, a
 *     Tasklist form) or {@value #SCHEDULED} (the cluster's cron); retention can keep each apart
 * @param writtenAt ISO-8601 instant the manifest was written
 * @param orchestratorVersion the version of this application that wrote it
 * @param camundaVersions Camunda version per component, as the target reported it ({@code zeebe}:
 *     the brokers' version; {@code webapps}, {@code optimize}: from their snapshot names)
 * @param partitions every Zeebe partition's part of the backup
 * @param snapshots the Elasticsearch/OpenSearch snapshots of the set (none for RDBMS)
 * @param dumps the database dumps of the set, with their rows per table: the Camunda database's
 *     (RDBMS only), then one per additional database ({@code part} set)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BackupManifest(
    long backupId,
    String cluster,
    String storage,
    String trigger,
    String writtenAt,
    String orchestratorVersion,
    Map<String, String> camundaVersions,
    List<Partition> partitions,
    List<Snapshot> snapshots,
    List<Dump> dumps) {

  public static final String MANUAL = "manual";
  public static final String SCHEDULED = "scheduled";

  public BackupManifest {
    camundaVersions = camundaVersions == null ? Map.of() : camundaVersions;
    partitions = partitions == null ? List.of() : List.copyOf(partitions);
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
    dumps = dumps == null ? List.of() : List.copyOf(dumps);
  }

  public BackupManifest withTrigger(String newTrigger) {
    return new BackupManifest(backupId, cluster, storage, newTrigger, writtenAt, orchestratorVersion, camundaVersions, partitions,
        snapshots, dumps);
  }

  public BackupManifest withSnapshots(List<Snapshot> newSnapshots) {
    return new BackupManifest(backupId, cluster, storage, trigger, writtenAt, orchestratorVersion, camundaVersions, partitions,
        newSnapshots, dumps);
  }

  public BackupManifest withDumps(List<Dump> newDumps) {
    return new BackupManifest(backupId, cluster, storage, trigger, writtenAt, orchestratorVersion, camundaVersions, partitions,
        snapshots, newDumps);
  }

  /** The number of Zeebe partitions the set was taken from. */
  public int partitionCount() {
    return partitions.size();
  }

  /** @param checkpointPosition the log position the partition's backup was taken at */
  public record Partition(int partitionId, Long checkpointPosition, String brokerVersion) {}

  /**
   * @param component {@code webapps}, {@code optimize} or {@code zeebeRecords}
   * @param indices every index of the snapshot with the bytes it holds there
   */
  public record Snapshot(String name, String component, List<Index> indices) {}

  public record Index(String name, long sizeBytes) {}

  /**
   * @param tableRows rows per table in the dump, named as the database names them ({@code
   *     public.process_instance}; MariaDB: the table alone); null where they could not be counted
   *     (a dump command's format) or for a set taken before they were
   * @param part the additional database the dump is of ({@code web-modeler}); null (omitted) for
   *     the Camunda database
   */
  public record Dump(String file, long sizeBytes, String sha256, Map<String, Long> tableRows, String part) {

    /** A dump of the Camunda database. */
    public Dump(String file, long sizeBytes, String sha256, Map<String, Long> tableRows) {
      this(file, sizeBytes, sha256, tableRows, null);
    }

    /** Whether this is the dump of the Camunda database (not of an additional database). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean camundaDatabase() {
      return part == null;
    }
  }

  /** The dumps of the Camunda database (one for an RDBMS set, none otherwise). */
  public List<Dump> camundaDumps() {
    return dumps.stream().filter(Dump::camundaDatabase).toList();
  }

  /** The additional databases' dumps, by part. */
  public Map<String, Dump> additionalDumps() {
    Map<String, Dump> byPart = new java.util.LinkedHashMap<>();
    dumps.stream().filter(dump -> !dump.camundaDatabase()).forEach(dump -> byPart.put(dump.part(), dump));
    return byPart;
  }
}
