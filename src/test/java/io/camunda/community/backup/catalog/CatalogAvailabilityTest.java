package io.camunda.community.backup.catalog;

import static io.camunda.community.backup.catalog.SandboxBackupSets.CLUSTER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.restore.RestorePreflight;
import io.camunda.community.backup.sandbox.SandboxFaults;
import io.camunda.community.backup.sandbox.SandboxOpenSearch;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A component listing that cannot be read is reported UNAVAILABLE with its reason, never read as
 * "no backups" (issue 9.1): against the sandbox, real HTTP and real OpenSearch snapshots.
 */
class CatalogAvailabilityTest {

  private static final String REPOSITORY = "catalog-availability";
  private static final AtomicLong NEXT_ID = new AtomicLong(9_200_000_000L);

  private static SandboxBackupSets sandbox;
  private static BackupCatalog catalog;
  private static long complete;

  @BeforeAll
  static void start() {
    sandbox = SandboxBackupSets.start(REPOSITORY);
    catalog = new BackupCatalog(sandbox.registry(), sandbox.clients(), sandbox.dumps());
    complete = NEXT_ID.incrementAndGet();
    sandbox.takeComplete(complete);
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void clearFaults() {
    sandbox.faults().clear();
    SandboxOpenSearch.shared().registerRepository(REPOSITORY);
  }

  @Test
  void aHealthyCatalogIsCompleteAndItsSetComplete() {
    CatalogRead read = catalog.read(CLUSTER);

    assertThat(read.complete()).isTrue();
    assertThat(read.unavailable()).isEmpty();
    assertThat(set(read, complete).state()).isEqualTo(SetState.COMPLETE);
  }

  @Test
  void anUnregisteredRepositoryMakesTheRecordsListingUnavailableNotEmpty() {
    SandboxOpenSearch.shared().unregisterRepository(REPOSITORY);

    CatalogRead read = catalog.read(CLUSTER);

    assertThat(read.complete()).isFalse();
    assertThat(read.unavailable()).containsKey(BackupSet.ZEEBE_RECORDS);
    assertThat(read.unavailable().get(BackupSet.ZEEBE_RECORDS)).contains(REPOSITORY);
    // what the readable listings show is still there, for display; the set is UNKNOWN, not PARTIAL
    BackupSet set = set(read, complete);
    assertThat(set.state()).isEqualTo(SetState.UNKNOWN);
    assertThat(set.component(BackupSet.ZEEBE).state()).isEqualTo("COMPLETED");
    assertThat(set.component(BackupSet.ZEEBE_RECORDS).state()).isEqualTo(ComponentStatus.UNAVAILABLE);
    assertThat(set.reasons().get(BackupSet.ZEEBE_RECORDS)).startsWith("listing unavailable: ");
    assertThat(catalog.list(CLUSTER)).extracting(BackupSet::state).doesNotContain(SetState.PARTIAL, SetState.COMPLETE);
  }

  @Test
  void anOptimizeListingAnswering503IsUnavailableAndTheOtherComponentsStillShow() {
    sandbox.faults().failWith("GET", "/actuator/backups", 503, "{\"message\":\"Service Unavailable\"}", SandboxFaults.UNTIL_CLEARED);

    CatalogRead read = catalog.read(CLUSTER);

    assertThat(read.unavailable()).containsOnlyKeys(BackupSet.OPTIMIZE);
    assertThat(read.unavailable().get(BackupSet.OPTIMIZE)).contains("503");
    BackupSet set = set(read, complete);
    assertThat(set.state()).isEqualTo(SetState.UNKNOWN);
    assertThat(set.component(BackupSet.WEBAPPS).state()).isEqualTo("COMPLETED");
    assertThat(set.component(BackupSet.ZEEBE_RECORDS).state()).isEqualTo("SUCCESS");
    assertThat(read.problem()).contains("the optimize listing is UNAVAILABLE");
  }

  @ParameterizedTest(name = "body {0}")
  @ValueSource(strings = {"<html><body>Bad gateway</body></html>", "null", "{\"backups\":[]}", "[{\"backupId\":1}]", ""})
  void aWebAppsListingWithAnUnparseableBodyIsUnavailable(String garbage) {
    sandbox.faults().failWith("GET", "/actuator/backupHistory", 200, garbage, SandboxFaults.UNTIL_CLEARED);

    CatalogRead read = catalog.read(CLUSTER);

    assertThat(read.unavailable()).containsOnlyKeys(BackupSet.WEBAPPS);
    assertThat(read.unavailable().get(BackupSet.WEBAPPS)).contains("/actuator/backupHistory");
    assertThat(set(read, complete).state()).isEqualTo(SetState.UNKNOWN);
  }

  @Test
  void aZeebeListingThatFailsMakesEverySetUnknown() {
    sandbox.faults().failWith("GET", "/actuator/backupRuntime", 500, "{\"message\":\"boom\"}", SandboxFaults.UNTIL_CLEARED);

    CatalogRead read = catalog.read(CLUSTER);

    assertThat(read.unavailable()).containsOnlyKeys(BackupSet.ZEEBE);
    assertThat(read.sets()).isNotEmpty().allSatisfy(s -> assertThat(s.state()).isIn(SetState.UNKNOWN, SetState.FAILED));
  }

  @Test
  void restoringTheLatestBackupIsRefusedWhileAListingCannotBeRead() {
    RestorePreflight preflight = new RestorePreflight(catalog, sandbox.registry(), sandbox.clients(), sandbox.dumps(),
        new io.camunda.community.backup.manifest.ManifestStores(sandbox.registry(), sandbox.clients(), sandbox.dumps(),
            new com.fasterxml.jackson.databind.ObjectMapper()));
    sandbox.faults().failWith("GET", "/actuator/backups", 503, "{\"message\":\"Service Unavailable\"}", SandboxFaults.UNTIL_CLEARED);

    assertThatThrownBy(() -> preflight.check(CLUSTER, null, RestorePreflight.LATEST))
        .isInstanceOf(BackupStepFailedException.class)
        .hasMessageContaining("refused, nothing was changed")
        .hasMessageContaining("latest complete backup cannot be determined")
        .hasMessageContaining("optimize listing is UNAVAILABLE");
  }

  private static BackupSet set(CatalogRead read, long id) {
    List<BackupSet> matching = read.sets().stream().filter(s -> s.backupId() == id).toList();
    assertThat(matching).as("set %d listed", id).hasSize(1);
    return matching.getFirst();
  }
}
