package io.camunda.community.backup.control;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.ComponentStatus;
import io.camunda.community.backup.catalog.SetState;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogTableTest {

  @Test
  void oneAlignedLinePerSetWithEachComponentsStateAndWhyItIsNotComplete() {
    Map<String, ComponentStatus> complete = new LinkedHashMap<>();
    complete.put("zeebe", new ComponentStatus("COMPLETED", null, List.of()));
    complete.put("webapps", new ComponentStatus("COMPLETED", null, List.of("s1")));
    Map<String, ComponentStatus> failed = new LinkedHashMap<>();
    failed.put("zeebe", new ComponentStatus(ComponentStatus.MISSING, null, List.of()));
    failed.put("webapps", new ComponentStatus("FAILED", "partial", List.of("s2")));
    Map<String, String> reasons = new LinkedHashMap<>();
    reasons.put("zeebe", "missing");
    reasons.put("webapps", "FAILED: partial");

    String table = CatalogTable.render(List.of(
        new BackupSet(1767312000L, Instant.parse("2026-01-02T00:00:00Z"), "8.8.0", 3, SetState.COMPLETE, complete, Map.of()),
        new BackupSet(42L, null, null, null, SetState.FAILED, failed, reasons)));

    List<String> lines = table.lines().toList();
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).startsWith("BACKUP ID    TIME (UTC)             STATE      VERSION   PARTITIONS   COMPONENTS");
    assertThat(lines.get(1)).startsWith("1767312000   2026-01-02T00:00:00Z   COMPLETE   8.8.0     3            zeebe:COMPLETED webapps:COMPLETED");
    assertThat(lines.get(2)).startsWith("42           -                      FAILED     -         -            zeebe:MISSING webapps:FAILED")
        .endsWith("zeebe: missing; webapps: FAILED: partial");
    assertThat(lines.get(1).indexOf("COMPLETED")).isEqualTo(lines.get(2).indexOf("MISSING"));
    assertThat(CatalogTable.render(List.of())).isEqualTo("No backup sets.");
    assertThat(lines.get(0)).doesNotContain("SECOND COPY");
  }

  @Test
  void aClusterWithASecondLocationShowsEachCompleteSetsSecondCopy() {
    Map<String, ComponentStatus> complete = Map.of("zeebe", new ComponentStatus("COMPLETED", null, List.of()));
    String table = CatalogTable.render(List.of(
        new BackupSet(2L, null, "8.8.0", 3, SetState.COMPLETE, complete, Map.of())
            .withSecondCopy(new io.camunda.community.backup.catalog.SecondCopyStatus("DAMAGED", "1 differ in size: zeebe 1/2/a")),
        new BackupSet(1L, null, "8.8.0", 3, SetState.COMPLETE, complete, Map.of())));

    List<String> lines = table.lines().toList();
    assertThat(lines.get(0)).contains("MANIFEST   SECOND COPY   REASON");
    assertThat(lines.get(1)).contains("-          DAMAGED");
    assertThat(lines.get(2)).contains("-          -");
  }
}
