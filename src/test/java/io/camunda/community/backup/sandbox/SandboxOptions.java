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
 * @param exporterInterval how often the exporter writes records
 * @param contextPath management context path, e.g. "/example" ("" for none); never moves Optimize
 * @param optimizeEnabled whether an Optimize management server runs
 * @param webappsRepositoryConfigured whether the web apps have a repository name configured
 * @param zeebeBackupStoreConfigured whether the brokers have a backup store configured
 * @param repositoryName snapshot repository the web apps and Optimize are configured with
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
    String repositoryName) {

  public SandboxOptions {
    Objects.requireNonNull(camundaVersion);
    if (partitionCount < 1) {
      throw new IllegalArgumentException("partitionCount must be >= 1");
    }
    contextPath = normalize(contextPath);
  }

  public static SandboxOptions defaults() {
    return new SandboxOptions(
        "8.8.0",
        3,
        Duration.ofMillis(300),
        Duration.ofMillis(50),
        Duration.ofMinutes(5),
        Duration.ofMillis(100),
        "",
        true,
        true,
        true,
        SandboxOpenSearch.REPOSITORY);
  }

  public SandboxOptions withCamundaVersion(String value) {
    return new SandboxOptions(value, partitionCount, zeebeBackupDuration, snapshotPartDelay,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withPartitionCount(int value) {
    return new SandboxOptions(camundaVersion, value, zeebeBackupDuration, snapshotPartDelay,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withZeebeBackupDuration(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, value, snapshotPartDelay,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withSnapshotPartDelay(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration, value,
        webappsIncompleteCheckTimeout, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withWebappsIncompleteCheckTimeout(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, value, exporterInterval, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withExporterInterval(Duration value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, value, contextPath, optimizeEnabled,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withContextPath(String value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, value,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withOptimizeEnabled(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath, value,
        webappsRepositoryConfigured, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withWebappsRepositoryConfigured(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, value, zeebeBackupStoreConfigured, repositoryName);
  }

  public SandboxOptions withZeebeBackupStoreConfigured(boolean value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, value, repositoryName);
  }

  public SandboxOptions withRepositoryName(String value) {
    return new SandboxOptions(camundaVersion, partitionCount, zeebeBackupDuration,
        snapshotPartDelay, webappsIncompleteCheckTimeout, exporterInterval, contextPath,
        optimizeEnabled, webappsRepositoryConfigured, zeebeBackupStoreConfigured, value);
  }

  private static String normalize(String contextPath) {
    if (contextPath == null || contextPath.isBlank() || contextPath.equals("/")) {
      return "";
    }
    var trimmed = contextPath.strip().replaceAll("/+$", "");
    return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
  }
}
