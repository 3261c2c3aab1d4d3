package io.camunda.community.backup.testsupport;

import io.camunda.community.backup.sandbox.SandboxCamundaCluster;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.sandbox.SandboxOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sandbox target cluster (real OpenSearch + management API stand-ins) and the {@code
 * backup-orchestrator.clusters[i].*} properties that name it. Several named clusters may point at
 * the same sandbox with different settings (timeouts, Optimize on/off).
 */
public final class SandboxTargets implements AutoCloseable {

  /** Configured as the secondary-storage password: it must never show up in a process variable. */
  public static final String SECRET = "sandbox-secret-5f2c91d0";

  private static SandboxTargets shared;
  private static final java.util.Map<String, SandboxTargets> NAMED = new java.util.concurrent.ConcurrentHashMap<>();

  private final SandboxOpenSearch openSearch;
  private final SandboxCamundaCluster cluster;

  private SandboxTargets(SandboxOpenSearch openSearch, SandboxCamundaCluster cluster) {
    this.openSearch = openSearch;
    this.cluster = cluster;
  }

  public static SandboxTargets start(SandboxOpenSearch openSearch, SandboxOptions options) {
    try {
      Path store = Files.createTempDirectory("zeebe-backup-store");
      return new SandboxTargets(openSearch, SandboxCamundaCluster.start(openSearch, store, options));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The JVM-wide sandbox the process tests share (OpenSearch takes ~10 s to start). */
  public static synchronized SandboxTargets shared() {
    if (shared == null) {
      shared = start(SandboxOpenSearch.shared(), SandboxOptions.defaults());
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /**
   * Another JVM-wide sandbox cluster on the shared OpenSearch, with a snapshot repository of its
   * own ({@code camunda-<name>}), for tests that must not see the other tests' backups.
   */
  public static SandboxTargets shared(String name) {
    return shared(name, SandboxOptions.defaults());
  }

  /** Camunda version of the restore sandbox: its exporter writes records indices of its own. */
  public static final String RESTORE_VERSION = "8.8.2";

  /**
   * The sandbox restore tests use. Other sandboxes' exporters keep writing {@code
   * zeebe-record_process_8.8.0_*} into the shared OpenSearch, which a real restore never sees (its
   * components are stopped), so this one runs another version and its clusters are configured
   * with {@link #restoreClusterProperties()}.
   */
  public static SandboxTargets restoreSandbox() {
    return shared("restore", SandboxOptions.defaults().withCamundaVersion(RESTORE_VERSION));
  }

  /** Settings every cluster on {@link #restoreSandbox()} needs, relative to its property prefix. */
  public static Map<String, String> restoreClusterProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("retention.enabled", "false");
    properties.put("restore.camunda-version", RESTORE_VERSION);
    properties.put("restore.partition-count", "3");
    properties.put("restore.components-timeout", "PT30S");
    // Only this sandbox's records: deleted, snapshotted and restored without touching the others'.
    properties.put("secondary-storage.zeebe-records-index-prefix", "zeebe-record_process_" + RESTORE_VERSION);
    return properties;
  }

  /** Camunda version and web-app index prefix of the sandbox whose Operate and Tasklist run standalone (8.7 layout). */
  public static final String STANDALONE_VERSION = "8.7.9";
  public static final String STANDALONE_INDEX_PREFIX = "solo";

  /**
   * Camunda 8.7's layout (contract 1.4, 2.3): Operate and Tasklist in processes of their own, each
   * with {@code /actuator/backups} on its own port, and Zeebe's backups at the gateway's {@code
   * /actuator/backups}. Index prefix and records version of its own, so its restores touch only its
   * indices. No Optimize, and no records written in the background (nothing here needs them).
   */
  public static SandboxTargets standaloneSandbox() {
    return shared("standalone", SandboxOptions.defaults().withCamundaVersion(STANDALONE_VERSION).withIndexPrefix(STANDALONE_INDEX_PREFIX)
        .withOptimizeEnabled(false).withStandaloneWebapps(true).withLegacyZeebeEndpoint(true).withRecordsPerTick(0));
  }

  /** Settings every cluster on {@link #standaloneSandbox()} needs, relative to its property prefix. */
  public Map<String, String> standaloneClusterProperties() {
    Map<String, String> properties = new LinkedHashMap<>(restoreClusterProperties());
    properties.put("restore.camunda-version", STANDALONE_VERSION);
    properties.put("restore.broker-count", "1");
    properties.put("secondary-storage.index-prefix", STANDALONE_INDEX_PREFIX);
    properties.put("secondary-storage.zeebe-records-index-prefix", "zeebe-record_process_" + STANDALONE_VERSION);
    properties.put("standalone.operate-management-url", cluster.operateManagementUrl());
    properties.put("standalone.tasklist-management-url", cluster.tasklistManagementUrl());
    properties.put("standalone.zeebe-backup-endpoint", "backups");
    return properties;
  }

  /** Camunda version and web-app index prefix of the sandbox whose clusters have additional databases. */
  public static final String ADDITIONAL_VERSION = "8.8.5";
  public static final String ADDITIONAL_INDEX_PREFIX = "extra";

  /**
   * A sandbox for clusters with additional databases on Elasticsearch/OpenSearch storage: its web
   * apps run with {@code index-prefix: extra} and its records indices have a version of their own,
   * so its restores touch only its own indices. No Optimize.
   */
  public static SandboxTargets additionalDatabasesSandbox() {
    return shared("extra", SandboxOptions.defaults().withCamundaVersion(ADDITIONAL_VERSION).withIndexPrefix(ADDITIONAL_INDEX_PREFIX)
        .withOptimizeEnabled(false));
  }

  /** Settings every cluster on {@link #additionalDatabasesSandbox()} needs, relative to its property prefix. */
  public static Map<String, String> additionalDatabasesClusterProperties() {
    Map<String, String> properties = new LinkedHashMap<>(restoreClusterProperties());
    properties.put("restore.camunda-version", ADDITIONAL_VERSION);
    properties.put("restore.broker-count", "1");
    properties.put("secondary-storage.index-prefix", ADDITIONAL_INDEX_PREFIX);
    properties.put("secondary-storage.zeebe-records-index-prefix", "zeebe-record_process_" + ADDITIONAL_VERSION);
    return properties;
  }

  /** Camunda version and web-app index prefix of the sandbox whose clusters keep their sets in a second location. */
  public static final String SECOND_VERSION = "8.8.6";
  public static final String SECOND_INDEX_PREFIX = "second";
  /** The repository registered read-only over the second copy of {@link #secondLocationSandbox()}'s repository (copy mode). */
  public static final String SECOND_REPOSITORY = "camunda-second-copy";
  /** Another one, over the directory a test fills itself as a replicating storage would (verify mode). */
  public static final String REPLICA_REPOSITORY = "camunda-second-replica";

  /**
   * A sandbox for clusters with a second location (issue 14): web apps under {@code index-prefix:
   * second}, records indices of their own version, no Optimize; {@value #SECOND_REPOSITORY} is
   * registered read-only over the directory its repository's second copy goes to.
   */
  private static boolean secondLocationSeeded;

  public static synchronized SandboxTargets secondLocationSandbox() {
    SandboxTargets sandbox = shared("second", SandboxOptions.defaults().withCamundaVersion(SECOND_VERSION)
        .withIndexPrefix(SECOND_INDEX_PREFIX).withOptimizeEnabled(false));
    for (String repository : java.util.List.of(SECOND_REPOSITORY, REPLICA_REPOSITORY)) {
      try {
        Files.createDirectories(sandbox.openSearch().repositoryDirectory(repository));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      sandbox.openSearch().registerReadOnlyRepository(repository);
    }
    if (!secondLocationSeeded) { // the web apps back up their indices only when they have some
      sandbox.openSearch().index(SECOND_INDEX_PREFIX + "-operate-list-view-8.3.0_", Map.of("processInstanceKey", 2001, "state", "ACTIVE"));
      secondLocationSeeded = true;
    }
    return sandbox;
  }

  /**
   * Settings every cluster on {@link #secondLocationSandbox()} needs, relative to its property
   * prefix, with its second location in {@code mode}: the Zeebe store's second place {@code
   * secondZeebeStore}, the snapshot repository's the directory of {@code secondRepository} (one
   * registered by {@link #secondLocationSandbox()}).
   */
  public Map<String, String> secondLocationClusterProperties(String mode, Path secondZeebeStore, String secondRepository) {
    Map<String, String> properties = new LinkedHashMap<>(restoreClusterProperties());
    properties.put("restore.camunda-version", SECOND_VERSION);
    properties.put("restore.broker-count", "1");
    properties.put("secondary-storage.index-prefix", SECOND_INDEX_PREFIX);
    properties.put("secondary-storage.zeebe-records-index-prefix", "zeebe-record_process_" + SECOND_VERSION);
    properties.put("second-location.mode", mode);
    properties.put("second-location.zeebe-store.primary", cluster.backupStore().toString());
    properties.put("second-location.zeebe-store.second", secondZeebeStore.toString());
    properties.put("second-location.snapshot-repository.primary", openSearch.repositoryDirectory(cluster.options().repositoryName()).toString());
    properties.put("second-location.snapshot-repository.second", openSearch.repositoryDirectory(secondRepository).toString());
    properties.put("second-location.snapshot-repository.second-repository", secondRepository);
    return properties;
  }

  /** Camunda version of the prefixed sandbox (its records indices are its own too). */
  public static final String PREFIXED_VERSION = "8.8.3";
  /** The prefixed sandbox's web-app index prefix: {@code prod-operate-...}, {@code prod-camunda-...}. */
  public static final String INDEX_PREFIX = "prod";

  /**
   * A sandbox whose web apps run with {@code index-prefix: prod}, beside the others on the one
   * OpenSearch node (whose web-app indices have no prefix): a restore of it must touch only its
   * own indices. No Optimize.
   */
  public static SandboxTargets prefixedSandbox() {
    return shared("prefixed", SandboxOptions.defaults().withCamundaVersion(PREFIXED_VERSION).withIndexPrefix(INDEX_PREFIX)
        .withOptimizeEnabled(false));
  }

  /** Settings every cluster on {@link #prefixedSandbox()} needs, relative to its property prefix. */
  public static Map<String, String> prefixedClusterProperties() {
    Map<String, String> properties = new LinkedHashMap<>(restoreClusterProperties());
    properties.put("restore.camunda-version", PREFIXED_VERSION);
    properties.put("secondary-storage.index-prefix", INDEX_PREFIX);
    properties.put("secondary-storage.zeebe-records-index-prefix", "zeebe-record_process_" + PREFIXED_VERSION);
    return properties;
  }

  /** Camunda version of the drill sandboxes (records indices of their own on the shared node). */
  public static final String DRILL_VERSION = "8.8.7";

  /**
   * A cluster whose restores are rehearsed, and a scratch installation to rehearse them on.
   *
   * @param source a cluster on the shared OpenSearch node, with its own snapshot repository
   *     ({@code camunda-drill}) and Zeebe backup store
   * @param scratch another installation: its own OpenSearch node (another search cluster, with its
   *     own UUID and data), which has {@code camunda-drill} registered read-only over the source's
   *     repository, and brokers whose backup store is the source's: it sees the source's backups
   *     and nothing it does reaches the source
   */
  public record DrillPair(SandboxTargets source, SandboxTargets scratch) {

    /** Settings both need, relative to a cluster's property prefix (as {@link #restoreClusterProperties()}). */
    public static Map<String, String> clusterProperties() {
      Map<String, String> properties = new LinkedHashMap<>(restoreClusterProperties());
      properties.put("restore.camunda-version", DRILL_VERSION);
      properties.put("secondary-storage.zeebe-records-index-prefix", "zeebe-record_process_" + DRILL_VERSION);
      return properties;
    }
  }

  private static DrillPair drillPair;
  private static SandboxOpenSearch drillScratchNode;

  /**
   * The JVM's {@link DrillPair}, started on first use (the scratch node takes 5-20 s). Its brokers
   * process records only when asked ({@code recordsPerTick} 0), so the pair adds no indexing load
   * to the tests that run after it; {@link #closeDrillPair()} stops it.
   */
  public static synchronized DrillPair drillPair() {
    if (drillPair == null) {
      SandboxTargets source = shared("drill", SandboxOptions.defaults().withCamundaVersion(DRILL_VERSION).withRecordsPerTick(0));
      try {
        Path workDir = Files.createTempDirectory("sandbox-opensearch-scratch");
        SandboxOpenSearch scratchNode = SandboxOpenSearch.startReadingRepositoriesOf(source.openSearch(), workDir);
        String repository = source.cluster().options().repositoryName();
        scratchNode.registerReadOnlyRepository(repository);
        SandboxCamundaCluster scratchCluster = SandboxCamundaCluster.start(scratchNode, source.cluster().backupStore(),
            SandboxOptions.defaults().withCamundaVersion(DRILL_VERSION).withRepositoryName(repository).withRecordsPerTick(0));
        drillScratchNode = scratchNode;
        drillPair = new DrillPair(source, new SandboxTargets(scratchNode, scratchCluster));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return drillPair;
  }

  /** Stops the {@link DrillPair}'s scratch installation and source cluster: the next {@link #drillPair()} starts anew. */
  public static synchronized void closeDrillPair() {
    if (drillPair == null) {
      return;
    }
    drillPair.scratch().close();
    drillScratchNode.close();
    drillPair.source().close();
    NAMED.remove("drill");
    drillPair = null;
  }

  private static SandboxTargets shared(String name, SandboxOptions options) {
    return NAMED.computeIfAbsent(name, n -> {
      SandboxOpenSearch openSearch = SandboxOpenSearch.shared();
      String repository = "camunda-" + n;
      openSearch.registerRepository(repository);
      SandboxTargets targets = start(openSearch, options.withRepositoryName(repository));
      Runtime.getRuntime().addShutdownHook(new Thread(targets::close));
      return targets;
    });
  }

  public SandboxOpenSearch openSearch() {
    return openSearch;
  }

  public SandboxCamundaCluster cluster() {
    return cluster;
  }

  /** Tunable settings of one named cluster. */
  public record Tuning(
      boolean withOptimize,
      String optimizeUrlOverride,
      Duration maxExportingPause,
      Duration componentTimeout,
      Duration incompleteGrace,
      Duration pollInterval,
      Duration requestTimeout) {

    /**
     * Generous request timeout: on a machine busy with other builds a sandbox call backed by
     * OpenSearch can take seconds, and a timed-out call would turn a test about something else
     * into a test of retries.
     */
    public static Tuning standard() {
      // The grace for INCOMPLETE (Optimize between its two snapshots) is generous too: on a loaded
      // machine the sandbox may start the second snapshot seconds after the first.
      return new Tuning(true, null, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(30),
          Duration.ofMillis(200), Duration.ofSeconds(10));
    }

    public Tuning withoutOptimize() {
      return new Tuning(false, null, maxExportingPause, componentTimeout, incompleteGrace, pollInterval, requestTimeout);
    }

    public Tuning optimizeAt(String url) {
      return new Tuning(true, url, maxExportingPause, componentTimeout, incompleteGrace, pollInterval, requestTimeout);
    }

    public Tuning withRequestTimeout(Duration timeout) {
      return new Tuning(withOptimize, optimizeUrlOverride, maxExportingPause, componentTimeout, incompleteGrace, pollInterval, timeout);
    }

    /** Short deadlines for the failure paths; requests time out after 2 s, so a delayed answer is retried in time. */
    public Tuning tight(Duration maxPause, Duration timeout, Duration grace) {
      return new Tuning(withOptimize, optimizeUrlOverride, maxPause, timeout, grace, pollInterval, Duration.ofSeconds(2));
    }
  }

  public Map<String, String> clusterProperties(int index, String name, Tuning tuning) {
    String p = "backup-orchestrator.clusters[" + index + "].";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(p + "name", name);
    properties.put(p + "management-url", cluster.managementUrl());
    if (tuning.withOptimize()) {
      properties.put(p + "optimize-url", tuning.optimizeUrlOverride() != null ? tuning.optimizeUrlOverride() : cluster.optimizeUrl());
    }
    properties.put(p + "max-exporting-pause", tuning.maxExportingPause().toString());
    properties.put(p + "poll-interval", tuning.pollInterval().toString());
    properties.put(p + "secondary-storage.type", "opensearch");
    properties.put(p + "secondary-storage.url", openSearch.url());
    properties.put(p + "secondary-storage.username", "backup-operator");
    properties.put(p + "secondary-storage.password", SECRET);
    properties.put(p + "secondary-storage.snapshot-repository", cluster.options().repositoryName());
    properties.put(p + "timeouts.request", tuning.requestTimeout().toString());
    for (String component : new String[] {"webapps-backup", "optimize-backup", "records-snapshot", "zeebe-backup"}) {
      properties.put(p + "timeouts." + component, tuning.componentTimeout().toString());
    }
    properties.put(p + "timeouts.incomplete-grace", tuning.incompleteGrace().toString());
    return properties;
  }

  /**
   * A local port nothing listens on: connections to it are refused. The port stays bound (not
   * listening) for the JVM's life, so no server or outgoing connection started later in the suite
   * can take it over (a port freed right away was, once: a test then saw its connection closed
   * instead of refused).
   */
  public static String unreachableUrl() {
    try {
      Socket reserved = new Socket();
      reserved.setReuseAddress(false);
      reserved.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      RESERVED_PORTS.add(reserved);
      return "http://127.0.0.1:" + reserved.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final java.util.List<Socket> RESERVED_PORTS = new java.util.concurrent.CopyOnWriteArrayList<>();

  @Override
  public void close() {
    cluster.close();
  }
}
