package io.camunda.community.backup.sandbox;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;

/**
 * A stand-in for one Camunda 8.8 Self-Managed cluster's management APIs, backed by a real
 * OpenSearch: the Orchestration Cluster management port (9600: exporting control, partitions,
 * health, {@code backupRuntime}, {@code backupHistory}) and Optimize's management port (8092:
 * {@code backups}), each an HTTP server on 127.0.0.1. A background exporter keeps writing Zeebe
 * records to OpenSearch, and Zeebe backups land in a local backup store directory.
 */
public final class SandboxCamundaCluster implements AutoCloseable {

  /**
   * Own event loops: Spring disposes Reactor Netty's global ones whenever an application context
   * using WebClient closes, which would silently take every sandbox cluster down with it.
   */
  private static final LoopResources LOOPS = LoopResources.create("sandbox-http", 2, true);

  private final SandboxOptions options;
  private final SandboxFaults faults = new SandboxFaults();
  private final ZeebeExporter exporter;
  private final ZeebeBackupStore backupStore;
  private final ScheduledExecutorService scheduler;
  private final DisposableServer management;
  private final DisposableServer optimize;

  private SandboxCamundaCluster(SandboxOpenSearch openSearch, Path backupStore, SandboxOptions options) {
    this.options = options;
    this.backupStore = new ZeebeBackupStore(backupStore);
    var threads = new AtomicInteger();
    this.scheduler =
        Executors.newScheduledThreadPool(2, runnable -> daemon(runnable, "sandbox-cluster-" + threads.incrementAndGet()));
    this.exporter =
        new ZeebeExporter(openSearch.http(), options.camundaVersion(), options.partitionCount(), options.exporterInterval());
    var repository = new SnapshotRepository(openSearch.http(), options.repositoryName());

    var managementRouter = new SandboxRouter(options.contextPath(), faults);
    new ExportingApi(exporter, faults).register(managementRouter);
    new ZeebeBackupApi(this.backupStore, exporter, faults, options, scheduler).register(managementRouter);
    new WebappsBackupApi(repository, faults, options, scheduler).register(managementRouter);
    this.management = serve(managementRouter);

    if (options.optimizeEnabled()) {
      // Optimize's management API ignores any context path (contract 1.1).
      var optimizeRouter = new SandboxRouter("", faults);
      new OptimizeBackupApi(repository, faults, options, scheduler).register(optimizeRouter);
      this.optimize = serve(optimizeRouter);
    } else {
      this.optimize = null;
    }
    exporter.start();
  }

  /** Starts both servers and the exporter; Zeebe backups go to {@code backupStore}. */
  public static SandboxCamundaCluster start(SandboxOpenSearch openSearch, Path backupStore, SandboxOptions options) {
    return new SandboxCamundaCluster(openSearch, backupStore, options);
  }

  /** Base URL of the Orchestration Cluster management API, context path included. */
  public String managementUrl() {
    return "http://127.0.0.1:" + management.port() + options.contextPath();
  }

  /** Base URL of Optimize's management API, or null when Optimize is not deployed. */
  public String optimizeUrl() {
    return optimize == null ? null : "http://127.0.0.1:" + optimize.port();
  }

  public SandboxOptions options() {
    return options;
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

  public Path backupStore() {
    return backupStore.root();
  }

  @Override
  public void close() {
    management.disposeNow();
    if (optimize != null) {
      optimize.disposeNow();
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

  private static DisposableServer serve(SandboxRouter router) {
    return HttpServer.create().runOn(LOOPS).host("127.0.0.1").port(0).handle(router::serve).bindNow();
  }
}
