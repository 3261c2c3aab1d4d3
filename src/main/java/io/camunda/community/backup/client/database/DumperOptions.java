package io.camunda.community.backup.client.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How to find and run the vendor tools.
 *
 * @param binDirectory when set, tools are looked up only in this directory (for example {@code
 *     /usr/lib/postgresql/16/bin}); when {@code null}, the defaults: for PostgreSQL the newest
 *     {@code /usr/lib/postgresql/<version>/bin} and then {@code PATH}; for MariaDB {@code PATH},
 *     {@code /usr/bin}, {@code /usr/local/bin}, {@code /usr/local/mysql/bin}
 * @param timeout how long one tool run may take before it is killed
 */
public record DumperOptions(Path binDirectory, Duration timeout) {

  public static final Duration DEFAULT_TIMEOUT = Duration.ofHours(2);

  public DumperOptions {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, was " + timeout);
    }
  }

  public static DumperOptions defaults() {
    return new DumperOptions(null, DEFAULT_TIMEOUT);
  }

  public DumperOptions withBinDirectory(Path directory) {
    return new DumperOptions(directory, timeout);
  }

  public DumperOptions withTimeout(Duration newTimeout) {
    return new DumperOptions(binDirectory, newTimeout);
  }
}
