package io.camunda.community.backup.sandbox;

import java.time.Instant;

/** One change of the exporting state, caused by a pause or resume call. */
public record ExportingTransition(Instant at, ExportingState from, ExportingState to) {}
