package io.camunda.community.backup.client;

import io.camunda.community.backup.client.ZeebeManagementClient.PartitionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The exporting state of every partition, read from every broker's {@code GET
 * /actuator/partitions} (contract 1.6, 1.7). A broker reports only the partitions it hosts, and
 * only a partition's leader reports its exporter phase (followers report null), so a partition's
 * state is known only from a leader's answer. Fail closed: a broker that does not answer, or a
 * partition no leader reported, makes the state UNKNOWN, never "exporting".
 */
public final class ExportingStateReader {

  private ExportingStateReader() {}

  /**
   * @param phases partition id → exporter phase of its leader, or {@code UNKNOWN}
   * @param paused some partition's leader reports SOFT_PAUSED or PAUSED
   * @param unknown some partition's state could not be read; {@code problems} says why
   */
  public record Report(Map<String, String> phases, boolean paused, boolean unknown, List<String> problems) {}

  /**
   * @param brokers one client per broker (or the management URL alone)
   * @param partitionCount partitions the cluster has, when configured; else those reported
   */
  public static Report read(List<ZeebeManagementClient> brokers, Integer partitionCount) {
    Map<String, String> leaderPhases = new TreeMap<>(ExportingStateReader::byNumber);
    Map<String, String> seen = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    for (ZeebeManagementClient broker : brokers) {
      Map<String, PartitionStatus> partitions;
      try {
        partitions = broker.partitions();
      } catch (RuntimeException e) {
        problems.add("broker " + broker.baseUrl() + " did not answer: " + e.getMessage());
        continue;
      }
      partitions.forEach((id, status) -> {
        seen.putIfAbsent(id, "UNKNOWN");
        if ("LEADER".equals(status.role()) && status.exporterPhase() != null && !"UNKNOWN".equals(status.exporterPhase())) {
          String earlier = leaderPhases.get(id);
          // Two leaders during a leader change: a pause seen on either counts.
          if (earlier == null || isPaused(status.exporterPhase())) {
            leaderPhases.put(id, status.exporterPhase());
          }
        }
      });
    }
    Map<String, String> phases = new TreeMap<>(ExportingStateReader::byNumber);
    seen.keySet().forEach(id -> phases.put(id, "UNKNOWN"));
    if (partitionCount != null) {
      for (int id = 1; id <= partitionCount; id++) {
        phases.put(String.valueOf(id), "UNKNOWN");
      }
    }
    phases.putAll(leaderPhases);
    List<String> unread = phases.entrySet().stream().filter(e -> e.getValue().equals("UNKNOWN")).map(Map.Entry::getKey).toList();
    if (!unread.isEmpty()) {
      problems.add("no broker that answered reported the leader of partition(s) " + String.join(", ", unread));
    }
    if (phases.isEmpty()) {
      problems.add("no broker reported any partition");
    }
    boolean paused = phases.values().stream().anyMatch(ExportingStateReader::isPaused);
    return new Report(phases, paused, !problems.isEmpty(), List.copyOf(problems));
  }

  private static boolean isPaused(String phase) {
    return phase.equals("SOFT_PAUSED") || phase.equals("PAUSED");
  }

  private static int byNumber(String a, String b) {
    try {
      return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
    } catch (NumberFormatException e) {
      return a.compareTo(b);
    }
  }
}
