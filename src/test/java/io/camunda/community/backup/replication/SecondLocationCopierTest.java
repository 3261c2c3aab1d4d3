package io.camunda.community.backup.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.SetState;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import io.camunda.community.backup.client.s3.S3Bucket;
import io.camunda.community.backup.testsupport.S3MockServer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The copy's rules on real files, into a directory and into an S3-compatible bucket (S3Mock, real
 * HTTP): the repository's {@code index.latest} names the generation that was listed (never one the
 * original moved on to meanwhile, whose files were not copied), and never goes back to an older
 * one; identical files are skipped; a differing one (another size, or the same size and another
 * SHA-256) is never overwritten.
 */
class SecondLocationCopierTest {

  private static final String BUCKET = "copier-test";
  private static final AtomicInteger PREFIXES = new AtomicInteger();

  @TempDir Path primary;
  @TempDir Path directory;
  private SecondPlace second;

  static Stream<String> places() {
    return Stream.of("directory", "bucket");
  }

  private void use(String kind) {
    if (kind.equals("directory")) {
      second = new DirectoryPlace(directory);
      return;
    }
    S3MockServer s3 = S3MockServer.shared();
    s3.createBucket(BUCKET);
    S3Bucket bucket = s3.bucket(BUCKET);
    second = new BucketPlace(bucket, "test-" + ProcessHandle.current().pid() + "-" + PREFIXES.incrementAndGet());
  }

  private final BackupSet set = new BackupSet(1L, null, null, null, SetState.COMPLETE, Map.of(), Map.of());

  @ParameterizedTest
  @MethodSource("places")
  void theCopyNamesTheListedGenerationAndNeverAnOlderOne(String kind) throws IOException {
    use(kind);
    Files.writeString(primary.resolve("snap-a.dat"), "snapshot a");
    Files.writeString(primary.resolve("index-5"), "{\"generation\":5}");
    // a snapshot finished after the listing: index-7 was not listed, and index.latest names it now
    Files.writeString(primary.resolve("index-7"), "{\"generation\":7}");
    writeGeneration(primary, 7);

    SecondCopy first = copier(5L).copy("c", set, () -> false);

    assertThat(generation(second)).isEqualTo(5);
    assertThat(second.size("index-7")).isEmpty();
    assertThat(text(second, "snap-a.dat")).isEqualTo("snapshot a");
    assertThat(first.copied()).isEqualTo(3);

    // a later copy already moved the second copy on: an older one does not take it back
    second.write(SetFileLister.INDEX_LATEST, SetFileLister.indexLatest(9));
    SecondCopy again = copier(5L).copy("c", set, () -> false);
    assertThat(generation(second)).isEqualTo(9);
    assertThat(again.copied()).isZero();
    assertThat(again.skipped()).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("places")
  void aFileThatDiffersInTheSecondPlaceIsNeverOverwritten(String kind) throws IOException {
    use(kind);
    Files.writeString(primary.resolve("snap-a.dat"), "snapshot a");
    second.write("snap-a.dat", "something else".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> copier(null).copy("c", set, () -> false)).isInstanceOf(SecondCopyFailedException.class)
        .hasMessageContaining("differs from the original").hasMessageContaining(second.describe("snap-a.dat"))
        .hasMessageContaining("(14 bytes instead of 10)");
    assertThat(text(second, "snap-a.dat")).isEqualTo("something else");
  }

  @ParameterizedTest
  @MethodSource("places")
  void aCopyOfTheSameSizeWithOtherContentIsCaughtByItsChecksum(String kind) throws IOException {
    use(kind);
    Files.writeString(primary.resolve("snap-a.dat"), "snapshot a");
    SecondCopy first = copier(null).copy("c", set, () -> false);
    assertThat(first.copied()).isEqualTo(1);
    // bit rot, or a writer that is not us: the size is right, the content is not
    second.write("snap-a.dat", "snapshot b".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(() -> copier(null).copy("c", set, () -> false)).isInstanceOf(SecondCopyFailedException.class)
        .hasMessageContaining("(same size, another SHA-256)");
    assertThat(text(second, "snap-a.dat")).isEqualTo("snapshot b");
  }

  private SecondLocationCopier copier(Long generation) {
    List<String> last = generation == null ? List.of() : List.of("index-" + generation, SetFileLister.INDEX_LATEST);
    SetFiles files = new SetFiles("repository", primary, second, List.of("snap-a.dat"), last,
        generation == null ? Set.of() : Set.of(SetFileLister.INDEX_LATEST), generation);
    SetFileLister lister = new SetFileLister(null, null, null) {
      @Override
      public List<SetFiles> list(String clusterName, BackupSet backupSet) {
        return List.of(files);
      }
    };
    return new SecondLocationCopier(lister, null, Clock.systemUTC());
  }

  private static void writeGeneration(Path repository, long generation) throws IOException {
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(repository.resolve(SetFileLister.INDEX_LATEST)))) {
      out.writeLong(generation);
    }
  }

  private static long generation(SecondPlace repository) {
    return SetFileLister.generation(repository.read(SetFileLister.INDEX_LATEST).orElseThrow(), "test");
  }

  private static String text(SecondPlace place, String key) {
    return new String(place.read(key).orElseThrow(), StandardCharsets.UTF_8);
  }
}
