package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.ZeebeManagementClient.PartitionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Compares what the restarted cluster holds with what was restored: every restored index held,
 * right after its snapshot was restored, exactly the bytes the set's manifest recorded for it (the
 * snapshot's files, byte for byte: a set changed after the backup differs here even when it holds
 * the same indices), still has at least the documents it had then, and every Zeebe partition has
 * processed at least up to the backup's checkpoint. With RDBMS storage: every table held exactly
 * the rows the manifest recorded right after the database restore, and still has at least those.
 *
 * <p>At least, not exactly: a soft pause keeps exporting while the snapshots are taken and only
 * stops the exporter position from advancing, so after the restore the exporters resume from the
 * last acknowledged position and re-export the gap up to the checkpoint (contract 2.1). Documents
 * that arrive that way are the backup's own data, not a difference.
 */
@Service
public class RestoreVerifier {

  private final TargetClients clients;
  private final DatabaseDumps dumps;

  public RestoreVerifier(TargetClients clients, DatabaseDumps dumps) {
    this.clients = clients;
    this.dumps = dumps;
  }

  /**
   * What the restore saw of each index right after its snapshot was restored, and what the set's
   * manifest says it held.
   *
   * @param documents index → documents right after its restore
   * @param bytes index → bytes of its primaries right after its restore
   * @param manifestBytes index → bytes the manifest recorded; empty for a set without a manifest
   */
  public record Restored(Map<String, Long> documents, Map<String, Long> bytes, Map<String, Long> manifestBytes,
      Map<String, Long> rows, Map<String, Long> manifestRows, List<RestoredAdditionalDatabase> additionalDatabases) {

    public Restored {
      additionalDatabases = additionalDatabases == null ? List.of() : List.copyOf(additionalDatabases);
    }

    public Restored(Map<String, Long> documents, Map<String, Long> bytes, Map<String, Long> manifestBytes,
        Map<String, Long> rows, Map<String, Long> manifestRows) {
      this(documents, bytes, manifestBytes, rows, manifestRows, List.of());
    }

    public static Restored documentsOnly(Map<String, Long> documents) {
      return new Restored(documents, Map.of(), Map.of(), Map.of(), Map.of());
    }
  }

  /**
   * Additional databases: every table held exactly the rows of its dump right after the restore.
   * Not compared later: nothing re-exports into them, and the application that owns them (Web
   * Modeler, Identity) may change them as soon as it runs again.
   */
  private static Map<String, Object> additionalDatabases(Restored restored, List<String> problems) {
    Map<String, Object> databases = new LinkedHashMap<>();
    for (RestoredAdditionalDatabase database : restored.additionalDatabases()) {
      Map<String, Object> tables = new LinkedHashMap<>();
      new java.util.TreeMap<>(database.dumpRows()).forEach((table, expected) -> {
        Long rows = database.restoredRows().get(table);
        String status = rows == null ? "NOT COUNTED AFTER RESTORE" : rows.equals(expected) ? "OK" : "ROW COUNT DIFFERS FROM DUMP";
        if (!status.equals("OK")) {
          problems.add("additional database '" + database.part() + "', table " + table + ": " + status + " (dump " + expected
              + ", restored " + rows + ")");
        }
        tables.put(table, Map.of("dump", expected, "restored", rows == null ? -1 : rows, "status", status));
      });
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("database", database.database());
      entry.put("file", database.file());
      entry.put("tables", tables);
      databases.put(database.part(), entry);
    }
    return databases;
  }

  /**
   * RDBMS: every table of the manifest held exactly the rows the manifest recorded right after the
   * database restore (counted before anything was started), and holds at least as many now (the
   * exporters re-export the gap up to the checkpoint into it).
   */
  private Map<String, Object> tables(String clusterName, Restored restored, List<String> problems) {
    Map<String, Object> tables = new LinkedHashMap<>();
    if (restored.manifestRows().isEmpty()) {
      return tables;
    }
    Map<String, Long> now = dumps.countRows(clusterName, restored.manifestRows().keySet(), () -> false);
    restored.manifestRows().forEach((table, expected) -> {
      Long rows = restored.rows().get(table);
      Long current = now.get(table);
      String status = rows == null ? "NOT COUNTED AFTER RESTORE"
          : !rows.equals(expected) ? "ROW COUNT DIFFERS FROM MANIFEST"
          : current == null || current < rows ? "FEWER ROWS" : "OK";
      switch (status) {
        case "ROW COUNT DIFFERS FROM MANIFEST" -> problems.add("table " + table + ": " + status + " (restored " + rows
            + " rows, the manifest recorded " + expected + ": the database does not hold what was backed up)");
        case "OK" -> { }
        default -> problems.add("table " + table + ": " + status + " (manifest " + expected + ", restored " + rows + ", now " + current + ")");
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("manifest", expected);
      entry.put("restored", rows == null ? -1 : rows);
      entry.put("now", current == null ? -1 : current);
      entry.put("status", status);
      tables.put(table, entry);
    });
    return tables;
  }

  public Map<String, Object> verify(String clusterName, long backupId, Restored restored) {
    Map<String, Long> restoredDocuments = restored.documents();
    List<String> problems = new ArrayList<>();
    Map<String, Object> indices = new LinkedHashMap<>();
    // with RDBMS storage nothing was restored from snapshots: only the partitions are compared
    Map<String, Long> now = restoredDocuments.isEmpty()
        ? Map.of()
        : clients.snapshots(clusterName).documentCounts(List.copyOf(restoredDocuments.keySet()));
    restoredDocuments.forEach((index, documents) -> {
      Long current = now.get(index);
      Long expectedBytes = restored.manifestBytes().get(index);
      Long restoredBytes = restored.bytes().get(index);
      String status = current == null ? "MISSING"
          : expectedBytes != null && restoredBytes != null && !expectedBytes.equals(restoredBytes) ? "SIZE DIFFERS FROM MANIFEST"
          : current < documents ? "FEWER DOCUMENTS" : "OK";
      if (status.equals("SIZE DIFFERS FROM MANIFEST")) {
        problems.add(index + ": " + status + " (restored " + restoredBytes + " bytes, the manifest recorded " + expectedBytes
            + ": the snapshot holding it was changed after the backup)");
      } else if (!status.equals("OK")) {
        problems.add(index + ": " + status + " (restored " + documents + ", now " + current + ")");
      }
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("restored", documents);
      entry.put("now", current == null ? -1 : current);
      if (expectedBytes != null) {
        entry.put("manifestBytes", expectedBytes);
        entry.put("restoredBytes", restoredBytes == null ? -1 : restoredBytes);
      }
      entry.put("status", status);
      indices.put(index, entry);
    });

    Map<String, Object> tables = tables(clusterName, restored, problems);
    Map<String, Object> additional = additionalDatabases(restored, problems);

    Map<String, Object> partitions = new LinkedHashMap<>();
    ZeebeBackupInfo backup = clients.zeebe(clusterName).getBackup(backupId).orElse(null);
    Map<String, PartitionStatus> live = clients.zeebe(clusterName).partitions();
    if (backup != null) {
      for (ZeebeBackupInfo.Partition partition : backup.details()) {
        PartitionStatus status = live.get(Integer.toString(partition.partitionId()));
        Long checkpoint = partition.checkpointPosition();
        Long processed = status == null ? null : status.processedPosition();
        String state = status == null ? "NOT REPORTED" : checkpoint == null || processed == null || processed >= checkpoint ? "OK" : "BEHIND CHECKPOINT";
        if (!state.equals("OK")) {
          problems.add("partition " + partition.partitionId() + ": " + state);
        }
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("checkpointPosition", checkpoint);
        entry.put("processedPosition", processed);
        entry.put("status", state);
        partitions.put(Integer.toString(partition.partitionId()), entry);
      }
    }
    Map<String, Object> verification = new LinkedHashMap<>();
    verification.put("ok", problems.isEmpty());
    verification.put("problems", problems);
    verification.put("indices", indices);
    if (!tables.isEmpty()) {
      verification.put("tables", tables);
    }
    if (!additional.isEmpty()) {
      verification.put("additionalDatabases", additional);
    }
    verification.put("partitions", partitions);
    return verification;
  }
}
