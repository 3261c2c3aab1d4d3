package io.camunda.community.backup.client.database;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.Map;

/**
 * What is recorded next to a dump ({@code <dump file>.json}) once it is complete: the dump's
 * size and SHA-256, from which the catalog and the restore pre-flight tell an intact dump from a
 * changed or truncated one. Nothing secret: the database is described without credentials.
 *
 * @param file the dump's file name, in the same directory as this record
 * @param database e.g. "PostgreSQL database 'camunda' at db:5432 as user 'camunda'"
 * @param createdAt ISO-8601 instant the dump was complete
 * @param took ISO-8601 duration the dump tool ran
 * @param tableRows rows per table in the dump (what a restore of it loads); null where the dump's
 *     format cannot be read (a dump command) or for a dump recorded before rows were counted
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DumpRecord(
    long backupId, String cluster, String vendor, String database, String file, long sizeBytes, String sha256,
    String createdAt, String took, Map<String, Long> tableRows) {}
