package io.camunda.community.backup.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * One component's part of a backup set.
 *
 * @param state the component's raw state: the overall state Zeebe, the web apps or Optimize
 *     report ({@code COMPLETED}, {@code IN_PROGRESS}, {@code FAILED}, {@code INCOMPLETE}, ...),
 *     the records snapshot's state ({@code SUCCESS}, {@code IN_PROGRESS}, {@code PARTIAL}, ...),
 *     {@value #MISSING} when the component has no backup with this ID, or {@value #UNAVAILABLE}
 *     when the component's listing could not be read, so nobody knows (the reason says why)
 * @param failureReason what the component says went wrong; omitted from JSON when it says nothing
 * @param snapshots the Elasticsearch/OpenSearch snapshots of this part (web apps, Optimize,
 *     records), or the dump file of the database part; empty for Zeebe, whose backups live in its
 *     own backup store
 */
public record ComponentStatus(
    String state, @JsonInclude(JsonInclude.Include.NON_NULL) String failureReason, List<String> snapshots) {

  public static final String MISSING = "MISSING";
  /** The component's listing could not be read: its part may or may not exist. */
  public static final String UNAVAILABLE = "UNAVAILABLE";

  public ComponentStatus {
    state = state == null || state.isBlank() ? MISSING : state;
    failureReason = failureReason == null || failureReason.isBlank() ? null : failureReason;
    snapshots = snapshots == null ? List.of() : List.copyOf(snapshots);
  }

  /** The status of a component that has no backup with the set's ID. */
  public static ComponentStatus missing() {
    return new ComponentStatus(MISSING, null, List.of());
  }

  /** The status of a component whose listing could not be read, with the reason. */
  public static ComponentStatus unavailable(String reason) {
    return new ComponentStatus(UNAVAILABLE, reason, List.of());
  }

  /** Whether the component has a backup with this ID at all (not a JSON property). */
  public boolean present() {
    return !MISSING.equals(state);
  }
}
