package io.camunda.community.backup.worker.restore;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The documents of each restored index right after its snapshot was restored, from {@code restoredSnapshots}. */
final class RestoredDocuments {

  private RestoredDocuments() {}

  @SuppressWarnings("unchecked")
  static Map<String, Long> of(Map<String, Object> variables) {
    Map<String, Long> restored = new LinkedHashMap<>();
    for (Object snapshot : (List<Object>) variables.getOrDefault("restoredSnapshots", List.of())) {
      ((Map<String, Object>) ((Map<String, Object>) snapshot).get("documents"))
          .forEach((index, count) -> restored.put(index, ((Number) count).longValue()));
    }
    return restored;
  }
}
