package io.camunda.community.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.IndexPrefixes;
import java.util.List;
import org.junit.jupiter.api.Test;

class CamundaIndicesTest {

  private static final List<String> INDICES = List.of("camunda-user-8.8.0_", "operate-list-view-8.3.0_", "tasklist-task-8.8.0_",
      "optimize-process-instance-x", "zeebe-record_process_8.8.0_2025-06-03", "my-camunda-reports", "security-auditlog");

  @Test
  void optimizeIndicesOnlyWhenTheSetHasAnOptimizePart() {
    assertThat(CamundaIndices.select(INDICES, IndexPrefixes.DEFAULTS, true)).containsExactly("camunda-user-8.8.0_", "operate-list-view-8.3.0_",
        "optimize-process-instance-x", "tasklist-task-8.8.0_", "zeebe-record_process_8.8.0_2025-06-03");
    assertThat(CamundaIndices.select(INDICES, IndexPrefixes.DEFAULTS, false)).containsExactly("camunda-user-8.8.0_", "operate-list-view-8.3.0_",
        "tasklist-task-8.8.0_", "zeebe-record_process_8.8.0_2025-06-03");
  }

  @Test
  void customPrefixesSelectThisInstallationsIndicesAndLeaveAnothersOnTheSameStorage() {
    // Two installations on one search cluster: "prod" with custom prefixes, the other with the defaults.
    List<String> shared = List.of("prod-camunda-user-8.8.0_", "prod-operate-list-view-8.3.0_", "prod-tasklist-task-8.8.0_",
        "prod-optimize-process-instance-x", "prod-zeebe-record_process_8.8.0_2025-06-03",
        "camunda-user-8.8.0_", "operate-list-view-8.3.0_", "optimize-process-instance-x", "zeebe-record_process_8.8.0_2025-06-03",
        "prod-reports");
    IndexPrefixes prod = new IndexPrefixes("prod", "prod-optimize", "prod-zeebe-record");

    assertThat(CamundaIndices.select(shared, prod, true)).containsExactly("prod-camunda-user-8.8.0_", "prod-operate-list-view-8.3.0_",
        "prod-optimize-process-instance-x", "prod-tasklist-task-8.8.0_", "prod-zeebe-record_process_8.8.0_2025-06-03");
    assertThat(CamundaIndices.select(shared, IndexPrefixes.DEFAULTS, true)).as("the default installation's, not prod's")
        .containsExactly("camunda-user-8.8.0_", "operate-list-view-8.3.0_", "optimize-process-instance-x", "zeebe-record_process_8.8.0_2025-06-03");
    assertThat(CamundaIndices.isCamunda("prod-reports", prod, true)).isFalse();
  }
}
