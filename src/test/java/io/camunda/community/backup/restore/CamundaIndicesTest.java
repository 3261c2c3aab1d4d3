package io.camunda.community.backup.restore;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CamundaIndicesTest {

  private static final List<String> INDICES = List.of("camunda-user-8.8.0_", "operate-list-view-8.3.0_", "tasklist-task-8.8.0_",
      "optimize-process-instance-x", "zeebe-record_process_8.8.0_2025-06-03", "my-camunda-reports", "security-auditlog");

  @Test
  void optimizeIndicesOnlyWhenTheSetHasAnOptimizePart() {
    assertThat(CamundaIndices.select(INDICES, "zeebe-record", true)).containsExactly("camunda-user-8.8.0_", "operate-list-view-8.3.0_",
        "optimize-process-instance-x", "tasklist-task-8.8.0_", "zeebe-record_process_8.8.0_2025-06-03");
    assertThat(CamundaIndices.select(INDICES, "zeebe-record", false)).containsExactly("camunda-user-8.8.0_", "operate-list-view-8.3.0_",
        "tasklist-task-8.8.0_", "zeebe-record_process_8.8.0_2025-06-03");
  }
}
