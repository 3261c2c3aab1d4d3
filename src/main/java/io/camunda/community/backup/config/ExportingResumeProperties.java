package io.camunda.community.backup.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How resume-exporting.bpmn insists on resuming exporting: it tries again without a limit
 * (exporting must never stay paused because a retry count ran out), after a drawn timer that grows
 * from {@code backup-orchestrator.job-retry-backoff} up to {@link #maxBackoff()}, and from
 * {@link #alarmAfter()} after the first failure an incident tells operators that exporting is
 * still paused and since when, while the attempts go on.
 */
@Validated
@ConfigurationProperties("backup-orchestrator.exporting-resume")
public record ExportingResumeProperties(
    @NotNull @DefaultValue("PT1M") Duration maxBackoff,
    @NotNull @DefaultValue("PT5M") Duration alarmAfter) {}
