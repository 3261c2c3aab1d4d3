package io.camunda.community.backup.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.sandbox.SandboxOptions;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * README command one: a complete hot backup with nothing installed. Starts the real Zeebe engine
 * in memory as the control cluster, a sandbox Camunda 8.8 target backed by a real OpenSearch node,
 * and the worker application; runs one backup, prints its timeline live and a summary, and exits 0
 * when the backup COMPLETED (and, with {@code --restore}, the restore RESTORED the backed-up data)
 * and exporting runs again; 1 in every other case, a failure to start included. {@code .ci/run}
 * checks both the exit code and the printed state.
 */
public final class EmbeddedBackupDemo {

  private static final PrintStream OUT = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);

  public static void main(String[] args) {
    int exitCode;
    try {
      exitCode = run(args);
    } catch (Throwable e) {
      OUT.println("\nThe demo failed: " + e);
      e.printStackTrace(OUT);
      exitCode = 1;
    }
    // Always exit explicitly: threads of OpenSearch or the engine must not keep a failed demo alive.
    System.exit(exitCode);
  }

  private static int run(String[] args) throws Exception {
    System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
    Instant begin = Instant.now();
    if (java.util.Arrays.asList(args).contains("--rdbms")) {
      return runOnPostgres(begin);
    }
    OUT.println("\nCamunda Backup Orchestrator: embedded demo");
    OUT.println("  control cluster: Zeebe engine in memory; target: sandbox Camunda 8.8 on a real OpenSearch node\n");

    Path work = Files.createTempDirectory("c8backup-demo");
    OUT.print("  starting OpenSearch ... ");
    SandboxOpenSearch openSearch = startQuietly(() -> SandboxOpenSearch.start(work.resolve("opensearch")));
    OUT.println("up at " + openSearch.url());
    SandboxTargets sandbox = SandboxTargets.start(openSearch, SandboxOptions.defaults()
        .withZeebeBackupDuration(Duration.ofSeconds(2))
        .withSnapshotPartDelay(Duration.ofMillis(200)));
    OUT.println("  sandbox cluster: management API " + sandbox.cluster().managementUrl() + ", Optimize " + sandbox.cluster().optimizeUrl());
    InMemoryControlCluster control = InMemoryControlCluster.start();
    OUT.println("  control cluster: " + control.grpcAddress());

    Map<String, String> properties = new LinkedHashMap<>(sandbox.clusterProperties(0, "demo",
        new Tuning(true, null, Duration.ofMinutes(5), Duration.ofMinutes(2), Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10))));
    useDefaultPollInterval(properties);
    properties.put("backup-orchestrator.job-retry-backoff", "PT1S");
    // CI machines are shared: deploying to a cold in-memory engine can take longer than the 10 s default.
    properties.put("camunda.client.request-timeout", "PT60S");
    properties.put("logging.level.root", "WARN");
    properties.put("logging.level.io.camunda.community.backup", "WARN");
    properties.put("spring.main.banner-mode", "off");
    properties.put("backup-orchestrator.clusters[0].restore.camunda-version", "8.8.0");
    properties.put("backup-orchestrator.clusters[0].restore.partition-count", "3");
    properties.put("backup-orchestrator.clusters[0].restore.broker-count", "1");

    int exitCode;
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties)) {
      OUT.println("  worker application started: processes and form deployed\n");
      long key = app.getBean(BackupRequests.class).start("demo", null, "embedded demo", "demo");
      OUT.println("Backup of cluster 'demo' (process instance " + key + "):");
      ProcessInstanceView instance = followTimeline(control, key);
      exitCode = summarize(instance, sandbox, begin);
      if (exitCode == 0 && java.util.Arrays.asList(args).contains("--restore")) {
        exitCode = RestoreRoundTrip.run(control, app, sandbox, instance.variable("backupId").orElseThrow().asLong(), OUT);
      }
    } finally {
      control.close();
      sandbox.close();
      openSearch.close();
    }
    return exitCode;
  }

  /**
   * {@code --rdbms}: the same backup process on a Camunda 8.9 sandbox whose secondary storage is a
   * throwaway PostgreSQL server (needs the Debian package postgresql): soft pause, pg_dump, Zeebe
   * backup with the same ID, resume.
   */
  private static int runOnPostgres(Instant begin) throws Exception {
    OUT.println("\nCamunda Backup Orchestrator: embedded demo, RDBMS secondary storage");
    OUT.println("  control cluster: Zeebe engine in memory; target: sandbox Camunda 8.9 on a throwaway PostgreSQL\n");
    RdbmsTargets target = RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL);
    target.execute("CREATE TABLE IF NOT EXISTS demo_process_instance AS SELECT g AS id, md5(g::text) AS state FROM generate_series(1, 100000) g");
    target.cluster().processRecords(1000);
    OUT.println("  sandbox cluster: management API " + target.cluster().managementUrl() + ", PostgreSQL with 100,000 demo rows");
    InMemoryControlCluster control = InMemoryControlCluster.start();
    OUT.println("  control cluster: " + control.grpcAddress());
    Map<String, String> properties = new LinkedHashMap<>(target.clusterProperties(0, "demo", Map.of()));
    useDefaultPollInterval(properties);
    properties.put("backup-orchestrator.job-retry-backoff", "PT1S");
    // CI machines are shared: deploying to a cold in-memory engine can take longer than the 10 s default.
    properties.put("camunda.client.request-timeout", "PT60S");
    properties.put("logging.level.root", "WARN");
    properties.put("logging.level.io.camunda.community.backup", "WARN");
    properties.put("spring.main.banner-mode", "off");
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties)) {
      OUT.println("  worker application started: processes and forms deployed\n");
      long key = app.getBean(BackupRequests.class).start("demo", null, "embedded demo (rdbms)", "demo");
      OUT.println("Backup of cluster 'demo' (process instance " + key + "):");
      ProcessInstanceView instance = followTimeline(control, key);
      JsonNode result = instance.variable("backupResult").orElse(null);
      if (result == null) {
        OUT.println("\nThe backup did not finish within 5 minutes; open incidents: " + instance.openIncidents().size());
        return 1;
      }
      JsonNode dump = result.at("/snapshots/databaseDump");
      OUT.println("\nSummary");
      OUT.printf("  backup ID           %s%n", result.get("backupId").asText());
      OUT.printf("  state               %s%s%n", result.get("state").asText(),
          result.hasNonNull("failureReason") ? " (" + result.get("failureReason").asText() + ")" : "");
      OUT.printf("  database dump       %s/%s%n", dump.path("directory").asText(), dump.path("file").asText());
      OUT.printf("  size, SHA-256       %s bytes, %s%n", dump.path("sizeBytes").asText(), dump.path("sha256").asText());
      OUT.printf("  Zeebe partitions    %d backed up to %s%n", result.at("/snapshots/zeebePartitions").size(), target.cluster().backupStore());
      printDurations(result);
      ExportingState exporting = target.cluster().exportingState();
      OUT.printf("  exporting now       %s%n", exporting);
      OUT.printf("  demo ran            %s in all (including start-up)%n%n", TimelinePrinter.millis(Duration.between(begin, Instant.now())));
      return "COMPLETED".equals(result.path("state").asText()) && exporting == ExportingState.EXPORTING ? 0 : 1;
    } finally {
      control.close();
    }
  }

  /** The demo waits as a user's installation does: no poll interval of its own. */
  private static void useDefaultPollInterval(Map<String, String> properties) {
    properties.keySet().removeIf(key -> key.endsWith(".poll-interval"));
  }

  /** Prints the instance's timeline live until it ends (at most 5 minutes); returns it. */
  private static ProcessInstanceView followTimeline(InMemoryControlCluster control, long key) throws InterruptedException {
    ProcessInstanceView instance = control.instance(key);
    TimelinePrinter timeline = new TimelinePrinter(control, key, OUT);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
    while (!instance.isEnded() && Instant.now().isBefore(deadline)) {
      timeline.printNew();
      Thread.sleep(100);
    }
    timeline.printNew();
    return instance;
  }

  private static void printDurations(JsonNode result) {
    JsonNode durations = result.path("durations");
    durations.fieldNames().forEachRemaining(phase -> {
      if (durations.hasNonNull(phase)) {
        OUT.printf("  %-19s %s%n", phase, TimelinePrinter.millis(Duration.parse(durations.get(phase).asText())));
      }
    });
  }

  /**
   * OpenSearch and its runner talk a lot while starting (to System.out and through log4j-core):
   * keep that away from the timeline. The demo prints through its own stream; errors still surface
   * as the exception of a failed start.
   */
  private static <T> T startQuietly(java.util.concurrent.Callable<T> start) throws Exception {
    PrintStream stdout = System.out;
    System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      return start.call();
    } finally {
      System.setOut(stdout);
      org.apache.logging.log4j.core.config.Configurator.setAllLevels("org.opensearch", org.apache.logging.log4j.Level.ERROR);
    }
  }

  private static int summarize(ProcessInstanceView instance, SandboxTargets sandbox, Instant begin) {
    JsonNode result = instance.variable("backupResult").orElse(null);
    if (result == null) {
      OUT.println("\nThe backup did not finish within 5 minutes; open incidents: " + instance.openIncidents().size());
      return 1;
    }
    OUT.println("\nSummary");
    OUT.printf("  backup ID           %s%n", result.path("backupId").asText());
    OUT.printf("  state               %s%s%n", result.path("state").asText(),
        result.hasNonNull("failureReason") ? " (" + result.get("failureReason").asText() + ")" : "");
    JsonNode snapshots = result.path("snapshots");
    OUT.printf("  web-apps snapshots  %s%n", snapshots.path("webapps"));
    OUT.printf("  Optimize snapshots  %s%n", snapshots.path("optimize"));
    OUT.printf("  records snapshot    %s%n", snapshots.path("zeebeRecords").asText());
    OUT.printf("  Zeebe partitions    %d backed up to %s%n", snapshots.path("zeebePartitions").size(), sandbox.cluster().backupStore());
    printDurations(result);
    ExportingState exporting = sandbox.cluster().exportingState();
    OUT.printf("  exporting now       %s%n", exporting);
    OUT.printf("  demo ran            %s in all (including start-up)%n%n", TimelinePrinter.millis(Duration.between(begin, Instant.now())));
    return "COMPLETED".equals(result.path("state").asText()) && exporting == ExportingState.EXPORTING ? 0 : 1;
  }
}
