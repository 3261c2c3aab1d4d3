package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.ZeebeBackupInfo;
import io.camunda.community.backup.client.ZeebeManagementClient.PartitionStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;

/**
 * Compares what the restarted cluster holds with what was restored: every restored index still
 * has at least the documents it had right after its snapshot was restored, and every Zeebe
 * partition has processed at least up to the backup's checkpoint.
 *
 * <p>At least, not exactly: a soft pause keeps exporting while the snapshots are taken and only
 * stops the exporter position from advancing, so after the restore the exporters resume from the
 * last acknowledged position and re-export the gap up to the checkpoint (contract 2.1). Documents
 * that arrive that way are the backup's own data, not a difference.
 */
@Service
public class RestoreVerifier {

  private final TargetClients clients;

  public RestoreVerifier(TargetClients clients) {
    this.clients = clients;
  }

  /**
   * @param restoredDocuments index → documents right after its snapshot was restored
   */
  public Map<String, Object> verify(String clusterName, long backupId, Map<String, Long> restoredDocuments) {
    List<String> problems = new ArrayList<>();
    Map<String, Object> indices = new LinkedHashMap<>();
    // with RDBMS storage nothing was restored from snapshots: only the partitions are compared
    Map<String, Long> now = restoredDocuments.isEmpty()
        ? Map.of()
        : clients.snapshots(clusterName).documentCounts(List.copyOf(restoredDocuments.keySet()));
    restoredDocuments.forEach((index, restored) -> {
      Long current = now.get(index);
      String status = current == null ? "MISSING" : current < restored ? "FEWER DOCUMENTS" : "OK";
      if (!status.equals("OK")) {
        problems.add(index + ": " + status + " (restored " + restored + ", now " + current + ")");
      }
      indices.put(index, Map.of("restored", restored, "now", current == null ? -1 : current, "status", status));
    });

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
    verification.put("partitions", partitions);
    return verification;
  }
}
