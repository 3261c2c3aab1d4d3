package io.camunda.community.backup.sandbox;

import java.time.Instant;

/** One Zeebe record as the exporter hands it to a {@link RecordSink}. */
record ExportedRecord(int partitionId, long position, String valueType, String intent, Instant timestamp) {}
