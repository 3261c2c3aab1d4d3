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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The copy's rules on real files: the repository's {@code index.latest} names the generation that
 * was listed (never one the original moved on to meanwhile, whose files were not copied), and never
 * goes back to an older one; identical files are skipped; a differing one is never overwritten.
 */
class SecondLocationCopierTest {

  @TempDir Path primary;
  @TempDir Path second;

  private final BackupSet set = new BackupSet(1L, null, null, null, SetState.COMPLETE, Map.of(), Map.of());

  @Test
  void theCopyNamesTheListedGenerationAndNeverAnOlderOne() throws IOException {
    Files.writeString(primary.resolve("snap-a.dat"), "snapshot a");
    Files.writeString(primary.resolve("index-5"), "{\"generation\":5}");
    // a snapshot finished after the listing: index-7 was not listed, and index.latest names it now
    Files.writeString(primary.resolve("index-7"), "{\"generation\":7}");
    writeGeneration(primary, 7);

    SecondCopy first = copier(5L).copy("c", set, () -> false);

    assertThat(generation(second)).isEqualTo(5);
    assertThat(second.resolve("index-7")).doesNotExist();
    assertThat(Files.readString(second.resolve("snap-a.dat"))).isEqualTo("snapshot a");
    assertThat(first.copied()).isEqualTo(3);

    // a later copy already moved the second copy on: an older one does not take it back
    writeGeneration(second, 9);
    SecondCopy again = copier(5L).copy("c", set, () -> false);
    assertThat(generation(second)).isEqualTo(9);
    assertThat(again.copied()).isZero();
    assertThat(again.skipped()).isEqualTo(3);
  }

  @Test
  void aFileThatDiffersInTheSecondPlaceIsNeverOverwritten() throws IOException {
    Files.writeString(primary.resolve("snap-a.dat"), "snapshot a");
    Files.writeString(second.resolve("snap-a.dat"), "something else");

    assertThatThrownBy(() -> copier(null).copy("c", set, () -> false)).isInstanceOf(SecondCopyFailedException.class)
        .hasMessageContaining("differs from the original");
    assertThat(Files.readString(second.resolve("snap-a.dat"))).isEqualTo("something else");
  }

  private SecondLocationCopier copier(Long generation) {
    List<String> last = generation == null ? List.of() : List.of("index-" + generation, SetFileLister.INDEX_LATEST);
    SetFiles files = new SetFiles("repository", primary, second, List.of("snap-a.dat"), last,
        generation == null ? Set.of() : Set.of(SetFileLister.INDEX_LATEST), generation);
    SetFileLister lister = new SetFileLister(null, null) {
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

  private static long generation(Path repository) {
    return SetFileLister.generation(repository, "test");
  }
}
