package io.camunda.community.backup.worker.restore;

import io.camunda.community.backup.restore.RestoreVerifier;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What each restored index held right after its snapshot was restored (documents and bytes, from
 * {@code restoredSnapshots}), or each table right after the database restore ({@code
 * restoredDatabase.rows}), and what the set's manifest recorded ({@code manifestIndexBytes},
 * {@code manifestTableRows}).
 */
final class RestoredDocuments {

  private RestoredDocuments() {}

  static RestoreVerifier.Restored of(Map<String, Object> variables) {
    return new RestoreVerifier.Restored(perIndex(variables, "documents"), perIndex(variables, "bytes"),
        numbers(variables.get(RestoreVariables.MANIFEST_INDEX_BYTES)), restoredRows(variables),
        numbers(variables.get(RestoreVariables.MANIFEST_TABLE_ROWS)), additionalDatabases(variables));
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** {@code restoredAdditionalDatabases}: one entry per restored additional database (none when the set has none). */
  private static List<io.camunda.community.backup.restore.RestoredAdditionalDatabase> additionalDatabases(Map<String, Object> variables) {
    Object restored = variables.get(RestoreVariables.RESTORED_ADDITIONAL_DATABASES);
    return restored == null ? List.of() : JSON.convertValue(restored,
        new com.fasterxml.jackson.core.type.TypeReference<List<io.camunda.community.backup.restore.RestoredAdditionalDatabase>>() {});
  }

  /** Table → rows right after the database restore ({@code restoredDatabase.rows}); empty for a search-engine restore. */
  @SuppressWarnings("unchecked")
  private static Map<String, Long> restoredRows(Map<String, Object> variables) {
    Object database = variables.get("restoredDatabase");
    return database instanceof Map<?, ?> restored ? numbers(((Map<String, Object>) restored).get("rows")) : Map.of();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Long> perIndex(Map<String, Object> variables, String key) {
    Map<String, Long> restored = new LinkedHashMap<>();
    for (Object snapshot : (List<Object>) variables.getOrDefault("restoredSnapshots", List.of())) {
      restored.putAll(numbers(((Map<String, Object>) snapshot).get(key)));
    }
    return restored;
  }

  private static Map<String, Long> numbers(Object map) {
    Map<String, Long> numbers = new LinkedHashMap<>();
    if (map instanceof Map<?, ?> values) {
      values.forEach((index, count) -> numbers.put(String.valueOf(index), ((Number) count).longValue()));
    }
    return numbers;
  }
}
