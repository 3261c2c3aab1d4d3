package io.camunda.community.backup.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One read of a cluster's backup catalog and whether it is the whole truth: the sets, and for
 * every component listing that could not be read completely (missing repository or directory,
 * 4xx/5xx, timeout, unparseable body) the reason. The sets are still those the readable listings
 * show, for display; a component whose listing failed shows {@link ComponentStatus#UNAVAILABLE}
 * in every set and no set can be {@link SetState#COMPLETE} without it.
 *
 * <p>Nothing may be deleted on an incomplete read ({@link #complete()} false): a component that
 * cannot be listed is not a component that holds nothing.
 *
 * @param sets every set, newest first
 * @param unavailable component ({@link BackupSet#ZEEBE}, {@link BackupSet#WEBAPPS}, ...) to the
 *     reason its listing could not be read; empty when every listing was read
 */
public record CatalogRead(String clusterName, List<BackupSet> sets, Map<String, String> unavailable) {

  public CatalogRead {
    sets = sets == null ? List.of() : List.copyOf(sets);
    unavailable = unavailable == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(unavailable));
  }

  /** Whether every component listing was read completely (not a JSON property). */
  public boolean complete() {
    return unavailable.isEmpty();
  }

  /**
   * What an operator reads when the catalog is incomplete: each unreadable listing with its
   * reason; empty when complete.
   */
  public String problem() {
    if (complete()) {
      return "";
    }
    StringBuilder text = new StringBuilder("The backup catalog of cluster '" + clusterName + "' could not be read completely: ");
    String separator = "";
    for (Map.Entry<String, String> entry : unavailable.entrySet()) {
      text.append(separator).append("the ").append(entry.getKey()).append(" listing is UNAVAILABLE (").append(entry.getValue()).append(')');
      separator = "; ";
    }
    return text.append('.').toString();
  }
}
