package io.camunda.community.backup.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.ExportingTransition;
import io.camunda.community.backup.sandbox.RecordedRequest;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.sandbox.SandboxOptions;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import io.camunda.community.backup.testsupport.WorkerApplication;
import io.camunda.community.backup.worker.WaitedWork;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.JobIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.JobRecordValue;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.StreamSupport;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Issue 11's benchmark: the worker application with its default settings backs up a sandbox
 * cluster whose component durations are configurable, {@code runs} times one after another, and
 * prints per run and as min/median/max how long exporting stayed paused against the critical path
 * of the target's work inside the pause, measured from the sandbox's own timestamps:
 * max(web apps, Optimize) + records snapshot + Zeebe backup. Not a test: figures depend on the
 * machine. {@code ./mvnw -q spring-boot:test-run -DtestRun.mainClass=...PauseBenchmark
 * -Dspring-boot.run.arguments="--runs=5 --webapps=PT2S --optimize=PT1.5S --zeebe=PT1S"}.
 */
public final class PauseBenchmark {

  /**
   * What to measure; durations are what the sandbox is told (the measured ones are printed). With
   * {@code fleet} above 0, {@code fleet} clusters are backed up at once instead of one cluster
   * {@code runs} times. With {@code emulatedSnapshots}, each sandbox's snapshot repository is
   * emulated in memory (each snapshot taking that long) instead of the one OpenSearch node taking
   * every cluster's snapshots: independent targets for a fleet.
   */
  public record Options(int runs, Duration webapps, Duration optimize, Duration zeebe, int fleet, int rounds, int catalogs,
      Duration emulatedSnapshots) {

    public Options(int runs, Duration webapps, Duration optimize, Duration zeebe) {
      this(runs, webapps, optimize, zeebe, 0, 1, 0, null);
    }

    public Options(int runs, Duration webapps, Duration optimize, Duration zeebe, int fleet, int rounds) {
      this(runs, webapps, optimize, zeebe, fleet, rounds, 0, null);
    }

    public Options withEmulatedSnapshots(Duration each) {
      return new Options(runs, webapps, optimize, zeebe, fleet, rounds, catalogs, each);
    }

    SandboxOptions sandbox() {
      return SandboxOptions.defaults().withWebappsBackupDuration(webapps).withOptimizeBackupDuration(optimize)
          .withZeebeBackupDuration(zeebe).withEmulatedSnapshots(emulatedSnapshots);
    }

    String snapshotsTakenBy() {
      return emulatedSnapshots == null ? "the one OpenSearch node" : "an emulated repository per cluster, %s each".formatted(emulatedSnapshots);
    }

    static Options parse(String[] args) {
      Map<String, String> values = new HashMap<>();
      for (String arg : args) {
        if (arg.startsWith("--") && arg.contains("=")) {
          values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
      }
      return new Options(Integer.parseInt(values.getOrDefault("runs", "5")),
          Duration.parse(values.getOrDefault("webapps", "PT2S")),
          Duration.parse(values.getOrDefault("optimize", "PT1.5S")),
          Duration.parse(values.getOrDefault("zeebe", "PT1S")),
          Integer.parseInt(values.getOrDefault("fleet", "0")),
          Integer.parseInt(values.getOrDefault("rounds", "1")),
          Integer.parseInt(values.getOrDefault("catalogs", "0")),
          values.containsKey("emulated-snapshots") ? Duration.parse(values.get("emulated-snapshots")) : null);
    }
  }

  /** One backup's figures, in seconds. */
  record Run(int number, String state, double pause, double webapps, double optimize, double records, double zeebe,
      double endToEnd, Map<String, Integer> checks, double pickupMedianMillis, double pickupMaxMillis, List<Double> gaps) {

    double critical() {
      return Math.max(webapps, optimize) + records + zeebe;
    }

    double overhead() {
      return pause - critical();
    }

    double ratio() {
      return pause / critical();
    }

    double endToEndRatio() {
      return endToEnd / critical();
    }
  }

  private static final String CLUSTER = "bench";
  private static final ObjectMapper JSON = new ObjectMapper();

  private PauseBenchmark() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    int exitCode;
    try {
      System.setProperty("opensearch.set.netty.runtime.available.processors", "false");
      Path work = Files.createTempDirectory("c8backup-benchmark");
      PrintStream stdout = System.out;
      System.setOut(new PrintStream(java.io.OutputStream.nullOutputStream()));
      SandboxOpenSearch openSearch;
      try {
        openSearch = SandboxOpenSearch.start(work.resolve("opensearch"));
      } finally {
        System.setOut(stdout);
        org.apache.logging.log4j.core.config.Configurator.setAllLevels("org.opensearch", org.apache.logging.log4j.Level.ERROR);
      }
      try {
        Options options = Options.parse(args);
        if (options.catalogs() > 0) {
          exitCode = HousekeepingBenchmark.run(options.catalogs(), openSearch, out).allRead() ? 0 : 1;
        } else {
          List<Run> runs = options.fleet() > 0 ? runFleet(options, openSearch, out) : run(options, openSearch, out);
          exitCode = runs.stream().allMatch(r -> r.state().equals("COMPLETED")) ? 0 : 1;
        }
      } finally {
        openSearch.close();
      }
    } catch (Throwable e) {
      out.println("The benchmark failed: " + e);
      e.printStackTrace(out);
      exitCode = 1;
    }
    System.exit(exitCode);
  }

  /** Runs the backups on a sandbox of {@code openSearch} and prints the figures; returns them. */
  public static List<Run> run(Options options, SandboxOpenSearch openSearch, PrintStream out) throws Exception {
    SandboxTargets sandbox = SandboxTargets.start(openSearch, options.sandbox());
    InMemoryControlCluster control = InMemoryControlCluster.start();
    List<Run> runs = new ArrayList<>();
    Map<String, String> properties = workerProperties();
    properties.putAll(clusterProperties(sandbox, 0, CLUSTER));
    try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties)) {
      out.printf("Pause benchmark: %d run(s), sandbox web apps %s, Optimize %s, Zeebe backup %s, snapshots by %s; worker with default settings%n",
          options.runs(), options.webapps(), options.optimize(), options.zeebe(), options.snapshotsTakenBy());
      out.println("run  state      pause  critical overhead  ratio  end-to-end  e2e-ratio  status requests w/o/r/z  job pickup p50/max"
          + "  gaps: paused>start, done>records, records>Zeebe, Zeebe>resumed");
      for (int number = 1; number <= options.runs(); number++) {
        Run run = measure(number, control, app.getBean(BackupRequests.class), sandbox);
        runs.add(run);
        printRun(out, run);
      }
      summarize(runs, out);
      if (System.getenv("BENCH_DETAILS") != null) {
        jobTimes(control, out);
      }
    } finally {
      control.close();
      sandbox.close();
    }
    return runs;
  }

  private static void printRun(PrintStream out, Run run) {
        out.printf("%3d  %-9s %6.2fs %7.2fs %7.2fs %6.2fx %9.2fs %9.2fx  %23s  %6.0f/%.0f ms  %s%n",
            run.number(), run.state(), run.pause(), run.critical(), run.overhead(), run.ratio(), run.endToEnd(),
            run.endToEndRatio(), "%d/%d/%d/%d".formatted(run.checks().get("webapps"), run.checks().get("optimize"),
                run.checks().get("records"), run.checks().get("zeebe")),
            run.pickupMedianMillis(), run.pickupMaxMillis(),
            run.gaps().stream().map("%.2fs"::formatted).collect(java.util.stream.Collectors.joining(" ")));
  }

  /**
   * Issue 11's fleet: {@code fleet} sandbox clusters (each with its own snapshot repository on the
   * one OpenSearch node) and one worker application, all backups requested within a second. Prints
   * every cluster's figures, then p50/p95/max overhead, the job pickup latency across the fleet
   * (a job waiting for a handler thread shows here), heap used and live threads. The sandboxes and
   * the engine share the JVM with the worker, so heap and threads are upper bounds for the worker.
   */
  public static List<Run> runFleet(Options options, SandboxOpenSearch openSearch, PrintStream out) throws Exception {
    List<SandboxTargets> sandboxes = new ArrayList<>();
    InMemoryControlCluster control = InMemoryControlCluster.start();
    List<Run> runs = new ArrayList<>();
    try {
      Map<String, String> properties = workerProperties();
      for (int i = 0; i < options.fleet(); i++) {
        String repository = "camunda-fleet-" + i;
        if (options.emulatedSnapshots() == null) {
          openSearch.registerRepository(repository);
        }
        // With independent targets, the 50 sandboxes' exporters write no records to the one node
        // either: each cluster has a search cluster of its own, whose load is not the worker's.
        SandboxOptions sandboxOptions = options.sandbox().withRepositoryName(repository);
        SandboxTargets sandbox = SandboxTargets.start(openSearch,
            options.emulatedSnapshots() == null ? sandboxOptions : sandboxOptions.withRecordsPerTick(0));
        sandboxes.add(sandbox);
        properties.putAll(clusterProperties(sandbox, i, "fleet-" + i));
      }
      try (ConfigurableApplicationContext app = WorkerApplication.start(control, properties)) {
        out.printf("Fleet benchmark: %d clusters at once, sandbox web apps %s, Optimize %s, Zeebe backup %s, snapshots by %s; one worker with default settings%n",
            options.fleet(), options.webapps(), options.optimize(), options.zeebe(), options.snapshotsTakenBy());
        BackupRequests requests = app.getBean(BackupRequests.class);
        // Round 1 has no completion priors (a worker that has just started); later rounds do, as
        // a scheduled fleet has from its earlier runs.
        for (int round = 1; round <= options.rounds(); round++) {
          out.printf("%nround %d of %d%n", round, options.rounds());
          runs = new ArrayList<>();
          sandboxes.forEach(sandbox -> sandbox.cluster().faults().clearRequests());
          // All requests at once, as callers of the HTTP API or a scheduler would send them: one
          // after another, each waiting for the engine's answer, they took 12-19 s on a busy engine.
          Instant requested = Instant.now();
          List<Long> keys;
          try (var callers = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<Long>> started = new ArrayList<>();
            for (int i = 0; i < options.fleet(); i++) {
              String cluster = "fleet-" + i;
              started.add(callers.submit(() -> requests.start(cluster, null, "fleet benchmark", "benchmark")));
            }
            keys = new ArrayList<>();
            for (var key : started) {
              keys.add(key.get());
            }
          }
          out.printf("%d backups requested at once, all accepted by the engine within %d ms%n", keys.size(),
              Duration.between(requested, Instant.now()).toMillis());
          // Figures are read once all have ended: reading them copies the engine's records, which
          // would take CPU from the backups still running.
          Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
          while (!endedInstances(control).containsAll(keys) && Instant.now().isBefore(deadline)) {
            // Each look copies every record: for 50 clusters once a second took a tenth of the engine's CPU.
            Thread.sleep(Math.min(5_000, 100L * keys.size()));
          }
          out.println("run  state      pause  critical overhead  ratio  end-to-end  e2e-ratio  status requests w/o/r/z  job pickup p50/max"
              + "  gaps: paused>start, done>records, records>Zeebe, Zeebe>resumed");
          for (int i = 0; i < keys.size(); i++) {
            Run run = evaluate(i + 1, control, keys.get(i), requested, sandboxes.get(i));
            runs.add(run);
            printRun(out, run);
          }
          summarize(runs, out);
          List<Run> complete = runs.stream().filter(r -> r.state().equals("COMPLETED")).toList();
          List<Double> overheads = complete.stream().map(Run::overhead).toList();
          List<Double> pickups = complete.stream().map(Run::pickupMaxMillis).toList();
          System.gc();
          Runtime runtime = Runtime.getRuntime();
          out.printf("%nfleet: clusters %d, all complete %s, overhead p50 %.2fs p95 %.2fs max %.2fs, job pickup max p50 %.0f ms p95 %.0f ms,"
                  + " heap used %d MB (max %d MB), live threads %d%n",
              options.fleet(), complete.size() == runs.size() ? "yes" : "no", percentile(overheads, 0.5), percentile(overheads, 0.95),
              percentile(overheads, 1.0), percentile(pickups, 0.5), percentile(pickups, 0.95),
              (runtime.totalMemory() - runtime.freeMemory()) >> 20, runtime.maxMemory() >> 20,
              java.lang.management.ManagementFactory.getThreadMXBean().getThreadCount());
        }
      }
    } finally {
      control.close();
      sandboxes.forEach(SandboxTargets::close);
    }
    return runs;
  }

  /** A cluster as a new user configures it: URLs and credentials only, every tuning value its default. */
  static Map<String, String> clusterProperties(SandboxTargets sandbox, int index, String name) {
    Map<String, String> properties = new LinkedHashMap<>();
    Tuning ignored = Tuning.standard();
    sandbox.clusterProperties(index, name, ignored).forEach((key, value) -> {
      if (!key.contains(".timeouts.") && !key.endsWith(".poll-interval") && !key.endsWith(".max-exporting-pause")) {
        properties.put(key, value);
      }
    });
    properties.put("backup-orchestrator.clusters[" + index + "].retention.enabled", "false");
    // OpenSearch through the sandbox's recording proxy, so the records snapshot's start request is timed.
    properties.put("backup-orchestrator.clusters[" + index + "].secondary-storage.url", sandbox.cluster().searchUrl());
    return properties;
  }

  /** The worker application's own settings: defaults, except no schedule and no housekeeping. */
  static Map<String, String> workerProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    // Deploying to a cold in-memory engine on a busy machine can take longer than the 10 s default.
    properties.put("camunda.client.request-timeout", "PT60S");
    properties.put("logging.level.root", "WARN");
    properties.put("spring.main.banner-mode", "off");
    return properties;
  }

  private static Run measure(int number, InMemoryControlCluster control, BackupRequests requests, SandboxTargets sandbox)
      throws Exception {
    sandbox.cluster().faults().clearRequests();
    Instant requested = Instant.now();
    long key = requests.start(CLUSTER, null, "pause benchmark run " + number, "benchmark");
    return evaluate(number, control, key, requested, sandbox);
  }

  /** Waits for the backup {@code key} and reads its figures from the sandbox's own timestamps. */
  private static Run evaluate(int number, InMemoryControlCluster control, long key, Instant requested, SandboxTargets sandbox)
      throws Exception {
    ProcessInstanceView instance = control.instance(key);
    Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
    // Every look copies the engine's records: looking every 20 ms took a third of the CPU of a
    // fleet of 50 (the figures come from timestamps, not from when this loop notices the end).
    while (!instance.isEnded() && Instant.now().isBefore(deadline)) {
      Thread.sleep(500);
    }
    JsonNode result = instance.variable("backupResult").orElse(null);
    String state = result == null ? "UNFINISHED" : result.path("state").asText();
    if (!"COMPLETED".equals(state)) {
      return new Run(number, state, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN,
          Map.of("webapps", 0, "optimize", 0, "records", 0, "zeebe", 0), Double.NaN, Double.NaN, List.of());
    }
    long id = result.path("backupId").asLong();
    List<RecordedRequest> calls = sandbox.cluster().faults().requests();
    String repository = sandbox.cluster().options().repositoryName();
    Instant webappsEnd = lastSnapshotEnd(sandbox, result.at("/snapshots/webapps"));
    Instant optimizeEnd = lastSnapshotEnd(sandbox, result.at("/snapshots/optimize"));
    double webapps = seconds(firstRequest(calls, "POST", "/actuator/backupHistory"), webappsEnd);
    double optimize = seconds(firstRequest(calls, "POST", "/actuator/backups"), optimizeEnd);
    String recordsName = result.at("/snapshots/zeebeRecords").asText();
    Map<String, Object> records = sandbox.cluster().snapshot(recordsName);
    // A node busy with many repositories can list a snapshot whose _status is SUCCESS as still
    // finalizing (no end time yet) for a moment.
    for (int attempt = 0; attempt < 300 && ((Number) records.getOrDefault("end_time_in_millis", 0)).longValue() <= 0; attempt++) {
      Thread.sleep(100);
      records = sandbox.cluster().snapshot(recordsName);
    }
    // Like the other components, from the target receiving the start request (OpenSearch behind the
    // sandbox's recording proxy) to its own end time: a node busy with other snapshots is target work.
    Instant recordsStart = firstRequest(calls, "PUT", "/_snapshot/" + repository + "/" + recordsName);
    Instant recordsEnd = Instant.ofEpochMilli(((Number) records.get("end_time_in_millis")).longValue());
    double recordsSeconds = seconds(recordsStart, recordsEnd);
    Instant zeebeStart = firstRequest(calls, "POST", "/actuator/backupRuntime");
    Instant zeebeEnd = zeebeBackupEnd(sandbox, id);
    double zeebe = seconds(zeebeStart, zeebeEnd);
    Instant[] window = pauseWindow(sandbox, requested);
    // Where the overhead goes: pause -> first start, components done -> records snapshot,
    // records done -> Zeebe backup, Zeebe done -> resume.
    List<Double> gaps = List.of(seconds(window[0], firstRequest(calls, "POST", "/actuator/backupHistory")),
        seconds(webappsEnd.isAfter(optimizeEnd) ? webappsEnd : optimizeEnd, recordsStart),
        seconds(recordsEnd, zeebeStart), seconds(zeebeEnd, window[1]));
    Map<String, Integer> checks = new LinkedHashMap<>();
    checks.put("webapps", count(calls, "/actuator/backupHistory/" + id));
    checks.put("optimize", count(calls, "/actuator/backups/" + id));
    checks.put("records", instance.variable(WaitedWork.RECORDS_SNAPSHOT.checksVariable()).map(JsonNode::asInt).orElse(0));
    checks.put("zeebe", count(calls, "/actuator/backupRuntime/" + id));
    List<Double> pickups = pickupMillis(control, key, calls, id);
    if (System.getenv("BENCH_DETAILS") != null) {
      Instant post = firstRequest(calls, "POST", "/actuator/backupHistory");
      System.err.println("web apps end " + seconds(post, webappsEnd) + " checks " + calls.stream()
          .filter(r -> r.path().equals("/actuator/backupHistory/" + id)).map(r -> "%.2f".formatted(seconds(post, r.timestamp()))).toList()
          + " records start " + seconds(post, recordsStart) + " optimize checks " + calls.stream()
          .filter(r -> r.path().equals("/actuator/backups/" + id)).map(r -> "%.2f".formatted(seconds(post, r.timestamp()))).toList());
      System.err.println("requests after the resume: " + calls.stream().filter(r -> !r.timestamp().isBefore(window[1]))
          .map(r -> "%.3f %s %s".formatted(seconds(window[1], r.timestamp()), r.method(), r.path())).toList());
      System.err.println("records snapshot end " + seconds(recordsStart, recordsEnd) + " checks " + calls.stream()
          .filter(r -> r.path().equals("/_snapshot/" + repository + "/" + recordsName + "/_status"))
          .map(r -> "%.3f".formatted(seconds(recordsStart, r.timestamp()))).toList()
          + " Zeebe start " + "%.3f".formatted(seconds(recordsStart, zeebeStart)));
      System.err.println("Zeebe backup end " + seconds(zeebeStart, zeebeEnd) + " checks " + calls.stream()
          .filter(r -> r.path().equals("/actuator/backupRuntime/" + id)).map(r -> "%.2f".formatted(seconds(zeebeStart, r.timestamp()))).toList());
      timeline(control, key, requested);
      control.records().timerRecords().forEach(t -> {
        if (t.getValue().getProcessInstanceKey() == key && t.getValue().getTargetElementId().equals("Timer_WebappsBackupPoll")) {
          System.err.println("  timer " + t.getIntent() + " at " + "%.3f".formatted(seconds(post, Instant.ofEpochMilli(t.getTimestamp())))
              + " due " + "%.3f".formatted(seconds(post, Instant.ofEpochMilli(t.getValue().getDueDate()))));
        }
      });
    }
    return new Run(number, state, seconds(window[0], window[1]), webapps, optimize, recordsSeconds, zeebe,
        seconds(requested, processEnd(control, key)), checks, percentile(pickups, 0.5), percentile(pickups, 1.0), gaps);
  }

  /** Exporting paused and resumed, as the sandbox's exporter saw it. */
  private static Instant[] pauseWindow(SandboxTargets sandbox, Instant since) {
    Instant paused = null;
    for (ExportingTransition transition : sandbox.cluster().exportingHistory()) {
      if (transition.at().isBefore(since)) {
        continue;
      }
      if (paused == null && transition.to() == ExportingState.SOFT_PAUSED) {
        paused = transition.at();
      } else if (paused != null && transition.to() == ExportingState.EXPORTING) {
        return new Instant[] {paused, transition.at()};
      }
    }
    throw new IllegalStateException("exporting was not paused and resumed");
  }

  private static Instant firstRequest(List<RecordedRequest> calls, String method, String path) {
    return calls.stream().filter(r -> r.method().equals(method) && r.path().equals(path)).map(RecordedRequest::timestamp)
        .findFirst().orElseThrow(() -> new IllegalStateException("no " + method + " " + path));
  }

  private static int count(List<RecordedRequest> calls, String path) {
    return (int) calls.stream().filter(r -> r.method().equals("GET") && r.path().equals(path)).count();
  }

  private static Instant lastSnapshotEnd(SandboxTargets sandbox, JsonNode names) {
    Instant last = Instant.EPOCH;
    for (JsonNode name : names) {
      Instant end = Instant.ofEpochMilli(((Number) sandbox.cluster().snapshot(name.asText()).get("end_time_in_millis")).longValue());
      last = end.isAfter(last) ? end : last;
    }
    return last;
  }

  /** The latest {@code lastUpdatedAt} of the Zeebe backup's partitions: when the broker finished it. */
  private static Instant zeebeBackupEnd(SandboxTargets sandbox, long id) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(sandbox.cluster().managementUrl() + "/actuator/backupRuntime/" + id)).build(),
        HttpResponse.BodyHandlers.ofString());
    Instant last = Instant.EPOCH;
    for (JsonNode detail : JSON.readTree(response.body()).path("details")) {
      Instant at = Instant.parse(detail.path("lastUpdatedAt").asText());
      last = at.isAfter(last) ? at : last;
    }
    return last;
  }

  /** Keys of the process instances that have ended, from one copy of the engine's records. */
  private static java.util.Set<Long> endedInstances(InMemoryControlCluster control) {
    return StreamSupport.stream(control.records().processInstanceRecords().spliterator(), false)
        .filter(r -> r.getValue().getBpmnElementType() == BpmnElementType.PROCESS
            && (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED || r.getIntent() == ProcessInstanceIntent.ELEMENT_TERMINATED))
        .map(r -> r.getKey()).collect(java.util.stream.Collectors.toSet());
  }

  private static Instant processEnd(InMemoryControlCluster control, long key) {
    return StreamSupport.stream(control.records().processInstanceRecords().spliterator(), false)
        .filter(r -> r.getValue().getProcessInstanceKey() == key && r.getValue().getBpmnElementType() == BpmnElementType.PROCESS
            && r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(r -> Instant.ofEpochMilli(r.getTimestamp())).findFirst().orElse(Instant.now());
  }

  /**
   * Per status check of the web apps and the Zeebe backup: from the engine creating the check's
   * job to its request arriving at the target (push to the worker, handler dispatch, HTTP send).
   */
  private static List<Double> pickupMillis(InMemoryControlCluster control, long key, List<RecordedRequest> calls, long id) {
    Map<String, String> statusPaths = Map.of(
        "Task_CheckWebappsBackup", "/actuator/backupHistory/" + id, "Task_CheckZeebeBackup", "/actuator/backupRuntime/" + id);
    List<Double> pickups = new ArrayList<>();
    for (Record<JobRecordValue> r : control.records().jobRecords()) {
      String path = statusPaths.get(r.getValue().getElementId());
      if (r.getValue().getProcessInstanceKey() == key && r.getIntent() == JobIntent.CREATED && path != null) {
        Instant created = Instant.ofEpochMilli(r.getTimestamp());
        calls.stream().filter(c -> c.path().equals(path) && !c.timestamp().isBefore(created)).findFirst()
            .ifPresent(c -> pickups.add((double) Duration.between(created, c.timestamp()).toMillis()));
      }
    }
    return pickups;
  }

  /** Per job type: engine time from creation to completion (pickup, handler and the target's answer). */
  /** Where the end-to-end time goes: each element of the run and of its call activities, from the request. */
  private static void timeline(InMemoryControlCluster control, long key, Instant requested) {
    Map<Long, Long> activated = new HashMap<>();
    java.util.Set<Long> instances = new java.util.HashSet<>(List.of(key));
    for (Record<io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue> r : control.records().processInstanceRecords()) {
      var value = r.getValue();
      if (instances.contains(value.getParentProcessInstanceKey())) {
        instances.add(value.getProcessInstanceKey());
      }
      if (!instances.contains(value.getProcessInstanceKey())) {
        continue;
      }
      if (r.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING) {
        activated.put(r.getKey(), r.getTimestamp());
      } else if (r.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED && activated.containsKey(r.getKey())) {
        System.err.printf("    %7.3f %7.3f %-40s %s%n", seconds(requested, Instant.ofEpochMilli(activated.get(r.getKey()))),
            seconds(requested, Instant.ofEpochMilli(r.getTimestamp())), value.getElementId(), value.getBpmnProcessId());
      }
    }
  }

  private static void jobTimes(InMemoryControlCluster control, PrintStream out) {
    Map<Long, Long> created = new HashMap<>();
    Map<String, List<Double>> took = new java.util.TreeMap<>();
    for (Record<JobRecordValue> r : control.records().jobRecords()) {
      if (r.getIntent() == JobIntent.CREATED) {
        created.put(r.getKey(), r.getTimestamp());
      } else if (r.getIntent() == JobIntent.COMPLETED && created.containsKey(r.getKey())) {
        took.computeIfAbsent(r.getValue().getElementId(), k -> new ArrayList<>()).add((double) (r.getTimestamp() - created.get(r.getKey())));
      }
    }
    took.forEach((element, millis) -> out.printf("  %-32s n=%3d p50 %5.0f ms max %5.0f ms%n", element, millis.size(),
        percentile(millis, 0.5), percentile(millis, 1.0)));
    // What the engine wrote, by record type and intent: the control cluster's load per backup.
    Map<String, Long> written = new java.util.TreeMap<>();
    control.records().records().forEach(r -> written.merge(r.getValueType() + " " + r.getIntent(), 1L, Long::sum));
    out.printf("  engine records: %d in all%n", written.values().stream().mapToLong(Long::longValue).sum());
    written.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(25)
        .forEach(e -> out.printf("    %6d %s%n", e.getValue(), e.getKey()));
  }

  private static void summarize(List<Run> runs, PrintStream out) {
    List<Run> complete = runs.stream().filter(r -> r.state().equals("COMPLETED")).toList();
    out.printf("%nall complete: %s (%d of %d)%n", complete.size() == runs.size() ? "yes" : "no", complete.size(), runs.size());
    if (complete.isEmpty()) {
      return;
    }
    out.println("                  min     median  max");
    line(out, "pause window", complete, Run::pause, "s");
    line(out, "critical path", complete, Run::critical, "s");
    line(out, "overhead", complete, Run::overhead, "s");
    line(out, "ratio", complete, Run::ratio, "x");
    line(out, "end-to-end ratio", complete, Run::endToEndRatio, "x");
    line(out, "web apps", complete, Run::webapps, "s");
    line(out, "Optimize", complete, Run::optimize, "s");
    line(out, "records snapshot", complete, Run::records, "s");
    line(out, "Zeebe backup", complete, Run::zeebe, "s");
    line(out, "job pickup p50 ms", complete, Run::pickupMedianMillis, "");
  }

  private static void line(PrintStream out, String name, List<Run> runs, ToDoubleFunction<Run> figure, String unit) {
    List<Double> values = runs.stream().map(figure::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
    out.printf("  %-17s %6.2f%s %6.2f%s %6.2f%s%n", name, values.getFirst(), unit, percentile(values, 0.5), unit, values.getLast(), unit);
  }

  /** Nearest-rank percentile of unsorted values; NaN for none. */
  static double percentile(List<Double> values, double p) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }
}
