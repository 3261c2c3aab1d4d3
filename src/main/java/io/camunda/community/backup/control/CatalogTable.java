package io.camunda.community.backup.control;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.ComponentStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The catalog as a table for people (the {@code catalog} command's default, like {@code velero
 * backup get}): one line per set, newest first as listed, with its ID, time, state, Camunda
 * version and partitions, each component's state, whether its manifest is stored beside it, and
 * why a set is not COMPLETE.
 */
final class CatalogTable {

  private static final List<String> HEADERS = List.of("BACKUP ID", "TIME (UTC)", "STATE", "VERSION", "PARTITIONS", "COMPONENTS", "MANIFEST", "REASON");

  private CatalogTable() {}

  static String render(List<BackupSet> sets) {
    if (sets.isEmpty()) {
      return "No backup sets.";
    }
    // a cluster with a second location: whether each complete set's second copy is whole
    boolean secondCopies = sets.stream().anyMatch(set -> set.secondCopy() != null);
    List<String> headers = new ArrayList<>(HEADERS);
    if (secondCopies) {
      headers.add(HEADERS.size() - 1, "SECOND COPY");
    }
    List<List<String>> rows = new ArrayList<>();
    rows.add(headers);
    for (BackupSet set : sets) {
      List<String> row = new ArrayList<>(List.of(Long.toString(set.backupId()), time(set.time()), String.valueOf(set.state()),
          text(set.camundaVersion()), set.partitionCount() == null ? "-" : set.partitionCount().toString(), components(set.components()),
          text(set.manifest()), reasons(set.reasons())));
      if (secondCopies) {
        row.add(row.size() - 1, set.secondCopy() == null ? "-" : set.secondCopy().state());
      }
      rows.add(row);
    }
    int[] widths = new int[headers.size()];
    rows.forEach(row -> {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    });
    return rows.stream().map(row -> {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.size(); i++) {
        line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + (widths[i] + 3) + "s", row.get(i)));
      }
      return line.toString().stripTrailing();
    }).collect(Collectors.joining("\n"));
  }

  private static String components(Map<String, ComponentStatus> components) {
    if (components == null || components.isEmpty()) {
      return "-";
    }
    return components.entrySet().stream().map(c -> c.getKey() + ":" + c.getValue().state()).collect(Collectors.joining(" "));
  }

  private static String reasons(Map<String, String> reasons) {
    if (reasons == null || reasons.isEmpty()) {
      return "";
    }
    return reasons.entrySet().stream().map(r -> r.getKey() + ": " + r.getValue()).collect(Collectors.joining("; "));
  }

  private static String time(Instant time) {
    return time == null ? "-" : time.toString();
  }

  private static String text(String value) {
    return value == null || value.isBlank() ? "-" : value;
  }
}
