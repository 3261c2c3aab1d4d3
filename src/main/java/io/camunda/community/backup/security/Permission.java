package io.camunda.community.backup.security;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a caller of the HTTP API may do. Each level includes the ones below it, so a grant names
 * the highest level a principal needs:
 *
 * <ul>
 *   <li>{@link #READ}: the backup catalog (and run status);
 *   <li>{@link #BACKUP}: start and cancel backups;
 *   <li>{@link #ADMIN}: retention, releasing a cluster lock, starting a restore.
 * </ul>
 */
public enum Permission {
  READ,
  BACKUP,
  ADMIN;

  /** Whether a principal granted this permission may do what {@code needed} guards. */
  public boolean includes(Permission needed) {
    return compareTo(needed) >= 0;
  }

  /** The configuration spelling: {@code read}, {@code backup}, {@code admin}. */
  @JsonValue
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
