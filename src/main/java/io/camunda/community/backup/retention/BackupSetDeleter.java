package io.camunda.community.backup.retention;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.SecondLocationProperties;
import io.camunda.community.backup.manifest.ManifestStores;
import io.camunda.community.backup.flavour.SetFlavours;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import io.camunda.community.backup.replication.SecondCopyDeleter;
import io.camunda.community.backup.replication.SetFileLister;
import org.springframework.stereotype.Service;

/**
 * Deletes one backup set in every component (contract section 6: "a full cleanup of id X").
 *
 * <p>Zeebe goes first: without its part the set can never be restored, so a set left half-deleted
 * by a fault is unmistakably no restore point (the catalog shows it FAILED or PARTIAL, never
 * COMPLETE). Then the web apps, Optimize (when enabled) and the records snapshot; with RDBMS
 * storage the database dump (file, then its checksum record). The set's manifest goes last: a
 * manifest left behind describes nothing restorable, while a set that lost its manifest first
 * would look intact but undocumented.
 *
 * <p>Idempotent: a part that is already gone (404) counts as deleted, so after a fault a retry
 * simply completes the rest. Faults propagate as {@code TargetUnavailableException} for the job
 * worker to retry. Deleted IDs stay used: Zeebe never accepts them again.
 */
@Service
public class BackupSetDeleter {

  private static final Logger LOG = LoggerFactory.getLogger(BackupSetDeleter.class);

  private final ClusterRegistry registry;
  private final DatabaseDumps dumps;
  private final SetFlavours flavours;
  private final ManifestStores manifests;
  private final SecondCopyDeleter secondCopies;

  @Autowired
  public BackupSetDeleter(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps, SetFlavours flavours,
      ManifestStores manifests, SecondCopyDeleter secondCopies) {
    this.registry = registry;
    this.dumps = dumps;
    this.flavours = flavours;
    this.manifests = manifests;
    this.secondCopies = secondCopies;
  }

  public BackupSetDeleter(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps) {
    this(registry, clients, dumps, new SetFlavours(registry, clients, dumps),
        new ManifestStores(registry, clients, dumps, new ObjectMapper()),
        secondCopyDeleter(registry, dumps, new io.camunda.community.backup.replication.SecondPlaces(
            org.springframework.web.reactive.function.client.WebClient.builder())));
  }

  private static SecondCopyDeleter secondCopyDeleter(ClusterRegistry registry, DatabaseDumps dumps,
      io.camunda.community.backup.replication.SecondPlaces places) {
    return new SecondCopyDeleter(registry, new SetFileLister(registry, dumps, places), places, dumps);
  }

  /**
   * @throws IllegalStateException for a drill target, before anything is deleted: the sets it
   *     sees are its source's (read through its read-only repository, the shared Zeebe store, the
   *     source's dumps); deleting them there would delete the source's restore points
   */
  public void delete(String clusterName, long backupId) {
    flavours.of(clusterName).deletionByIdRefused(clusterName).ifPresent(refusal -> {
      throw new IllegalStateException("refused to delete backup " + backupId + ": " + refusal);
    });
    delete(clusterName, backupId, true);
  }

  /**
   * Retention's deletion: the set's second copy goes with it unless the second location keeps its
   * own number of sets ({@code second-location.keep-complete}), whose retention then decides.
   */
  public void deleteForRetention(String clusterName, long backupId) {
    SecondLocationProperties second = registry.get(clusterName).secondLocation();
    delete(clusterName, backupId, second == null || !second.keepsOnItsOwn());
  }

  private void delete(String clusterName, long backupId, boolean withSecondCopy) {
    ClusterProperties cluster = registry.get(clusterName);
    if (cluster.drillTarget()) {
      throw new IllegalStateException("refused to delete backup " + backupId + " through drill target '" + clusterName
          + "': the sets it sees are those of '" + cluster.drill().sourceCluster() + "'; retention runs on the source only");
    }
    if (withSecondCopy) {
      secondCopies.requireReachable(clusterName); // before anything goes: never the original without its copy
    }
    String zeebe = flavours.of(clusterName).deleteZeebePart(clusterName, backupId);
    // then its second copy (second-location, copy mode): while the original exists, a failure here is retried with it
    if (withSecondCopy) {
      secondCopies.delete(clusterName, backupId);
    }
    // without its Zeebe backup the set is no restore point: its additional databases' dumps go next
    cluster.additionalDatabaseParts().forEach(part -> dumps.delete(clusterName, part, backupId));
    String parts = flavours.of(clusterName).deleteParts(clusterName, backupId);
    manifests.of(clusterName).delete(backupId);
    LOG.info("Deleted backup set {} of cluster '{}': {}{}", backupId, clusterName, zeebe == null ? parts : zeebe + ", " + parts,
        cluster.additionalDatabases().isEmpty() ? "" : ", additional databases' dumps");
  }
}
