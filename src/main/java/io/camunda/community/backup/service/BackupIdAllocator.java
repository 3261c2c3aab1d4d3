package io.camunda.community.backup.service;

import io.camunda.community.backup.client.ComponentBackupInfo;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Chooses the shared backup ID. Zeebe refuses an ID that is not greater than every earlier one, but
 * only after the web apps and Optimize have already taken their snapshots (pitfall 9), so the ID is
 * checked against every component's listing up front.
 */
@Service
public class BackupIdAllocator {

  public static final String RECORDS_SNAPSHOT_PREFIX = "camunda_zeebe_records_backup_";

  private final ClusterRegistry registry;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final Clock clock;

  public BackupIdAllocator(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps, Clock clock) {
    this.registry = registry;
    this.clients = clients;
    this.dumps = dumps;
    this.clock = clock;
  }

  /**
   * @param requested an explicit ID from the start form, or null for "now in Unix seconds"
   * @return an ID strictly greater than every ID present in any component
   */
  public long allocate(String clusterName, Long requested) {
    if (requested != null && requested <= 0) {
      throw new BackupStepFailedException("INVALID_BACKUP_ID",
          "Backup ID " + requested + " is not valid: backupId must be a positive number (or left empty to use the current Unix time)");
    }
    Map<String, Long> newest = newestIdPerComponent(clusterName);
    Optional<Map.Entry<String, Long>> highest = newest.entrySet().stream().max(Map.Entry.comparingByValue());
    long floor = highest.map(Map.Entry::getValue).orElse(0L);
    if (requested != null) {
      if (requested <= floor) {
        throw new BackupStepFailedException("BACKUP_ID_NOT_GREATER",
            "Backup ID %d is not greater than the newest existing backup ID %d (found in %s). Choose an ID greater than %d, or leave it empty to use the current Unix time."
                .formatted(requested, floor, highest.get().getKey(), floor));
      }
      return requested;
    }
    return Math.max(clock.instant().getEpochSecond(), floor + 1);
  }

  /** The newest backup ID each component knows, by component name. */
  public Map<String, Long> newestIdPerComponent(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    Map<String, Long> newest = new LinkedHashMap<>();
    clients.zeebe(clusterName).listBackups().stream().map(ZeebeBackupInfo::backupId).max(Comparator.naturalOrder())
        .ifPresent(id -> newest.put("zeebe", id));
    if (cluster.secondaryStorage().isRdbms()) {
      // dumps are listed newest first
      dumps.list(clusterName).stream().findFirst().ifPresent(dump -> newest.put("database dumps", dump.backupId()));
      return newest;
    }
    clients.webapps(clusterName).listBackups().stream().map(ComponentBackupInfo::backupId).max(Comparator.naturalOrder())
        .ifPresent(id -> newest.put("web apps", id));
    if (cluster.optimizeEnabled()) {
      clients.optimize(clusterName).listBackups().stream().map(ComponentBackupInfo::backupId).max(Comparator.naturalOrder())
          .ifPresent(id -> newest.put("optimize", id));
    }
    clients.snapshots(clusterName).listSnapshots(RECORDS_SNAPSHOT_PREFIX + "*").stream()
        .map(s -> parseId(s.name().substring(RECORDS_SNAPSHOT_PREFIX.length())))
        .flatMap(Optional::stream)
        .max(Comparator.naturalOrder())
        .ifPresent(id -> newest.put("zeebe records snapshots", id));
    return newest;
  }

  private static Optional<Long> parseId(String text) {
    try {
      return Optional.of(Long.parseLong(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static String recordsSnapshotName(long backupId) {
    return RECORDS_SNAPSHOT_PREFIX + backupId;
  }
}
