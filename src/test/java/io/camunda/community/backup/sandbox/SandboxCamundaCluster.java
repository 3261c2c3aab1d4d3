package io.camunda.community.backup.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * A stand-in for one Camunda 8.8 Self-Managed cluster's management APIs, backed by a real
 * OpenSearch: the Orchestration Cluster management port (9600: exporting control, partitions,
 * health, {@code backupRuntime}, {@code backupHistory}) and Optimize's management port (8092:
 * {@code backups}), each an HTTP server on 127.0.0.1. A background exporter keeps writing Zeebe
 * records to OpenSearch, and Zeebe backups land in a local backup store directory.
 *
 * <p>{@link #startWithDatabase} stands in for Camunda 8.9+ on RDBMS secondary storage instead: the
 * exporter writes to a real PostgreSQL or MariaDB database, there is no Optimize (RDBMS mode does
 * not cover it) and no {@code backupHistory} (no web-app indices to snapshot); everything else
 * is the same.
 *
 * <p>The components can be stopped and started again ({@link #stopComponents()}, {@link
 * #startComponents()}), as an operator scales them to zero and back around a restore, and the
 * Zeebe partitions can be restored from a backup in between ({@link #runZeebeRestore(int,
 * long)}). The secondary storage is never touched by either.
 */
public final class SandboxCamundaCluster implements AutoCloseable {

  /**
   * Own event loops: Spring disposes Reactor Netty's global ones whenever an application context
   * using WebClient closes, which would silently take every sandbox cluster down with it.
   */
  private static final LoopResources LOOPS = LoopResources.create("sandbox-http", 2, true);

  /** How long a start keeps trying to bind the previous port (a closed socket may linger). */
  private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(10);

  private final SandboxOptions options;
  private final SandboxDatabase database;
  private final SandboxFaults faults = new SandboxFaults();
  private final ComponentLifecycle lifecycle = new ComponentLifecycle();
  private final ZeebeExporter exporter;
  private final ZeebeBackupStore backupStore;
  private final ZeebeBackupApi zeebeBackupApi;
  private final ZeebeRestoreApp restoreApp;
  private final WebappsBackupApi webappsBackupApi;
  /** Standalone Operate and Tasklist ({@link SandboxOptions#standaloneWebapps()}): each app's API, router and port. */
  private final Map<WebappsBackupApi.App, WebappsBackupApi> standaloneApis = new java.util.EnumMap<>(WebappsBackupApi.App.class);
  private final Map<WebappsBackupApi.App, SandboxRouter> standaloneRouters = new java.util.EnumMap<>(WebappsBackupApi.App.class);
  private final Map<WebappsBackupApi.App, Integer> standalonePorts = new java.util.EnumMap<>(WebappsBackupApi.App.class);
  private final Map<WebappsBackupApi.App, DisposableServer> standaloneServers = new java.util.EnumMap<>(WebappsBackupApi.App.class);
  private final OptimizeBackupApi optimizeBackupApi;
  private final ScheduledExecutorService scheduler;
  private final SandboxRouter managementRouter;
  private final SandboxRouter optimizeRouter;
  private final int managementPort;
  private final int optimizePort;
  /** Guards stop, start, restore and close against each other. */
  private final Object lifecycleLock = new Object();
  private DisposableServer management;
  private DisposableServer optimize;
  /** OpenSearch as this cluster's clients see it through {@link #searchUrl()}; null in RDBMS mode. */
  private final DisposableServer search;
  /** OpenSearch with this cluster's snapshot repository, real or {@link EmulatedSnapshots emulated}; null in RDBMS mode. */
  private final OpenSearchHttp snapshotsHttp;
  private boolean closed;

  /** Exactly one of {@code openSearch} and {@code database} is given. */
  private SandboxCamundaCluster(
      SandboxOpenSearch openSearch, SandboxDatabase database, Path backupStore, SandboxOptions options) {
    this.options = options;
    this.database = database;
    this.backupStore = new ZeebeBackupStore(backupStore);
    var threads = new AtomicInteger();
    this.scheduler =
        Executors.newScheduledThreadPool(2, runnable -> daemon(runnable, "sandbox-cluster-" + threads.incrementAndGet()));
    var sink =
        database == null
            ? new OpenSearchRecordSink(openSearch.http(), options.camundaVersion())
            : new JdbcRecordSink(database);
    this.exporter =
        new ZeebeExporter(sink, options.partitionCount(), options.exporterInterval(), options.recordsPerTick());
    this.snapshotsHttp = database == null ? snapshotsHttp(openSearch, options) : null;
    var repository = database == null ? new SnapshotRepository(snapshotsHttp, options.repositoryName()) : null;

    this.managementRouter = new SandboxRouter(options.contextPath(), faults);
    new ExportingApi(exporter, faults).register(managementRouter);
    this.zeebeBackupApi = new ZeebeBackupApi(this.backupStore, exporter, faults, options, scheduler, lifecycle);
    zeebeBackupApi.register(managementRouter);
    if (repository == null) {
      WebappsBackupApi.registerWithoutHistory(managementRouter);
      this.webappsBackupApi = null;
    } else if (options.standaloneWebapps()) {
      // Operate and Tasklist run elsewhere: the Orchestration Cluster's port has no backupHistory
      WebappsBackupApi.registerWithoutHistory(managementRouter, "No static resource actuator/backupHistory.");
      this.webappsBackupApi = null;
      for (var app : List.of(WebappsBackupApi.App.OPERATE, WebappsBackupApi.App.TASKLIST)) {
        var router = new SandboxRouter("", faults);
        var api = new WebappsBackupApi(app, repository, faults, options, scheduler, lifecycle);
        api.register(router);
        router.route("GET", "/actuator/health", request -> reactor.core.publisher.Mono.just(HttpReply.json(200, Map.of("status", "UP"))));
        standaloneApis.put(app, api);
        standaloneRouters.put(app, router);
        var server = serve(router, 0);
        standaloneServers.put(app, server);
        standalonePorts.put(app, server.port());
      }
    } else {
      this.webappsBackupApi = new WebappsBackupApi(repository, faults, options, scheduler, lifecycle);
      webappsBackupApi.register(managementRouter);
    }
    this.restoreApp = new ZeebeRestoreApp(this.backupStore, exporter, zeebeBackupApi, faults, options, sink);
    this.management = serve(managementRouter, 0);
    this.managementPort = management.port();

    if (options.optimizeEnabled()) {
      // Optimize's management API ignores any context path (contract 1.1).
      this.optimizeRouter = new SandboxRouter("", faults);
      this.optimizeBackupApi = new OptimizeBackupApi(repository, faults, options, scheduler, lifecycle);
      optimizeBackupApi.register(optimizeRouter);
      this.optimize = serve(optimizeRouter, 0);
      this.optimizePort = optimize.port();
    } else {
      this.optimizeBackupApi = null;
      this.optimizeRouter = null;
      this.optimize = null;
      this.optimizePort = -1;
    }
    // OpenSearch is no Camunda component: this proxy stays up while the components are stopped.
    this.search = openSearch == null ? null : serveSearchProxy(snapshotsHttp);
    exporter.start();
  }

  /** Starts both servers and the exporter; Zeebe backups go to {@code backupStore}. */
  public static SandboxCamundaCluster start(SandboxOpenSearch openSearch, Path backupStore, SandboxOptions options) {
    return new SandboxCamundaCluster(Objects.requireNonNull(openSearch, "openSearch"), null, backupStore, options);
  }

  /**
   * Starts the cluster of a Camunda 8.9+ installation on RDBMS secondary storage: the exporter
   * writes to {@code database} (tables {@code zeebe_record} and Camunda's {@code EXPORTER_POSITION}, created
   * when missing), Optimize is never started whatever {@code options} say, and {@code
   * backupHistory} answers 404 to every request.
   *
   * @throws IllegalArgumentException when the JDBC URL is neither PostgreSQL nor MariaDB
   */
  public static SandboxCamundaCluster startWithDatabase(
      SandboxDatabase database, Path backupStore, SandboxOptions options) {
    return new SandboxCamundaCluster(
        null, Objects.requireNonNull(database, "database"), backupStore, options.withOptimizeEnabled(false));
  }

  /**
   * True when no web-app or Optimize backup is still taking its snapshots. A test that shares this
   * cluster with others waits for this first: a backup left running by an earlier test would
   * otherwise make the next one's start answer "another backup is running".
   */
  public boolean backupsIdle() {
    return (webappsBackupApi == null || webappsBackupApi.idle()) && (optimizeBackupApi == null || optimizeBackupApi.idle())
        && standaloneApis.values().stream().allMatch(WebappsBackupApi::idle);
  }

  /** Management API of the standalone Operate ({@link SandboxOptions#standaloneWebapps()}); null otherwise. */
  public String operateManagementUrl() {
    return standalonePorts.containsKey(WebappsBackupApi.App.OPERATE) ? "http://127.0.0.1:" + standalonePorts.get(WebappsBackupApi.App.OPERATE) : null;
  }

  /** Management API of the standalone Tasklist ({@link SandboxOptions#standaloneWebapps()}); null otherwise. */
  public String tasklistManagementUrl() {
    return standalonePorts.containsKey(WebappsBackupApi.App.TASKLIST) ? "http://127.0.0.1:" + standalonePorts.get(WebappsBackupApi.App.TASKLIST) : null;
  }

  /** Base URL of the Orchestration Cluster management API, context path included. */
  public String managementUrl() {
    return "http://127.0.0.1:" + managementPort + options.contextPath();
  }

  /** Base URL of Optimize's management API, or null when Optimize is not deployed. */
  public String optimizeUrl() {
    return optimizeRouter == null ? null : "http://127.0.0.1:" + optimizePort;
  }

  /**
   * OpenSearch behind this cluster's {@link #faults()}: every request is forwarded as is and
   * recorded, so a test can lose the answer to a snapshot restore, as after a network cut. Null in
   * RDBMS mode.
   */
  public String searchUrl() {
    return search == null ? null : "http://127.0.0.1:" + search.port();
  }

  /**
   * Snapshot {@code name} of this cluster's repository as OpenSearch (or the {@link
   * SandboxOptions#emulatedSnapshots() emulated} repository) describes it, or null.
   */
  public Map<String, Object> snapshot(String name) {
    var response = snapshotsHttp.get("/_snapshot/" + options.repositoryName() + "/" + name);
    if (response.status() == 404) {
      return null;
    }
    var snapshot = response.requireOk().path("snapshots").path(0);
    return snapshot.isMissingNode()
        ? null
        : OpenSearchHttp.JSON.convertValue(snapshot, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
  }

  private static OpenSearchHttp snapshotsHttp(SandboxOpenSearch openSearch, SandboxOptions options) {
    return options.emulatedSnapshots() == null
        ? openSearch.http()
        : new EmulatedSnapshots(openSearch.http().baseUrl(), options.repositoryName(), options.emulatedSnapshots(), java.time.Clock.systemUTC());
  }

  /** The options in effect: in RDBMS mode Optimize is off. */
  public SandboxOptions options() {
    return options;
  }

  /** Whether the secondary storage is a relational database ({@link #startWithDatabase}). */
  public boolean rdbms() {
    return database != null;
  }

  /** The secondary-storage database, or null when the secondary storage is OpenSearch. */
  public SandboxDatabase database() {
    return database;
  }

  public SandboxFaults faults() {
    return faults;
  }

  public ExportingState exportingState() {
    return exporter.state();
  }

  public List<ExportingTransition> exportingHistory() {
    return exporter.history();
  }

  /** The lowest acknowledged exported position over all partitions. */
  public long exportedPosition() {
    return exporter.exportedPosition();
  }

  /** Ids of the Zeebe backups currently in the backup store (deleted ones are gone). */
  public Set<Long> zeebeBackupIds() {
    return new TreeSet<>(backupStore.backupIds());
  }

  /**
   * The highest id a Zeebe backup start request has taken so far, deleted backups included: tells
   * when a delayed start request has landed.
   */
  public long latestZeebeBackupId() {
    return zeebeBackupApi.latestBackupId();
  }

  public Path backupStore() {
    return backupStore.root();
  }

  /**
   * Continuous backups on or off (Camunda 8.9's setup for RDBMS storage, contract 1.2.5 and 3.1):
   * on, a backup request with an id is refused (400), one without an id gets a generated id, and
   * {@code GET actuator/backupRuntime/state} reports each partition's backup ranges.
   */
  public void continuousBackups(boolean on) {
    zeebeBackupApi.continuous(on);
  }

  /** What the broker's backup scheduler does: a backup with a generated id, its checkpoint at {@code at}. */
  public long takeScheduledBackup(java.time.Instant at) {
    return zeebeBackupApi.takeContinuous("SCHEDULED_BACKUP", at);
  }

  /**
   * The partition's log up to now is compacted away before the next backup (continuous backups
   * switched off for a while, say): the next backup starts a new range, and the window between is
   * a gap no point in time can be restored from.
   */
  public void loseLogBeforeNextBackup(int partitionId) {
    zeebeBackupApi.loseLogBeforeNextBackup(partitionId);
  }

  /**
   * The partition data the Zeebe backup {@code backupId} recorded, by partition id: what the
   * restore application brings back. Partitions without a readable record are left out.
   */
  public Map<Integer, PartitionState> backupPartitions(long backupId) {
    var partitions = new java.util.TreeMap<Integer, PartitionState>();
    for (int partitionId = 1; partitionId <= options.partitionCount(); partitionId++) {
      backupStore.readPartitionState(partitionId, backupId).ifPresent(state -> partitions.put(state.partitionId(), state));
    }
    return partitions;
  }

  /**
   * Takes the Orchestration Cluster (management API, broker, exporter, web apps) and Optimize
   * down, as {@code kubectl scale --replicas=0} does: from now on every connection to the
   * management or Optimize port is refused (a connection still open is closed without an
   * answer), nothing is processed or exported, backups being taken are never finished (the
   * broker marks its unfinished ones FAILED when it starts again; the web apps and Optimize take
   * no further snapshot parts). The secondary storage stays up. Returns once the exporter has
   * stopped writing; does nothing when already stopped.
   */
  public void stopComponents() {
    offEventLoop(this::stop);
  }

  private void stop() {
    synchronized (lifecycleLock) {
      if (closed || !lifecycle.isUp()) {
        return;
      }
      lifecycle.stopped(); // requests arriving on open connections are cut from now on
      management.disposeNow();
      management = null;
      if (optimize != null) {
        optimize.disposeNow();
        optimize = null;
      }
      standaloneServers.values().forEach(DisposableServer::disposeNow);
      standaloneServers.clear();
      exporter.stop();
    }
  }

  /**
   * Brings the components back on the same ports, so every URL handed out stays valid. The
   * exporter comes back EXPORTING (whatever pause was set before) and writes again every record
   * after each partition's exported position, which after a restore means the records after the
   * backup's checkpoint. Does nothing when already running.
   *
   * @throws IllegalStateException when a port cannot be bound again
   */
  public void startComponents() {
    offEventLoop(this::restart);
  }

  private void restart() {
    synchronized (lifecycleLock) {
      if (closed) {
        throw new IllegalStateException("The sandbox cluster is closed");
      }
      if (lifecycle.isUp()) {
        return;
      }
      management = serve(managementRouter, managementPort);
      if (optimizeRouter != null) {
        optimize = serve(optimizeRouter, optimizePort);
      }
      standaloneRouters.forEach((app, router) -> standaloneServers.put(app, serve(router, standalonePorts.get(app))));
      zeebeBackupApi.brokerStarted();
      exporter.start();
      lifecycle.started();
    }
  }

  /** Whether the Orchestration Cluster and Optimize are up (true from the start until stopped). */
  public boolean componentsRunning() {
    return lifecycle.isUp();
  }

  /**
   * Each partition's data as the broker holds it now: positions and record count. A backup
   * records this per partition; a restore puts the backup's values back.
   */
  public Map<Integer, PartitionState> zeebePartitions() {
    return Map.copyOf(exporter.partitionStates());
  }

  /**
   * Every partition processes {@code count} more records (as if process instances ran), which
   * are exported (to OpenSearch as {@code zeebe-record} documents, or as {@code zeebe_record}
   * rows) before this returns, unless exporting is PAUSED (then they are exported after the
   * resume) or the write fails (then the exporter retries it every interval). Lets a test write
   * data after a backup that a restore must roll back.
   *
   * @throws IllegalStateException when the components are stopped
   */
  public void processRecords(int count) {
    exporter.process(count);
  }

  /**
   * What {@code bin/restore --backupId=<backupId>} does on broker {@code nodeId}: it restores the
   * partitions that node hosts (node {@code n} of {@link SandboxOptions#brokerCount()} hosts the
   * partitions {@code p} with {@code (p - 1) % brokerCount == n}; with the default single broker,
   * node 0 hosts all) from the backup store, replacing their positions and record counts with
   * the backup's. On success the log ends with {@value RestoreResult#SUCCESS_LOG}; a failure
   * changes nothing. It fails when an injected {@link SandboxFaults#restoreFails(String)} is
   * pending, when {@code nodeId} is not a broker of the cluster, while the components are running
   * (the broker's data directory is in use, "is not empty"), when no backup store is configured,
   * and when a hosted partition has no COMPLETED backup with that id ("no valid backup").
   *
   * <p>Stopping the components stands in for clearing the Zeebe data too (procedure step 6), so
   * a restore may run again after a successful one, e.g. from another backup.
   */
  public RestoreResult runZeebeRestore(int nodeId, long backupId) {
    synchronized (lifecycleLock) {
      return restoreApp.run(nodeId, backupId, lifecycle.isUp());
    }
  }

  /**
   * What {@code bin/restore --to=<to>} does on broker {@code nodeId} of a cluster with continuous
   * backups (contract 3.2, Zeebe's RestorePointResolver): it reads each partition's exported
   * position from the database (EXPORTER_POSITION), picks the range of each partition that holds
   * it, and the checkpoint closest to {@code to} (before or after it) that every partition has at
   * or beyond its exported position; it restores the hosted partitions to that checkpoint, with
   * the database's exported position, so that Zeebe re-exports what the database lacks. It fails,
   * changing nothing, where the real one does: a partition without an exported position (or with
   * -1, camunda/camunda#47587) or without a range holding it ("No usable range found for
   * partition ..."), no common checkpoint, and the refusals of {@link #runZeebeRestore}.
   */
  public RestoreResult runZeebeRestoreTo(int nodeId, java.time.Instant to) {
    synchronized (lifecycleLock) {
      return restoreApp.runTo(nodeId, to, lifecycle.isUp());
    }
  }

  @Override
  public void close() {
    synchronized (lifecycleLock) {
      if (closed) {
        return;
      }
      closed = true;
      lifecycle.stopped();
      if (management != null) {
        management.disposeNow();
      }
      if (optimize != null) {
        optimize.disposeNow();
      }
      if (search != null) {
        search.disposeNow();
      }
      standaloneServers.values().forEach(DisposableServer::disposeNow);
    }
    exporter.close();
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Daemon threads: a cluster someone forgot to close must not keep the JVM alive. */
  static Thread daemon(Runnable runnable, String name) {
    var thread = new Thread(runnable, name);
    thread.setDaemon(true);
    return thread;
  }

  /**
   * Stopping and starting block (servers closing and binding, the exporter finishing a write),
   * which Reactor forbids on its event loop threads: a caller there, e.g. a reactive Kubernetes
   * stand-in, gets the work done on a thread of its own.
   */
  private static void offEventLoop(Runnable work) {
    if (!Schedulers.isInNonBlockingThread()) {
      work.run();
      return;
    }
    var failure = new AtomicReference<RuntimeException>();
    var thread =
        daemon(
            () -> {
              try {
                work.run();
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "sandbox-lifecycle");
    thread.start();
    try {
      thread.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the components", e);
    }
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** Binds a server on {@code port} (0: any free one), retrying while the old socket lingers. */
  private DisposableServer serve(SandboxRouter router, int port) {
    long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
    while (true) {
      try {
        return HttpServer.create()
            .runOn(LOOPS)
            .host("127.0.0.1")
            .port(port)
            .handle((request, response) -> handle(router, request, response))
            .bindNow();
      } catch (RuntimeException e) {
        if (port == 0 || System.nanoTime() > deadline) {
          throw new IllegalStateException("Could not bind the sandbox server to port " + port, e);
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while binding port " + port, interrupted);
        }
      }
    }
  }

  private DisposableServer serveSearchProxy(OpenSearchHttp openSearch) {
    var router = new SandboxRouter("", faults).route(SandboxRouter.ANY_METHOD, ".*", SandboxRouter.blocking(request -> {
      var response = openSearch.send(request.method(), request.path() + query(request.query()), request.body().isEmpty() ? null : request.body());
      return new HttpReply(response.status(), "HEAD".equals(request.method()) ? "" : response.body());
    }));
    return HttpServer.create().runOn(LOOPS).host("127.0.0.1").port(0).handle(router::serve).bindNow();
  }

  private static String query(Map<String, List<String>> parameters) {
    var joined = new StringJoiner("&", "?", "").setEmptyValue("");
    parameters.forEach((name, values) -> values.forEach(value -> joined.add(
        URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8))));
    return joined.toString();
  }

  /** While the components are down, a request on a connection that outlived them gets no answer. */
  private Mono<Void> handle(SandboxRouter router, HttpServerRequest request, HttpServerResponse response) {
    if (!lifecycle.isUp()) {
      response.withConnection(Connection::dispose);
      return Mono.empty();
    }
    return router.serve(request, response);
  }
}
