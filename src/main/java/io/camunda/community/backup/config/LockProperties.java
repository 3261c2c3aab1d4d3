package io.camunda.community.backup.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code backup-orchestrator.lock.*}: the cluster lock kept by the control cluster
 * ({@code cluster-lock-keeper}).
 */
@Validated
@ConfigurationProperties("backup-orchestrator.lock")
public record LockProperties(
    /* How often the lock keeper checks that its holder still runs; a run cancelled in Operate loses the lock within this. */
    @NotNull @DefaultValue("PT1M") Duration holderCheckInterval,
    /* How long a forced release waits for the keeper's answer before it reports that no run holds the lock. */
    @NotNull @DefaultValue("PT10S") Duration releaseAnswerTimeout) {

  public LockProperties {
    if (holderCheckInterval != null && (holderCheckInterval.isNegative() || holderCheckInterval.isZero())) {
      throw new IllegalArgumentException("backup-orchestrator.lock.holder-check-interval must be positive, e.g. PT1M");
    }
    if (releaseAnswerTimeout != null && (releaseAnswerTimeout.isNegative() || releaseAnswerTimeout.isZero())) {
      throw new IllegalArgumentException("backup-orchestrator.lock.release-answer-timeout must be positive, e.g. PT10S");
    }
  }
}
