package io.camunda.community.backup.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link SandboxCamundaCluster} behaves. Start from {@link #defaults()} and change single
 * values with the {@code with...} methods.
 *
 * @param camundaVersion version in snapshot names, records and Zeebe backups
 * @param partitionCount Zeebe partitions (all led by the one broker behind the management port)
 * @param zeebeBackupDuration how long a Zeebe partition backup stays IN_PROGRESS
 * @param snapshotPartDelay pause between one web-app/Optimize snapshot ending and the next starting
 * @param webappsIncompleteCheckTimeout {@code camunda.data.backup.incomplete-check-timeout}
 * @param exporterInterval how often the exporter writes records (500 ms by default: every write
 *     is a bulk request to the shared OpenSearch node, and a suite runs up to ten sandboxes per
 *     JVM; at 100 ms they kept a core half busy doing nothing any test looks at)
 * @param contextPath management context path, e.g. "/example" ("" for none); never moves Optimize
 * @param optimizeEnabled whether an Optimize management server runs
 * @param webappsRepositoryConfigured whether the web apps have a repository name configured
 * @param zeebeBackupStoreConfigured whether the brokers have a backup store configured
 * @param repositoryName snapshot repository the web apps and Optimize are configured with
 * @param brokerCount brokers the restore application can run on (node ids 0..brokerCount-1);
 *     broker {@code n} owns the partitions {@code p} with {@code (p - 1) % brokerCount == n}.
 *     The management port still answers for the whole cluster (one process stands in for all
 *     brokers), so this only decides which partitions {@link
 *     SandboxCamundaCluster#runZeebeRestore(int, long)} restores on which node
 * @param recordsPerTick records each partition processes every {@code exporterInterval}; 0: only
 *     {@link SandboxCamundaCluster#processRecords(int)} advances the partitions (the exporter
 *     still ticks to write what is pending), which keeps positions exact for restore tests
 * @param standaloneWebapps Operate and Tasklist in processes of their own (Camunda 8.8 standalone,
 *     or 8.7 and earlier): each serves the legacy {@code /actuator/backups} on a port of its own
 *     (contract 1.4), with snapshots {@code camunda_operate_*} and {@code camunda_tasklist_*}; the
 *     management port serves no {@code backupHistory}
 * @param legacyZeebeEndpoint Zeebe's backups at {@code /actuator/backups} instead of {@code
 *     /actuator/backupRuntime} (the gateway of 8.7 and earlier)
 * @param emulatedSnapshots null: snapshots are taken by the real OpenSearch node. Otherwise the
 *     cluster's snapshot repository is emulated in memory ({@link EmulatedSnapshots}), each
 *     snapshot taking this long, for the web apps, Optimize and every client of {@link
 *     SandboxCamundaCluster#searchUrl()}: a fleet of sandboxes whose snapshots do not queue
 *     behind each other on the one node (the other search requests still reach it)
 */
public record SandboxOptions(
    String camundaVersion,
    int partitionCount,
    Duration zeebeBackupDuration,
    Duration snapshotPartDelay,
    Duration webappsIncompleteCheckTimeout,
    Duration exporterInterval,
    String contextPath,
    boolean optimizeEnabled,
    boolean webappsRepositoryConfigured,
    boolean zeebeBackupStoreConfigured,
    String repositoryName,
    int brokerCount,
    int recordsPerTick,
    Duration webappsBackupDuration,
    Duration optimizeBackupDuration,
    String indexPrefix,
    boolean standaloneWebapps,
    boolean legacyZeebeEndpoint,
    Duration emulatedSnapshots) {

  public SandboxOptions {
    Objects.requireNonNull(camundaVersion);
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be >= 1");
    }
    if (brokerCount < 1) {
      throw new IllegalArgumentException("brokerCount must be >= 1");
    }
    if (recordsPerTick < 0) {
      throw new IllegalArgumentException("recordsPerTick must be >= 0");
    }
    contextPath = normalize(contextPath);
    indexPrefix = indexPrefix == null ? "" : indexPrefix;
  }

  public static SandboxOptions defaults() {
    return new SandboxOptions(
        "8.8.0",
        3,
        Duration.ofMillis(300),
        Duration.ofMillis(50),
        Duration.ofMinutes(5),
        Duration.ofMillis(500),
        "",
        true,
        true,
        true,
        SandboxOpenSearch.REPOSITORY,
        1,
        1,
        Duration.ZERO,
        Duration.ZERO, "", false, false, null);
  }

  public SandboxOptions withCamundaVersion(String value) {
    return new SandboxOptions(value, partitionCount, zeebeBackupDuration, snapshotPartDelay,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withPartitionCount(int value) {
    return new SandboxOptions(camundaVersion, value, zeebeBackupDuration, snapshotPartDelay,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withZeebeBackupDuration(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, value, snapshotPartDelay,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withSnapshotPartDelay(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration, value,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withWebappsIncompleteCheckTimeout(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, value, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withExporterInterval(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, value, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withContextPath(String value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, value,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withOptimizeEnabled(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath, value,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withWebappsRepositoryConfigured(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, value, zeebeBackupStoreConfigured, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withZeebeBackupStoreConfigured(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, value, repositoryName, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withRepositoryName(String value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, value, brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withBrokerCount(int value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        value, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withRecordsPerTick(int value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, value, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withWebappsBackupDuration(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, recordsPerTick, value, optimizeBackupDuration, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  public SandboxOptions withOptimizeBackupDuration(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, recordsPerTick, webappsBackupDuration, value, indexPrefix, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  /** The web apps' index prefix ({@code <prefix>-operate-...}), as Camunda's {@code index-prefix} sets it; "" by default. */
  public SandboxOptions withIndexPrefix(String value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, value, standaloneWebapps, legacyZeebeEndpoint, emulatedSnapshots);
  }

  /** Operate and Tasklist in processes of their own, each with {@code /actuator/backups} (8.8 standalone, 8.7). */
  public SandboxOptions withStandaloneWebapps(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, value, legacyZeebeEndpoint, emulatedSnapshots);
  }

  /** Zeebe's backups at the gateway's {@code /actuator/backups} (8.7 and earlier). */
  public SandboxOptions withLegacyZeebeEndpoint(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps, value, emulatedSnapshots);
  }

  /** Snapshots emulated in memory, each taking {@code value} (null: the real OpenSearch node takes them). */
  public SandboxOptions withEmulatedSnapshots(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName,
        brokerCount, recordsPerTick, webappsBackupDuration, optimizeBackupDuration, indexPrefix, standaloneWebapps,
        legacyZeebeEndpoint, value);
  }

  private static String normalize(String contextPath) {
    if (contextPath == null || contextPath.isBlank() || contextPath.equals("/")) {
      return "";
    }
    var trimmed = contextPath.strip().replaceAll("/+$", "");
    return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
  }
}
