package io.camunda.community.backup.worker.backup;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.BackupManifests;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * After a backup completed and exporting was resumed: writes the set's manifest beside the set
 * (its snapshot repository, or its dump directory), so what the set holds is known without the
 * control cluster. Outside the pause, beside releasing the lock. Repeating it replaces the
 * manifest; a fault retries and ends in an incident that names the manifest's place.
 */
@Component
public class WriteManifestWorker {

  private static final Logger LOG = LoggerFactory.getLogger(WriteManifestWorker.class);

  private final BackupManifests manifests;

  public WriteManifestWorker(BackupManifests manifests) {
    this.manifests = manifests;
  }

  @JobWorker(type = "c8backup-write-manifest")
  public Map<String, Object> write(@Variable String clusterName, @Variable long backupId, @Variable(optional = true) String trigger) {
    String location = manifests.store(clusterName).location(backupId);
    BackupManifest manifest;
    try {
      manifest = manifests.write(clusterName, backupId, trigger);
    } catch (RuntimeException e) {
      throw new IllegalStateException("The manifest of backup " + backupId + " of cluster '" + clusterName
          + "' could not be written to " + location + ": " + e.getMessage() + ". The set itself is complete; retry once the"
          + " storage answers (until then the catalog flags the set as having no manifest)", e);
    }
    LOG.info("Wrote the manifest of backup {} of cluster '{}' to {}: {} partitions, {} snapshots, {} dumps", backupId, clusterName,
        location, manifest.partitionCount(), manifest.snapshots().size(), manifest.dumps().size());
    return Map.of("manifestLocation", location);
  }
}
