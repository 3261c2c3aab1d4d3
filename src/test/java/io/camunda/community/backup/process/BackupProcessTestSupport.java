package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.client.CamundaClient;
import io.camunda.community.backup.BackupOrchestratorApplication;
import io.camunda.community.backup.control.BackupRequests;
import io.camunda.community.backup.engine.ControlClusterRestApi;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.sandbox.ExportingState;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.SandboxTargets;
import io.camunda.community.backup.testsupport.SandboxTargets.Tuning;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Process tests: the real worker application against the real Zeebe engine (in memory) and the
 * sandbox target cluster with its real OpenSearch. Several named clusters point at the one sandbox:
 *
 * <ul>
 *   <li>{@code sandbox}: web apps, Optimize, generous timeouts;
 *   <li>{@code sandbox-no-optimize}: Optimize not deployed;
 *   <li>{@code sandbox-tight}: short deadlines, grace and watchdog for failure paths;
 *   <li>{@code sandbox-optimize-down}: Optimize's management port refuses connections;
 *   <li>{@code sandbox-defaults}: the default poll-interval.
 * </ul>
 *
 * The restore clusters ({@code sandbox-restore*}) share a sandbox of their own; see {@link
 * #applicationProperties()} for what sets each apart.
 */
@SpringBootTest(classes = BackupOrchestratorApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE)
public abstract class BackupProcessTestSupport {

  protected static final InMemoryControlCluster CONTROL = InMemoryControlCluster.shared();
  protected static final SandboxTargets SANDBOX = SandboxTargets.shared();
  protected static final Duration TIGHT_WATCHDOG = Duration.ofSeconds(10);
  /**
   * How long a test waits for the next user task: a step whose job went astray comes back after
   * the tests' 30 s job timeout, which such a wait must outlast (it ends as soon as the task opens).
   */
  protected static final Duration USER_TASK_WAIT = Duration.ofSeconds(90);
  /** How long a resume step may fail before its alarm incident (every cluster). */
  protected static final Duration RESUME_ALARM_AFTER = Duration.ofSeconds(3);
  /** A global JSON webhook every process test's notifications go to; a test picks its own by event and instance. */
  protected static final io.camunda.community.backup.testsupport.WebhookReceiver NOTIFICATIONS =
      io.camunda.community.backup.testsupport.WebhookReceiver.answering();
  /** {@code sandbox-patient}'s request timeout. */
  protected static final Duration PATIENT_REQUEST_TIMEOUT = Duration.ofSeconds(16);
  /** {@code sandbox-patient}'s watchdog: far enough away that only a test moving the engine's clock reaches it. */
  protected static final Duration PATIENT_WATCHDOG = Duration.ofMinutes(3);
  /**
   * Restore approvers of {@code sandbox-restore-approvers} and {@code sandbox-restore-4eyes-approvers}:
   * the members of this group (more than one page of them; dave and erin on the second) and {@link
   * #LISTED_APPROVER}.
   */
  protected static final String RESTORE_APPROVERS_GROUP = "restore-approvers";
  protected static final String LISTED_APPROVER = "carol";
  protected static final ControlClusterRestApi APPROVER_GROUPS = ControlClusterRestApi.shared()
      .group(RESTORE_APPROVERS_GROUP, java.util.stream.Stream.concat(
          java.util.stream.IntStream.range(0, 120).mapToObj(i -> "operator-" + i), java.util.stream.Stream.of("dave", "erin")).toList())
      .group("auditors", List.of("mallory"));
  /** The additional databases of {@code sandbox-pg-extra}: Web Modeler's on the PostgreSQL server, Identity's on the MariaDB one. */
  protected static final String WEB_MODELER_DATABASE = "webmodeler";
  protected static final String IDENTITY_DATABASE = "identity";
  /** {@code sandbox-pg-slow}'s pg_dump waits for a file {@code open} here (see RdbmsTargets#gatedToolDirectory). */
  protected static final java.nio.file.Path SLOW_DUMP_GATE = slowDumpGate();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    applicationProperties().forEach((k, v) -> registry.add(k, () -> v));
  }

  /** Everything the worker application is configured with in these tests (also for extra instances). */
  public static Map<String, String> applicationProperties() {
    Map<String, String> properties = new java.util.LinkedHashMap<>(CONTROL.clientProperties());
    // The control cluster's REST API: Identity groups (the restore approval listener asks them)
    // and the searches a run's status reads.
    properties.put("camunda.client.rest-address", APPROVER_GROUPS.restAddress());
    properties.put("backup-orchestrator.schedule.enabled", "false");
    // No catalog listings at context start while a test counts the sandbox's requests.
    properties.put(io.camunda.community.backup.metrics.CatalogReadAtStart.PROPERTY, "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    // No back-off between retries of a failed step: the in-memory engine rejects a job's
    // RECUR_AFTER_BACKOFF processed in the same millisecond as its recurring time ("no such job was
    // found", JobRecurProcessor: recurringTime < now) and the job then stays FAILED until the engine
    // next looks for backed-off jobs, which stalled tests for 30-180 s. Without a back-off a failed
    // job is activatable at once. (Resume exporting keeps its own capped back-off.)
    properties.put("backup-orchestrator.job-retry-backoff", "PT0S");
    // A job the engine handed to a job stream that was going away comes back only after its job
    // timeout: 30 s instead of the starter's 5 min, so such a loss costs a test seconds, not its
    // wait. Steps that may block longer (dumps: tool-timeout 2 min) keep a longer one.
    properties.put("camunda.client.worker.defaults.timeout", "PT30S");
    for (String longStep : List.of("c8backup-database-dump", "c8backup-database-restore", "c8backup-additional-database-dump",
        "c8backup-additional-database-restore")) {
      properties.put("camunda.client.worker.override." + longStep + ".timeout", "PT5M");
    }
    // Deploying every process in one command takes longer than the 10 s default on a loaded machine.
    properties.put("camunda.client.request-timeout", "PT5M");
    // A forced release of a free lock waits this long (engine time) for a keeper that is not there.
    properties.put("backup-orchestrator.lock.release-answer-timeout", "PT3S");
    // Resume exporting waits on a drawn timer (from 100 ms, doubling): at most half a second here.
    properties.put("backup-orchestrator.exporting-resume.max-backoff", "PT0.5S");
    properties.put("backup-orchestrator.exporting-resume.alarm-after", RESUME_ALARM_AFTER.toString());
    properties.put("backup-orchestrator.notifications.webhooks[0].name", "process-tests");
    properties.put("backup-orchestrator.notifications.webhooks[0].url", NOTIFICATIONS.url("/process-tests"));
    properties.put("backup-orchestrator.notifications.backoff", "PT0.1S");
    // The HTTP API (where a test starts it) takes this key; see ApiSecurityTest for the rest.
    properties.putAll(io.camunda.community.backup.testsupport.TestApiKey.properties());
    Tuning standard = Tuning.standard();
    Tuning tight = standard.tight(TIGHT_WATCHDOG, Duration.ofSeconds(4), Duration.ofSeconds(1));
    // Retention would run after every backup and hold the cluster lock into the next test; the
    // guard and retention tests use clusters and sandboxes of their own.
    Map<String, String> noRetention = Map.of("retention.enabled", "false");
    add(properties, SANDBOX.clusterProperties(0, "sandbox", standard), noRetention);
    add(properties, SANDBOX.clusterProperties(1, "sandbox-no-optimize", standard.withoutOptimize()), noRetention);
    add(properties, SANDBOX.clusterProperties(2, "sandbox-tight", tight), noRetention);
    add(properties, SANDBOX.clusterProperties(3, "sandbox-optimize-down", tight.optimizeAt(SandboxTargets.unreachableUrl())), noRetention);
    SandboxTargets guards = SandboxTargets.shared("guards");
    add(properties, guards.clusterProperties(4, "sandbox-b", standard), noRetention);
    add(properties, guards.clusterProperties(5, "sandbox-b-rate-limited", standard),
        Map.of("retention.enabled", "false", "min-backup-interval", "PT1H"));
    add(properties, guards.clusterProperties(6, "sandbox-b-fresh", standard), Map.of("retention.enabled", "false", "max-backup-age", "P1D"));
    SandboxTargets retention = SandboxTargets.shared("retention");
    add(properties, retention.clusterProperties(7, "sandbox-r", standard.withoutOptimize()),
        Map.of("retention.keep-complete", "2", "retention.keep-failed", "1"));
    // Never backed up itself (so never retained automatically): reads sandbox-r's sets with a harsh policy.
    add(properties, retention.clusterProperties(8, "sandbox-r-aged", standard.withoutOptimize()),
        Map.of("retention.keep-complete", "1", "retention.max-age", "PT1S", "max-backup-age", "PT1S"));
    // Manual and scheduled backups kept apart (issue 14 item 5), on a sandbox of its own.
    add(properties, SandboxTargets.shared("retention-split").clusterProperties(32, "sandbox-r-split", standard.withoutOptimize()),
        Map.of("retention.keep-complete", "3", "retention.keep-complete-scheduled", "1", "retention.keep-complete-manual", "1"));
    // Restore: one sandbox of its own; aliases differ only in what the pre-flight and approvals check.
    SandboxTargets restore = SandboxTargets.restoreSandbox();
    Map<String, String> restorable = with(SandboxTargets.restoreClusterProperties(), "restore.broker-count", "1");
    add(properties, restore.clusterProperties(9, "sandbox-restore", standard), restorable);
    add(properties, restore.clusterProperties(10, "sandbox-restore-4eyes", standard), with(restorable, "restore.four-eyes", "true"));
    add(properties, restore.clusterProperties(11, "sandbox-restore-v881", standard), with(restorable, "restore.camunda-version", "8.8.1"));
    add(properties, restore.clusterProperties(12, "sandbox-restore-5p", standard), with(restorable, "restore.partition-count", "5"));
    add(properties, restore.clusterProperties(13, "sandbox-restore-no-repo", standard),
        with(restorable, "secondary-storage.snapshot-repository", "no-such-repository"));
    add(properties, restore.clusterProperties(14, "sandbox-restore-quick", standard), with(restorable, "restore.approval-timeout", "PT3S"));
    add(properties, restore.clusterProperties(30, "sandbox-restore-slow-start", standard), with(restorable, "restore.components-timeout", "PT3S"));
    Map<String, String> approvers = with(with(restorable, "restore.approvers.groups[0]", RESTORE_APPROVERS_GROUP),
        "restore.approvers.users[0]", LISTED_APPROVER);
    add(properties, restore.clusterProperties(26, "sandbox-restore-approvers", standard), approvers);
    add(properties, restore.clusterProperties(27, "sandbox-restore-4eyes-approvers", standard), with(approvers, "restore.four-eyes", "true"));
    // Web-app indices under a custom index prefix (prod-operate-...), beside unprefixed ones on the same node.
    add(properties, SandboxTargets.prefixedSandbox().clusterProperties(31, "sandbox-prefixed", standard.withoutOptimize()),
        with(SandboxTargets.prefixedClusterProperties(), "restore.broker-count", "1"));
    // Reaches OpenSearch through the sandbox's faults, so a test can lose the answer to a restore.
    add(properties, restore.clusterProperties(29, "sandbox-restore-lossy", standard),
        with(restorable, "secondary-storage.url", restore.cluster().searchUrl()));
    // RDBMS secondary storage (Camunda 8.9): throwaway PostgreSQL and MariaDB servers, one sandbox each.
    RdbmsTargets pg = RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL);
    RdbmsTargets maria = RdbmsTargets.shared(RdbmsTargets.Vendor.MARIADB);
    properties.putAll(pg.clusterProperties(15, "sandbox-pg", Map.of()));
    properties.putAll(maria.clusterProperties(16, "sandbox-maria", Map.of()));
    properties.putAll(pg.clusterProperties(17, "sandbox-pg-bad-password", Map.of("secondary-storage.database.password", "wrong-password")));
    properties.putAll(pg.clusterProperties(18, "sandbox-pg-no-tool",
        Map.of("secondary-storage.database.bin-directory", RdbmsTargets.emptyToolDirectory())));
    properties.putAll(pg.clusterProperties(19, "sandbox-pg-disk-full",
        Map.of("secondary-storage.database.bin-directory", RdbmsTargets.diskFullToolDirectory())));
    properties.putAll(maria.clusterProperties(20, "sandbox-maria-bad-password", Map.of("secondary-storage.database.password", "wrong-password")));
    properties.putAll(pg.clusterProperties(21, "sandbox-pg-r",
        Map.of("retention.enabled", "true", "retention.keep-complete", "1", "retention.keep-failed", "20")));
    properties.putAll(pg.clusterProperties(22, "sandbox-pg-slow",
        Map.of("secondary-storage.database.bin-directory", RdbmsTargets.gatedToolDirectory(SLOW_DUMP_GATE))));
    // Additional databases in the set (issue 14 item 0): Web Modeler's on PostgreSQL, Identity's on MariaDB.
    Map<String, String> additional = new java.util.LinkedHashMap<>();
    additional.putAll(pg.additionalDatabase(WEB_MODELER_DATABASE).properties(0, "web-modeler"));
    additional.putAll(maria.additionalDatabase(IDENTITY_DATABASE).properties(1, "identity"));
    properties.putAll(pg.clusterProperties(33, "sandbox-pg-extra", additional));
    // ... and Web Modeler's beside Elasticsearch/OpenSearch storage, on a sandbox of its own.
    Map<String, String> esAdditional = new java.util.LinkedHashMap<>(SandboxTargets.additionalDatabasesClusterProperties());
    esAdditional.putAll(pg.additionalDatabase(WEB_MODELER_DATABASE).properties(0, "web-modeler"));
    add(properties, SandboxTargets.additionalDatabasesSandbox().clusterProperties(35, "sandbox-es-extra", standard.withoutOptimize()),
        esAdditional);
    // A target with continuous backups on, configured as if it had none: what the target reports decides.
    properties.putAll(RdbmsTargets.postgresContinuous(CONTINUOUS_GAP).clusterProperties(54, CONTINUOUS_UNCONFIGURED, Map.of()));
    // Operate and Tasklist standalone, Zeebe at the gateway's /actuator/backups (Camunda 8.7's layout, issue 15).
    SandboxTargets standalone = SandboxTargets.standaloneSandbox();
    add(properties, standalone.clusterProperties(53, STANDALONE, standard.withoutOptimize()), standalone.standaloneClusterProperties());
    // A second location for every set (issue 14): copied by the orchestrator, or replicated by the storage and verified.
    SandboxTargets second = SandboxTargets.secondLocationSandbox();
    Tuning noOptimize = standard.withoutOptimize();
    add(properties, second.clusterProperties(36, "sandbox-es-second", noOptimize),
        second.secondLocationClusterProperties("copy", SECOND_ZEEBE_STORE, SandboxTargets.SECOND_REPOSITORY));
    add(properties, second.clusterProperties(37, "sandbox-es-verify", noOptimize),
        with(with(second.secondLocationClusterProperties("verify", REPLICA_ZEEBE_STORE, SandboxTargets.REPLICA_REPOSITORY),
            "second-location.check-interval", "PT0.5S"), "second-location.deadline", "PT2M"));
    add(properties, second.clusterProperties(38, "sandbox-es-verify-late", noOptimize),
        with(with(second.secondLocationClusterProperties("verify", NEVER_FILLED_ZEEBE_STORE, SandboxTargets.REPLICA_REPOSITORY),
            "second-location.check-interval", "PT0.5S"), "second-location.deadline", "PT3S"));
    add(properties, second.clusterProperties(40, "sandbox-es-second-broken", noOptimize),
        second.secondLocationClusterProperties("copy", BROKEN_SECOND_ZEEBE_STORE, SandboxTargets.SECOND_REPOSITORY));
    Map<String, String> pgSecond = new java.util.LinkedHashMap<>();
    pgSecond.put("second-location.mode", "copy");
    pgSecond.put("second-location.zeebe-store.primary", pg.cluster().backupStore().toString());
    pgSecond.put("second-location.zeebe-store.second", PG_SECOND_ZEEBE_STORE.toString());
    pgSecond.put("second-location.dump-directory", PG_SECOND_DUMP_DIRECTORY.toString());
    properties.putAll(pg.clusterProperties(39, "sandbox-pg-second", pgSecond));
    // ... keeping 2 sets in the second location while the primary keeps 1
    Map<String, String> pgKeep = new java.util.LinkedHashMap<>(pgSecond);
    pgKeep.put("second-location.zeebe-store.second", PG_KEEP_ZEEBE_STORE.toString());
    pgKeep.put("second-location.dump-directory", PG_KEEP_DUMP_DIRECTORY.toString());
    pgKeep.put("second-location.keep-complete", "2");
    pgKeep.put("retention.enabled", "true");
    pgKeep.put("retention.keep-complete", "1");
    pgKeep.put("retention.keep-failed", "20");
    properties.putAll(pg.clusterProperties(41, "sandbox-pg-second-keep", pgKeep));
    // ... in an S3-compatible bucket (S3Mock, its own JVM, started while the context starts): copied, and replicated
    Map<String, String> pgBucket = bucketSecondLocation("copy", "pg-s3");
    properties.putAll(pg.clusterProperties(42, "sandbox-pg-s3", pgBucket));
    Map<String, String> pgReplicated = bucketSecondLocation("verify", "pg-s3-replica");
    pgReplicated.put("second-location.check-interval", "PT0.5S");
    pgReplicated.put("second-location.deadline", "PT2M");
    properties.putAll(pg.clusterProperties(43, "sandbox-pg-s3-verify", pgReplicated));
    // Camunda 8.9 continuous backups (issue 15), one cluster of its own each: the orchestrator takes Zeebe's backups;
    // the broker's scheduler does (a test cuts a range in two); the broker's newest backup is too old.
    properties.putAll(RdbmsTargets.postgresContinuous(CONTINUOUS).clusterProperties(44, CONTINUOUS,
        Map.of("continuous-backups.enabled", "true", "continuous-backups.zeebe-backups", "orchestrator",
            // retention on and keeping nothing: read as sets of one id, every backup would be deleted
            "retention.enabled", "true", "retention.keep-complete", "1", "retention.keep-failed", "0")));
    properties.putAll(RdbmsTargets.postgresContinuous(CONTINUOUS_GAP).clusterProperties(45, CONTINUOUS_GAP,
        Map.of("continuous-backups.enabled", "true")));
    properties.putAll(RdbmsTargets.postgresContinuous(CONTINUOUS_STALE).clusterProperties(46, CONTINUOUS_STALE,
        Map.of("continuous-backups.enabled", "true", "max-backup-age", "PT1H")));
    properties.putAll(RdbmsTargets.postgresContinuous(CONTINUOUS_RETENTION).clusterProperties(47, CONTINUOUS_RETENTION,
        Map.of("continuous-backups.enabled", "true", "retention.enabled", "true", "retention.max-deletions-per-run", "1")));
    // Point-in-time restore (issue 15 item 3): a round trip per vendor; refusals; a restored database that does not fit the point
    for (var pitr : new Object[][] {{48, PITR_PG, RdbmsTargets.Vendor.POSTGRESQL}, {49, PITR_MARIADB, RdbmsTargets.Vendor.MARIADB},
        {50, PITR_REFUSED, RdbmsTargets.Vendor.POSTGRESQL}, {51, PITR_HALTED, RdbmsTargets.Vendor.POSTGRESQL},
        {52, PITR_CATALOG, RdbmsTargets.Vendor.POSTGRESQL}}) {
      properties.putAll(RdbmsTargets.continuous((RdbmsTargets.Vendor) pitr[2], (String) pitr[1]).clusterProperties((Integer) pitr[0],
          (String) pitr[1], Map.of("continuous-backups.enabled", "true")));
    }
    Map<String, String> broken = new java.util.LinkedHashMap<>(additional);
    broken.put("additional-databases[1].database.password", "wrong-password");
    properties.putAll(pg.clusterProperties(34, "sandbox-pg-extra-broken", broken));
    // Retention guards (issue 9.1): keep-failed 0, so a set misread as partial would be deleted at once;
    // keep-complete 50, so the healthy runs after each backup delete nothing.
    Map<String, String> guarded = Map.of("retention.keep-complete", "50", "retention.keep-failed", "0");
    Tuning patient = new Tuning(true, null, Duration.ofSeconds(60), Duration.ofSeconds(30), Duration.ofSeconds(3),
        Duration.ofMillis(200), Duration.ofSeconds(10));
    add(properties, SandboxTargets.shared("retention-guard").clusterProperties(23, "sandbox-rg", patient), guarded);
    properties.putAll(pg.clusterProperties(24, "sandbox-pg-rg", with(guarded, "retention.enabled", "true")));
    // Requests may take long (a slow start request can still be in flight when the watchdog fires,
    // which a test triggers by moving the engine's clock); unhurried by a loaded machine.
    add(properties, SANDBOX.clusterProperties(25, "sandbox-patient",
        new Tuning(true, null, PATIENT_WATCHDOG, Duration.ofSeconds(60), Duration.ofSeconds(3), Duration.ofMillis(200), PATIENT_REQUEST_TIMEOUT)),
        noRetention);
    // Waits with the default poll-interval (none set), as a new user gets them.
    Map<String, String> defaults = new java.util.LinkedHashMap<>(SANDBOX.clusterProperties(28, "sandbox-defaults", standard));
    defaults.keySet().removeIf(key -> key.endsWith(".poll-interval"));
    add(properties, defaults, noRetention);
    return properties;
  }

  /** The files of backup {@code backupId} in a Zeebe store laid out {@code <partition>/<backup-id>/}, sorted. */
  protected static java.util.List<java.nio.file.Path> zeebeFiles(java.nio.file.Path store, long backupId) throws java.io.IOException {
    java.util.List<java.nio.file.Path> files = new java.util.ArrayList<>();
    try (java.util.stream.Stream<java.nio.file.Path> partitions = java.nio.file.Files.list(store)) {
      for (java.nio.file.Path partition : partitions.filter(java.nio.file.Files::isDirectory).toList()) {
        java.nio.file.Path backup = partition.resolve(Long.toString(backupId));
        if (java.nio.file.Files.isDirectory(backup)) {
          try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(backup)) {
            walk.filter(java.nio.file.Files::isRegularFile).forEach(files::add);
          }
        }
      }
    }
    files.sort(java.util.Comparator.naturalOrder());
    return files;
  }

  protected static final String CONTINUOUS = "sandbox-pg-continuous";
  protected static final String CONTINUOUS_GAP = "sandbox-pg-continuous-gap";
  protected static final String CONTINUOUS_STALE = "sandbox-pg-continuous-stale";
  protected static final String CONTINUOUS_RETENTION = "sandbox-pg-continuous-retention";
  protected static final String PITR_PG = "sandbox-pg-pitr";
  protected static final String PITR_MARIADB = "sandbox-maria-pitr";
  protected static final String PITR_REFUSED = "sandbox-pg-pitr-refused";
  protected static final String PITR_HALTED = "sandbox-pg-pitr-halted";
  protected static final String PITR_CATALOG = "sandbox-pg-continuous-catalog";
  protected static final String STANDALONE = "sandbox-es-standalone";
  protected static final String CONTINUOUS_UNCONFIGURED = "sandbox-pg-continuous-unconfigured";

  /** The bucket of the second-location clusters that keep their second copies in S3. */
  protected static final String SECOND_BUCKET = "camunda-second";

  /** An RDBMS cluster's second location under {@code prefix} of {@link #SECOND_BUCKET}. */
  private static Map<String, String> bucketSecondLocation(String mode, String prefix) {
    var s3 = io.camunda.community.backup.testsupport.S3MockServer.starting();
    Map<String, String> properties = new java.util.LinkedHashMap<>();
    properties.put("second-location.mode", mode);
    properties.put("second-location.zeebe-store.primary", RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL).cluster().backupStore().toString());
    properties.put("second-location.zeebe-store.second", prefix + "/zeebe");
    properties.put("second-location.dump-directory", prefix + "/dumps");
    properties.put("second-location.s3.endpoint", s3.endpoint().toString());
    properties.put("second-location.s3.region", io.camunda.community.backup.testsupport.S3MockServer.REGION);
    properties.put("second-location.s3.bucket", SECOND_BUCKET);
    properties.put("second-location.s3.path-style-access", "true");
    properties.put("second-location.s3.access-key", io.camunda.community.backup.testsupport.S3MockServer.ACCESS_KEY);
    properties.put("second-location.s3.secret-key", io.camunda.community.backup.testsupport.S3MockServer.SECRET_KEY);
    return properties;
  }

  /** Second places of the second-location clusters' Zeebe stores and dumps (issue 14), one each. */
  protected static final java.nio.file.Path SECOND_ZEEBE_STORE = tempDirectory("second-zeebe-store");
  protected static final java.nio.file.Path REPLICA_ZEEBE_STORE = tempDirectory("replica-zeebe-store");
  protected static final java.nio.file.Path NEVER_FILLED_ZEEBE_STORE = tempDirectory("never-filled-zeebe-store");
  protected static final java.nio.file.Path PG_SECOND_ZEEBE_STORE = tempDirectory("pg-second-zeebe-store");
  protected static final java.nio.file.Path PG_SECOND_DUMP_DIRECTORY = tempDirectory("pg-second-dumps");
  protected static final java.nio.file.Path PG_KEEP_ZEEBE_STORE = tempDirectory("pg-keep-zeebe-store");
  protected static final java.nio.file.Path PG_KEEP_DUMP_DIRECTORY = tempDirectory("pg-keep-dumps");
  /** A second Zeebe store nothing can be written to: its partition directories are files. */
  protected static final java.nio.file.Path BROKEN_SECOND_ZEEBE_STORE = unwritableStore();

  private static java.nio.file.Path unwritableStore() {
    java.nio.file.Path store = tempDirectory("unwritable-second-store");
    try {
      for (int partition = 1; partition <= 8; partition++) {
        java.nio.file.Files.writeString(store.resolve(Integer.toString(partition)), "not a directory");
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return store;
  }

  private static java.nio.file.Path tempDirectory(String prefix) {
    try {
      return java.nio.file.Files.createTempDirectory(prefix);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static java.nio.file.Path slowDumpGate() {
    try {
      return java.nio.file.Files.createTempDirectory("slow-dump-gate");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new java.util.LinkedHashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  private static void add(Map<String, String> properties, Map<String, String> cluster, Map<String, String> overrides) {
    String nameKey = cluster.keySet().iterator().next();
    if (properties.containsKey(nameKey)) { // a second cluster on the same index would replace the first silently
      throw new IllegalStateException(nameKey + " is taken by '" + properties.get(nameKey) + "', wanted for '" + cluster.get(nameKey) + "'");
    }
    properties.putAll(cluster);
    String prefix = nameKey.replaceAll("name$", "");
    overrides.forEach((k, v) -> properties.put(prefix + k, v));
  }

  @Autowired protected BackupRequests requests;
  @Autowired protected CamundaClient client;
  @Autowired protected io.camunda.community.backup.control.ClusterLocks locks;
  @Autowired protected io.micrometer.core.instrument.MeterRegistry meters;
  @Autowired protected io.camunda.community.backup.control.RunFollower follower;

  /**
   * Follows a run the way {@code --wait} does (through the control cluster's search API, served
   * here by {@link ControlClusterRestApi}) until it ends; its last status. Tracked for clean-up.
   */
  protected io.camunda.community.backup.control.RunStatus finished(io.camunda.community.backup.control.RunStarted run) {
    track(CONTROL.instance(run.processInstanceKey()));
    try {
      io.camunda.community.backup.control.RunFollower.Followed followed = follower.follow(
          run.clusterName(), run.processInstanceKey(), Duration.ofSeconds(60), new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      if (!followed.ended()) {
        throw new AssertionError("run " + run.processInstanceKey() + " did not end: " + followed.stoppedBecause() + "; last: " + followed.last());
      }
      return followed.last();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /**
   * A counter's count so far, 0 before its first increment. The registry lives as long as the
   * Spring context, which test classes share: compare before and after.
   */
  protected double counted(String name, String... tags) {
    io.micrometer.core.instrument.Counter counter = meters.find(name).tags(tags).counter();
    return counter == null ? 0 : counter.count();
  }

  private final List<Long> started = new ArrayList<>();

  @BeforeEach
  void resetSandbox() {
    faults().clear();
    // What an earlier test started on the shared sandbox ends before this one starts anything.
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(SANDBOX.cluster()::backupsIdle);
    forceResumeExporting();
    faults().clearRequests();
  }

  @AfterEach
  void cancelLeftovers() {
    // A test that failed half-way must not leave timers (watchdogs) that fire into the next test.
    java.util.Set<String> clustersOfCancelledRuns = new java.util.LinkedHashSet<>();
    for (long key : started) {
      ProcessInstanceView instance = CONTROL.instance(key);
      if (!instance.isEnded()) {
        client.newCancelInstanceCommand(key).send().join();
        instance.variable("clusterName").ifPresent(name -> clustersOfCancelledRuns.add(name.asText()));
      }
    }
    // What an operator does after cancelling a run in Operate: the keeper frees the lock of a run
    // that no longer runs at once (a forced release is refused only for a live holder).
    clustersOfCancelledRuns.forEach(locks::forceRelease);
  }

  /** Until the broker reports each backup COMPLETED (only completed backups count in the ranges). */
  protected static void awaitZeebeBackupsCompleted(io.camunda.community.backup.sandbox.SandboxCamundaCluster cluster, long... ids) {
    var http = java.net.http.HttpClient.newHttpClient();
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
      for (long id : ids) {
        String body = http.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create(cluster.managementUrl() + "/actuator/backupRuntime/" + id)).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        if (!body.contains("\"backupId\":" + id + ",\"state\":\"COMPLETED\"")) { // the whole backup, not one partition
          return false;
        }
      }
      return true;
    });
  }

  protected SandboxFaults faults() {
    return SANDBOX.cluster().faults();
  }

  protected ProcessInstanceView startBackup(String cluster) {
    return startBackup(cluster, null);
  }

  protected ProcessInstanceView startBackup(String cluster, Long backupId) {
    long key = requests.start(cluster, backupId, "started by " + getClass().getSimpleName(), "test");
    return track(CONTROL.instance(key));
  }

  /** Cancelled after the test if it is still running (see {@link #cancelLeftovers()}). */
  public ProcessInstanceView track(ProcessInstanceView instance) {
    started.add(instance.key());
    return instance;
  }

  protected ProcessInstanceView awaitEnd(ProcessInstanceView instance) {
    try {
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(instance::isEnded);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("instance " + instance.key() + " did not end; active: " + instance.activeElements()
          + ", incidents: " + instance.openIncidents().stream().map(i -> i.getValue().getErrorMessage()).toList()
          + ", jobs: " + instance.activeJobHistory(), e);
    }
    return instance;
  }

  /** The bodies of the notifications of {@code event} about one instance received so far. */
  protected static List<JsonNode> notifications(String event, long processInstanceKey) {
    return NOTIFICATIONS.requests(body -> body.path("event").asText().equals(event)
            && body.at("/details/processInstanceKey").asLong() == processInstanceKey).stream()
        .map(io.camunda.community.backup.testsupport.WebhookReceiver.Received::json).toList();
  }

  /** Waits for the notification of {@code event} about one instance and returns its body. */
  protected static JsonNode awaitNotification(String event, long processInstanceKey) {
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> !notifications(event, processInstanceKey).isEmpty());
    return notifications(event, processInstanceKey).getFirst();
  }

  protected JsonNode result(ProcessInstanceView instance) {
    return instance.variable("backupResult").orElseThrow(() -> new AssertionError("no backupResult variable"));
  }

  /** Every test ends with these: exporting is running again and no variable carries the secret. */
  protected void assertExportingResumedAndNoSecrets(ProcessInstanceView instance) {
    assertThat(SANDBOX.cluster().exportingState()).as("exporting state of the target").isEqualTo(ExportingState.EXPORTING);
    assertThat(instance.allVariableValues()).as("process variables").noneMatch(v -> v.contains(SandboxTargets.SECRET));
  }

  protected void awaitIncident(ProcessInstanceView instance) {
    awaitExplained(instance, "an incident", Duration.ofSeconds(90), () -> !instance.openIncidents().isEmpty());
  }

  /** Waits for {@code condition}; on timeout says where the instance, its jobs and the job handler threads are. */
  protected static void awaitExplained(ProcessInstanceView instance, String what, Duration atMost, java.util.concurrent.Callable<Boolean> condition) {
    try {
      await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(condition);
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      throw new AssertionError("no " + what + " within " + atMost + "; ended " + instance.isEnded() + " after "
          + instance.completedElements() + "; active " + instance.activeElements() + "; jobs "
          + instance.activeJobHistory() + "; job handler threads " + jobHandlerThreads(), e);
    }
  }

  /** Where every job handler thread of the worker application is (a timed-out wait's likely cause). */
  private static List<String> jobHandlerThreads() {
    List<String> threads = new ArrayList<>();
    Thread.getAllStackTraces().forEach((thread, stack) -> {
      if (thread.getName().startsWith("pool-") && stack.length > 0) {
        threads.add(thread.getName() + " " + thread.getState() + " at " + java.util.Arrays.stream(stack).limit(6)
            .map(StackTraceElement::toString).toList());
      }
    });
    return threads;
  }

  private static void forceResumeExporting() {
    try {
      HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(SANDBOX.cluster().managementUrl() + "/actuator/exporting/resume"))
              .POST(HttpRequest.BodyPublishers.noBody()).build(),
          HttpResponse.BodyHandlers.discarding());
    } catch (Exception e) {
      throw new IllegalStateException("cannot reset the sandbox's exporting state", e);
    }
  }
}
