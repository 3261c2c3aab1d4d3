package io.camunda.community.backup.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.community.backup.testsupport.WorkerApplication;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The worker application refuses to start when a job timeout cannot keep a job from being handed
 * out twice: too short for its lease, or (database tool steps) shorter than the tool's timeout.
 * Checked from the real application's configuration, with the starter's own job-timeout resolution.
 */
class JobTimeoutCheckTest {

  /**
   * An engine of its own: these applications run job workers that know only cluster {@code pg}, so
   * on the shared engine they could take (and fail) the jobs of other tests' runs.
   */
  private static final InMemoryControlCluster CONTROL = InMemoryControlCluster.start();

  @org.junit.jupiter.api.AfterAll
  static void stopEngine() {
    CONTROL.close();
  }

  @TempDir Path dumps;

  private Map<String, String> rdbmsCluster(String toolTimeout) {
    Map<String, String> properties = new LinkedHashMap<>();
    String p = "backup-orchestrator.clusters[0].";
    properties.put("backup-orchestrator.schedule.enabled", "false");
    properties.put("backup-orchestrator.housekeeping.enabled", "false");
    properties.put("camunda.client.deployment.enabled", "false");
    properties.put(p + "name", "pg");
    properties.put(p + "management-url", "http://127.0.0.1:1");
    properties.put(p + "secondary-storage.type", "rdbms");
    properties.put(p + "secondary-storage.database.vendor", "postgresql");
    properties.put(p + "secondary-storage.database.host", "127.0.0.1");
    properties.put(p + "secondary-storage.database.name", "camunda");
    properties.put(p + "secondary-storage.database.username", "camunda");
    properties.put(p + "secondary-storage.database.password", "not-used-here");
    properties.put(p + "secondary-storage.database.dump-directory", dumps.toString());
    properties.put(p + "secondary-storage.database.tool-timeout", toolTimeout);
    return properties;
  }

  @Test
  void aToolTimeoutLongerThanTheDumpJobTimeoutFailsStartupNamingBothProperties() {
    assertThatThrownBy(() -> WorkerApplication.start(CONTROL, rdbmsCluster("PT4H")).close())
        .hasStackTraceContaining("job type c8backup-database-dump: its job timeout PT3H")
        .hasStackTraceContaining("camunda.client.worker.override.c8backup-database-dump.timeout")
        .hasStackTraceContaining("must be longer than one database dump or restore PT4H (backup-orchestrator.clusters[0].secondary-storage.database.tool-timeout)")
        .hasStackTraceContaining("job type c8backup-database-restore: its job timeout PT3H");
  }

  @Test
  void anAdditionalDatabasesToolTimeoutLongerThanItsJobTimeoutFailsStartupNamingIt() {
    Map<String, String> properties = rdbmsCluster("PT1H");
    String a = "backup-orchestrator.clusters[0].additional-databases[0].";
    properties.put(a + "part", "web-modeler");
    properties.put(a + "database.vendor", "postgresql");
    properties.put(a + "database.host", "127.0.0.1");
    properties.put(a + "database.name", "modeler");
    properties.put(a + "database.username", "modeler");
    properties.put(a + "database.password", "not-used-here");
    properties.put(a + "database.dump-directory", dumps.toString());
    properties.put(a + "database.tool-timeout", "PT4H");

    assertThatThrownBy(() -> WorkerApplication.start(CONTROL, properties).close())
        .hasStackTraceContaining("job type c8backup-additional-database-dump: its job timeout PT3H")
        .hasStackTraceContaining("(backup-orchestrator.clusters[0].additional-databases[0].database.tool-timeout)")
        .hasStackTraceContaining("job type c8backup-additional-database-restore: its job timeout PT3H")
        // the Camunda database's tool timeout (PT1H) fits its own steps' job timeout
        .satisfies(e -> assertThat(org.assertj.core.util.Throwables.getStackTrace(e)).doesNotContain("c8backup-database-dump"));
  }

  @Test
  void aJobTimeoutTooShortForItsLeaseFailsStartup() {
    Map<String, String> properties = rdbmsCluster("PT1H");
    properties.put("camunda.client.worker.defaults.timeout", "PT1S");

    assertThatThrownBy(() -> WorkerApplication.start(CONTROL, properties).close())
        .hasStackTraceContaining("job type c8backup-restore-snapshot-start: its job timeout PT1S (camunda.client.worker.defaults.timeout")
        .hasStackTraceContaining("is too short for its lease to be renewed in time. Set it to at least PT2S");
  }

  @Test
  void aJobTimeoutShorterThanTheRequestTimeoutStartsBecauseTheLeaseHoldsTheJob() throws Exception {
    Map<String, String> properties = rdbmsCluster("PT1H");
    properties.put("backup-orchestrator.clusters[0].timeouts.request", "PT2M");
    Files.createDirectories(dumps);

    // The default job timeout (PT5S) is far below the request timeout: LeasedJobWorkerManager renews it.
    try (ConfigurableApplicationContext app = WorkerApplication.start(CONTROL, properties)) {
      assertThat(app.isRunning()).isTrue();
    }
  }

  @Test
  void anOverriddenJobTimeoutIsWhatCounts() throws Exception {
    Map<String, String> properties = rdbmsCluster("PT4H");
    properties.put("camunda.client.worker.override.c8backup-database-dump.timeout", "PT5H");
    properties.put("camunda.client.worker.override.c8backup-database-restore.timeout", "PT5H");
    Files.createDirectories(dumps);

    try (ConfigurableApplicationContext app = WorkerApplication.start(CONTROL, properties)) {
      assertThat(app.isRunning()).isTrue();
    }
  }
}
