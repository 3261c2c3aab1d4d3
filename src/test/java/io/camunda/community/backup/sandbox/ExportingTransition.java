package io.camunda.community.backup.sandbox;

import java.time.Instant;

/**
 * One change of the exporting state, caused by a pause or resume call, or by a start of the
 * components, which always come back EXPORTING.
 */
public record ExportingTransition(Instant at, ExportingState from, ExportingState to) {}
