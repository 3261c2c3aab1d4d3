package io.camunda.community.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One target Camunda 8.8 cluster. Processes refer to it by {@link #name()} only; URLs and
 * credentials never leave the worker application.
 */
public record ClusterProperties(
    @NotNull
        @Pattern(
            regexp = "[a-z0-9]([-a-z0-9]*[a-z0-9])?",
            message = "must be lower-case letters, digits and '-' (it is used as a correlation key and in IDs)")
        String name,
    /* Orchestration Cluster management API (port 9600), including the context path if one is set. */
    @NotNull URI managementUrl,
    /* Optimize management API (port 8092). Leave empty when Optimize is not deployed: its steps are skipped. */
    URI optimizeUrl,
    /* Whether the scheduled-backup process backs this cluster up. */
    @DefaultValue("true") boolean scheduled,
    /* Watchdog: exporting is resumed and the backup abandoned when the pause lasts longer. */
    @NotNull @DefaultValue("PT30M") Duration maxExportingPause,
    /* How long a wait step sleeps between two status checks. */
    @NotNull @DefaultValue("PT5S") Duration pollInterval,
    @NotNull @Valid SecondaryStorageProperties secondaryStorage,
    @NotNull @Valid @DefaultValue TimeoutProperties timeouts,
    @NotNull @Valid @DefaultValue RetentionProperties retention,
    /* Manual backups of this cluster closer together than this are refused (SaaS: 15 min to 5 h). */
    @NotNull @DefaultValue("PT0S") Duration minBackupInterval,
    /* The health check raises an incident when the newest complete backup is older than this. */
    @NotNull @DefaultValue("P1D") Duration maxBackupAge,
    @NotNull @Valid @DefaultValue RestoreProperties restore,
    /* Management API of every broker (port 9600 of each pod): the health check reads each partition's exporting state from its leader. Empty: management-url only. */
    List<URI> brokerManagementUrls,
    /* Lets credentials travel over plain http:// to a host other than loopback (a private network you trust); refused at startup otherwise. */
    @DefaultValue("false") boolean allowInsecureHttp,
    /* Webhooks of this cluster only; its events also go to backup-orchestrator.notifications.webhooks. */
    @DefaultValue Notifications notifications,
    /* Optional: makes this cluster a scratch target that restore drills restore another cluster's newest backup into. */
    @Valid Drill drill,
    /* Databases outside Camunda's secondary storage that belong in every set (Web Modeler, Management Identity). */
    @Valid List<AdditionalDatabaseProperties> additionalDatabases,
    /* Optional: every set kept a second time, copied there or replicated by the storage itself. */
    @Valid SecondLocationProperties secondLocation,
    /* Camunda 8.9+ continuous backups (RDBMS storage): Zeebe generates the backup ids; the orchestrator checks the ranges. */
    @Valid @DefaultValue ContinuousBackupsProperties continuousBackups,
    /* Optional: Operate and Tasklist in processes of their own (8.8 standalone, 8.7), each with its legacy /actuator/backups. */
    @Valid StandaloneProperties standalone) {

  @ConstructorBinding
  public ClusterProperties {
    continuousBackups = continuousBackups == null ? ContinuousBackupsProperties.off() : continuousBackups;
    brokerManagementUrls = brokerManagementUrls == null ? List.of() : List.copyOf(brokerManagementUrls);
    notifications = notifications == null ? Notifications.none() : notifications;
    additionalDatabases = additionalDatabases == null ? List.of() : List.copyOf(additionalDatabases);
  }

  /** With Operate and Tasklist in the Orchestration Cluster (one backupHistory endpoint). */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore, List<URI> brokerManagementUrls,
      boolean allowInsecureHttp, Notifications notifications, Drill drill, List<AdditionalDatabaseProperties> additionalDatabases,
      SecondLocationProperties secondLocation, ContinuousBackupsProperties continuousBackups) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, brokerManagementUrls, allowInsecureHttp, notifications, drill, additionalDatabases,
        secondLocation, continuousBackups, null);
  }

  /** Where Zeebe serves its backups: {@code /actuator/backupRuntime}, or the legacy endpoint of a {@link #standalone()} cluster. */
  public String zeebeBackupPath() {
    return standalone == null ? StandaloneProperties.ZeebeBackupEndpoint.BACKUP_RUNTIME.path() : standalone.zeebeBackupEndpoint().path();
  }

  /** Without continuous backups. */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore, List<URI> brokerManagementUrls,
      boolean allowInsecureHttp, Notifications notifications, Drill drill, List<AdditionalDatabaseProperties> additionalDatabases,
      SecondLocationProperties secondLocation) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, brokerManagementUrls, allowInsecureHttp, notifications, drill, additionalDatabases,
        secondLocation, ContinuousBackupsProperties.off());
  }

  /** Whether the cluster takes Camunda 8.9's continuous backups ({@link ContinuousBackupsProperties}). */
  public boolean continuous() {
    return continuousBackups.enabled();
  }

  /** Without a second location. */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore, List<URI> brokerManagementUrls,
      boolean allowInsecureHttp, Notifications notifications, Drill drill, List<AdditionalDatabaseProperties> additionalDatabases) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, brokerManagementUrls, allowInsecureHttp, notifications, drill, additionalDatabases, null);
  }

  /** Whether every set is kept a second time ({@link SecondLocationProperties}). */
  public boolean hasSecondLocation() {
    return secondLocation != null;
  }

  /** Without additional databases. */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore, List<URI> brokerManagementUrls,
      boolean allowInsecureHttp, Notifications notifications, Drill drill) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, brokerManagementUrls, allowInsecureHttp, notifications, drill, List.of());
  }

  /** The additional database the set calls {@code part}. */
  public java.util.Optional<AdditionalDatabaseProperties> additionalDatabase(String part) {
    return additionalDatabases.stream().filter(database -> database.part().equals(part)).findFirst();
  }

  /** The parts the additional databases are in a set, in configuration order. */
  public List<String> additionalDatabaseParts() {
    return additionalDatabases.stream().map(AdditionalDatabaseProperties::part).toList();
  }

  /** Not a drill target. */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore, List<URI> brokerManagementUrls,
      boolean allowInsecureHttp, Notifications notifications) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, brokerManagementUrls, allowInsecureHttp, notifications, null);
  }

  /**
   * {@code clusters[i].drill}: this cluster is a scratch target. A restore drill restores the
   * newest complete backup of {@code sourceCluster} into it, unattended (no approval: nothing on a
   * scratch target is worth keeping), and verifies it. The scratch target reads the source's
   * backup storage (its own snapshot repository registered read-only over the source's, its
   * brokers' backup store pointing at the source's, or the source's dump directory), and is never
   * backed up itself.
   *
   * @param sourceCluster the name of the cluster whose backups are rehearsed
   * @param cron when the drill runs (Zeebe timer cycle syntax, e.g. {@code 0 0 4 * * SUN}); empty:
   *     only on request
   */
  public record Drill(@NotNull String sourceCluster, String cron) {

    public boolean scheduled() {
      return cron != null && !cron.isBlank();
    }
  }

  /** Whether restore drills restore another cluster's backups into this one ({@link Drill}). */
  public boolean drillTarget() {
    return drill != null;
  }

  /** Without webhooks of its own. */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore, List<URI> brokerManagementUrls,
      boolean allowInsecureHttp) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, brokerManagementUrls, allowInsecureHttp, Notifications.none());
  }

  /** Without {@code allow-insecure-http}. */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore, List<URI> brokerManagementUrls) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, brokerManagementUrls, false);
  }

  /** Without per-broker management URLs. */
  public ClusterProperties(String name, URI managementUrl, URI optimizeUrl, boolean scheduled, Duration maxExportingPause,
      Duration pollInterval, SecondaryStorageProperties secondaryStorage, TimeoutProperties timeouts, RetentionProperties retention,
      Duration minBackupInterval, Duration maxBackupAge, RestoreProperties restore) {
    this(name, managementUrl, optimizeUrl, scheduled, maxExportingPause, pollInterval, secondaryStorage, timeouts, retention,
        minBackupInterval, maxBackupAge, restore, List.of(), false);
  }

  /** Where the exporting state of the partitions is read: every broker, or the management URL. */
  public List<URI> exportingStateUrls() {
    return brokerManagementUrls.isEmpty() ? List.of(managementUrl) : brokerManagementUrls;
  }

  /** {@code clusters[i].notifications}: the cluster's own webhooks (see {@link NotificationProperties} for the global ones). */
  public record Notifications(List<WebhookProperties> webhooks) {

    @ConstructorBinding
    public Notifications {
      webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    }

    public static Notifications none() {
      return new Notifications(List.of());
    }
  }

  public boolean optimizeEnabled() {
    return optimizeUrl != null && !optimizeUrl.toString().isBlank();
  }

  /**
   * Which backup sets retention keeps. The newest complete set is kept whatever these say, and a
   * set in progress is never touched.
   */
  public record RetentionProperties(
      @DefaultValue("true") boolean enabled,
      @jakarta.validation.constraints.Min(value = 1, message = "must be at least 1: the newest complete backup is always kept")
          @DefaultValue("3") int keepComplete,
      @jakarta.validation.constraints.Min(0) @DefaultValue("3") int keepFailed,
      /* Optional: sets older than this are deleted (except the newest complete one). */
      Duration maxAge,
      /* At most this many sets are deleted by one run; a run that would delete more deletes the oldest ones and defers the rest. */
      @jakarta.validation.constraints.Min(value = 1, message = "must be at least 1; disable retention with retention.enabled=false")
          @DefaultValue("10") int maxDeletionsPerRun,
      /* Optional: complete scheduled backups kept, counted apart from manual ones (as Camunda SaaS does). */
      @jakarta.validation.constraints.Min(0) Integer keepCompleteScheduled,
      /* Optional: complete manual backups kept, counted apart from scheduled ones. */
      @jakarta.validation.constraints.Min(0) Integer keepCompleteManual) {

    /** The default cap of deletions per run. */
    public static final int DEFAULT_MAX_DELETIONS_PER_RUN = 10;

    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public RetentionProperties {}

    /** A policy with the default cap of {@value #DEFAULT_MAX_DELETIONS_PER_RUN} deletions per run. */
    public RetentionProperties(boolean enabled, int keepComplete, int keepFailed, Duration maxAge) {
      this(enabled, keepComplete, keepFailed, maxAge, DEFAULT_MAX_DELETIONS_PER_RUN);
    }

    /** A policy that counts complete sets together, whatever started them. */
    public RetentionProperties(boolean enabled, int keepComplete, int keepFailed, Duration maxAge, int maxDeletionsPerRun) {
      this(enabled, keepComplete, keepFailed, maxAge, maxDeletionsPerRun, null, null);
    }

    /** Whether complete manual and scheduled backups are counted apart. */
    public boolean keepsByTrigger() {
      return keepCompleteScheduled != null || keepCompleteManual != null;
    }

    /** How many complete sets of this trigger are kept: its own count, else {@code keep-complete}. */
    public int keepComplete(String trigger) {
      Integer own = "scheduled".equals(trigger) ? keepCompleteScheduled : "manual".equals(trigger) ? keepCompleteManual : null;
      return own == null ? keepComplete : own;
    }
  }

  public record TimeoutProperties(
      /* One HTTP request to a management API or to Elasticsearch/OpenSearch. */
      @NotNull @DefaultValue("PT30S") Duration request,
      @NotNull @DefaultValue("PT30M") Duration webappsBackup,
      @NotNull @DefaultValue("PT30M") Duration optimizeBackup,
      @NotNull @DefaultValue("PT30M") Duration recordsSnapshot,
      @NotNull @DefaultValue("PT30M") Duration zeebeBackup,
      /* How long INCOMPLETE (or a not-yet-visible backup) is tolerated before it counts as failed. */
      @NotNull @DefaultValue("PT5M") Duration incompleteGrace) {}
}
