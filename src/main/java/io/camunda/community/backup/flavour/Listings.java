package io.camunda.community.backup.flavour;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reading a component's listing for the catalog: a listing that fails is unavailable, never empty. */
public final class Listings {

  private static final Logger LOG = LoggerFactory.getLogger(Listings.class);

  private Listings() {}

  /**
   * One component's listing; when it cannot be read, none, and the reason goes into {@code
   * unavailable}. Every fault counts, a bug's included: an unread listing is never an empty one.
   */
  public static <T> List<T> read(String clusterName, String component, Map<String, String> unavailable, Supplier<List<T>> list) {
    try {
      List<T> items = list.get();
      if (items == null) {
        throw new IllegalStateException("the listing returned nothing at all");
      }
      return items;
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("Backup catalog of cluster '{}': the {} listing could not be read: {}", clusterName, component, reason);
      unavailable.put(component, reason);
      return List.of();
    }
  }

  /** The items by ID, the first of each ID kept. */
  public static <T> Map<Long, T> byId(List<T> items, Function<T, Long> id) {
    Map<Long, T> result = new HashMap<>();
    items.forEach(item -> result.putIfAbsent(id.apply(item), item));
    return result;
  }
}
