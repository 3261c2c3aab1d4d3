package io.camunda.community.backup.client.database;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A complete dump: the final file (already moved into place), its size and SHA-256 (hex, lower
 * case) computed from that final file, and how long the dump tool ran.
 */
public record DumpResult(Path file, long sizeBytes, String sha256, Duration took) {}
