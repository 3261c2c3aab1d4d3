package io.camunda.community.backup.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SecondCopyStatus;
import io.camunda.community.backup.client.database.DumpFiles;
import io.camunda.community.backup.engine.ProcessInstanceView;
import io.camunda.community.backup.manifest.DumpDirectoryManifestStore;
import io.camunda.community.backup.replication.BucketPlace;
import io.camunda.community.backup.replication.SecondCopyFailedException;
import io.camunda.community.backup.replication.SecondLocationCopier;
import io.camunda.community.backup.replication.SecondLocationStaging;
import io.camunda.community.backup.retention.BackupSetDeleter;
import io.camunda.community.backup.testsupport.RdbmsTargets;
import io.camunda.community.backup.testsupport.S3MockServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 14's S3-compatible second location, over real HTTP to S3Mock (its own JVM), with real
 * PostgreSQL dumps and the sandbox's Zeebe store: a set copied into the bucket and proven by
 * SHA-256; a damaged object (same size, other content) caught; a missing one shown by the catalog
 * and copied again; the set copied back for a restore; deleted with the set. In verify mode (a
 * bucket that replicates itself) the orchestrator writes nothing and waits until the last missing
 * object has arrived.
 */
class SecondLocationInBucketTest extends BackupProcessTestSupport {

  private static final String COPY = "sandbox-pg-s3";
  private static final String VERIFY = "sandbox-pg-s3-verify";

  @Autowired private BackupCatalog catalog;
  @Autowired private BackupSetDeleter deleter;
  @Autowired private SecondLocationCopier copier;
  @Autowired private SecondLocationStaging staging;

  private final RdbmsTargets pg = RdbmsTargets.shared(RdbmsTargets.Vendor.POSTGRESQL);
  private S3MockServer s3;
  private BucketPlace bucket;

  @BeforeEach
  void bucket() {
    s3 = S3MockServer.shared();
    s3.createBucket(SECOND_BUCKET);
    bucket = new BucketPlace(s3.bucket(SECOND_BUCKET), "");
  }

  @Test
  void copiesAnRdbmsSetIntoTheBucketProvesItAndCopiesItBackForARestore() throws IOException {
    ProcessInstanceView backup = awaitEnd(startBackup(COPY));

    JsonNode result = result(backup);
    assertThat(result.get("state").asText()).as(result.toString()).isEqualTo("COMPLETED");
    long backupId = result.get("backupId").asLong();
    JsonNode secondCopy = backup.variable("secondCopy").orElseThrow();
    assertThat(secondCopy.get("state").asText()).as(secondCopy.toString()).isEqualTo("COMPLETE");
    assertThat(secondCopy.get("copied").asInt()).isPositive();

    // Every Zeebe file, the dump, its record and the manifest are objects with the original's SHA-256.
    Path store = pg.cluster().backupStore();
    List<Path> zeebe = zeebeFiles(store, backupId);
    assertThat(zeebe).isNotEmpty();
    for (Path original : zeebe) {
      String key = "pg-s3/zeebe/" + store.relativize(original).toString().replace('\\', '/');
      assertThat(bucket.sha256(key)).as(key).isEqualTo(DumpFiles.sha256(original));
    }
    Path dumps = pg.dumpDirectory(COPY);
    String dump = catalog.find(COPY, backupId).orElseThrow().component(BackupSet.DATABASE).snapshots().getFirst();
    List<String> dumpFiles = List.of(dump, dump + ".json", DumpDirectoryManifestStore.fileName(backupId));
    for (String file : dumpFiles) {
      assertThat(bucket.sha256(dumpKey(file))).as(file).isEqualTo(DumpFiles.sha256(dumps.resolve(file)));
    }
    assertThat(catalog.find(COPY, backupId).orElseThrow().secondCopy()).isEqualTo(new SecondCopyStatus(SecondCopyStatus.COMPLETE, null));

    // A damaged object of the same size passes a listing but not the copy's SHA-256, which leaves it as it is.
    byte[] damaged = Files.readAllBytes(dumps.resolve(dump));
    damaged[damaged.length / 2] ^= 0x5a;
    s3.put(SECOND_BUCKET, dumpKey(dump), damaged);
    assertThatThrownBy(() -> copier.copy(COPY, catalog.find(COPY, backupId).orElseThrow(), () -> false))
        .isInstanceOf(SecondCopyFailedException.class).hasMessageContaining("s3://" + SECOND_BUCKET + "/" + dumpKey(dump))
        .hasMessageContaining("same size, another SHA-256");
    assertThat(bucket.read(dumpKey(dump)).orElseThrow()).isEqualTo(damaged);

    // A lost object: the catalog names it, and a repeated copy puts back only that one.
    bucket.delete(dumpKey(dump));
    SecondCopyStatus missing = catalog.find(COPY, backupId).orElseThrow().secondCopy();
    assertThat(missing.state()).isEqualTo(SecondCopyStatus.MISSING);
    assertThat(missing.detail()).contains(dump);
    var again = copier.copy(COPY, catalog.find(COPY, backupId).orElseThrow(), () -> false);
    assertThat(again.copied()).isEqualTo(1);
    assertThat(bucket.sha256(dumpKey(dump))).isEqualTo(DumpFiles.sha256(dumps.resolve(dump)));

    // The primary loses the set; a restore from the second location first copies it back from the bucket.
    List<String> shas = new ArrayList<>();
    for (String file : dumpFiles) {
      shas.add(DumpFiles.sha256(dumps.resolve(file)));
      Files.delete(dumps.resolve(file));
    }
    for (Path original : zeebe) {
      Files.delete(original);
    }
    assertThat(catalog.find(COPY, backupId)).isEmpty();
    var staged = staging.stage(COPY, backupId);
    assertThat(staged.copied()).isEqualTo(zeebe.size() + dumpFiles.size());
    for (int i = 0; i < dumpFiles.size(); i++) {
      assertThat(DumpFiles.sha256(dumps.resolve(dumpFiles.get(i)))).as(dumpFiles.get(i)).isEqualTo(shas.get(i));
    }
    assertThat(zeebeFiles(store, backupId)).isEqualTo(zeebe);
    assertThat(catalog.find(COPY, backupId).orElseThrow().secondCopy().state()).isEqualTo(SecondCopyStatus.COMPLETE);

    // Deleting the set deletes its objects.
    deleter.delete(COPY, backupId);
    for (String file : dumpFiles) {
      assertThat(bucket.size(dumpKey(file))).as(file).isEmpty();
    }
    for (String partition : bucket.children("pg-s3/zeebe")) {
      assertThat(bucket.files("pg-s3/zeebe/" + partition + "/" + backupId + "/")).isEmpty();
    }
  }

  @Test
  void aReplicatedBucketIsCheckedUntilTheLastMissingObjectHasArrived() throws IOException {
    ProcessInstanceView backup = startBackup(VERIFY);
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() ->
        backup.variable("secondCopy").map(copy -> copy.path("state").asText().equals("NOT_YET")).orElse(false));
    assertThat(backup.variable("secondCopy").orElseThrow().path("missing")).isNotEmpty();
    assertThat(bucket.files("pg-s3-replica/")).as("the orchestrator writes nothing to a replicated bucket").isEmpty();

    // The bucket replicates everything but the dump: the check names the one object still missing.
    long backupId = backup.variable("backupId").orElseThrow().asLong();
    Path store = pg.cluster().backupStore();
    for (Path original : zeebeFiles(store, backupId)) {
      s3.put(SECOND_BUCKET, "pg-s3-replica/zeebe/" + store.relativize(original).toString().replace('\\', '/'), Files.readAllBytes(original));
    }
    Path dumps = pg.dumpDirectory(VERIFY);
    String dump = catalog.find(VERIFY, backupId).orElseThrow().component(BackupSet.DATABASE).snapshots().getFirst();
    for (String file : List.of(dump + ".json", DumpDirectoryManifestStore.fileName(backupId))) {
      s3.put(SECOND_BUCKET, "pg-s3-replica/dumps/" + VERIFY + "/" + file, Files.readAllBytes(dumps.resolve(file)));
    }
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      JsonNode copy = backup.variable("secondCopy").orElseThrow();
      return copy.path("missing").size() == 1;
    });
    assertThat(backup.variable("secondCopy").orElseThrow().path("missing").get(0).asText()).isEqualTo("database " + dump);
    assertThat(backup.isEnded()).isFalse();
    SecondCopyStatus status = catalog.find(VERIFY, backupId).orElseThrow().secondCopy();
    assertThat(status.state()).isEqualTo(SecondCopyStatus.MISSING);
    assertThat(status.detail()).isEqualTo("1 missing: database " + dump);

    s3.put(SECOND_BUCKET, "pg-s3-replica/dumps/" + VERIFY + "/" + dump, Files.readAllBytes(dumps.resolve(dump)));
    awaitEnd(backup);

    assertThat(result(backup).get("state").asText()).isEqualTo("COMPLETED");
    JsonNode secondCopy = backup.variable("secondCopy").orElseThrow();
    assertThat(secondCopy.get("state").asText()).as(secondCopy.toString()).isEqualTo("COMPLETE");
    assertThat(backup.completedElements()).contains("Timer_CheckIntervalElapsed").doesNotContain("Task_ReportSecondCopyFailure");
    assertThat(catalog.find(VERIFY, backupId).orElseThrow().secondCopy().state()).isEqualTo(SecondCopyStatus.COMPLETE);
  }

  private static String dumpKey(String file) {
    return "pg-s3/dumps/" + COPY + "/" + file;
  }
}
