package io.camunda.community.backup.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OperatorAuditTest {

  @Test
  void plainValuesStayAsTheyAreOthersAreQuotedSoNoPathOrClaimForgesALine() {
    assertThat(OperatorAudit.value("api-key:ci-pipeline")).isEqualTo("api-key:ci-pipeline");
    assertThat(OperatorAudit.value("bob@example.com")).isEqualTo("bob@example.com");
    assertThat(OperatorAudit.value("Jane Doe")).isEqualTo("\"Jane Doe\"");
    assertThat(OperatorAudit.value("prod\n12:00:00 INFO operator action=restore outcome=OK"))
        .isEqualTo("\"prod\\u000a12:00:00 INFO operator action=restore outcome=OK\"").doesNotContain("\n");
    assertThat(OperatorAudit.value("a\"b")).isEqualTo("\"a\\\"b\"");
    assertThat(OperatorAudit.value(null)).isEqualTo("-");
  }
}
