package io.camunda.community.backup.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared node's test helpers and its reset to the seeded Camunda 8.8 indices. */
class SandboxOpenSearchTest {

  private final SandboxOpenSearch openSearch = SandboxOpenSearch.shared();

  @Test
  void resetDataRemovesWhatTestsAddedAndSeedsTheCamundaIndicesAgain() {
    openSearch.resetData();
    openSearch.index("operate-extra-8.3.0_", Map.of("key", 1));
    openSearch.index("operate-list-view-8.3.0_", Map.of("key", 2));
    openSearch.http()
        .put("/_snapshot/camunda/sandbox-test?wait_for_completion=true", Map.of("indices", "operate-*"))
        .requireOk();
    assertThat(openSearch.count("operate-extra-8.3.0_")).isEqualTo(1);
    assertThat(openSearch.snapshot("sandbox-test")).containsEntry("state", "SUCCESS");

    openSearch.resetData();

    assertThat(openSearch.indices())
        .filteredOn(index -> !index.startsWith("."))
        .containsExactlyInAnyOrderElementsOf(SampleData.seedIndices());
    assertThat(openSearch.count("operate-list-view-8.3.0_")).isEqualTo(SampleData.DOCUMENTS_PER_INDEX);
    assertThat(openSearch.snapshotNames()).isEmpty();
    assertThat(openSearch.snapshot("sandbox-test")).isNull();
    assertThat(openSearch.url()).startsWith("http://127.0.0.1:");
    assertThat(openSearch.repository()).isEqualTo("camunda");
  }
}
