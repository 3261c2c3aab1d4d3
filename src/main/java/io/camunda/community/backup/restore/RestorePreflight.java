package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.ZeebeManagementClient;
import io.camunda.community.backup.catalog.BackupCatalog;
import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.catalog.CatalogRead;
import io.camunda.community.backup.catalog.SetState;
import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.client.database.DumpVerificationException;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.RestoreProperties;
import io.camunda.community.backup.manifest.BackupManifest;
import io.camunda.community.backup.manifest.ManifestStore;
import io.camunda.community.backup.manifest.ManifestStores;
import io.camunda.community.backup.worker.BackupStepFailedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Everything checked before anything is touched (contract 4.1): the set is complete in every
 * component, was taken with the Camunda version and partition count the target runs, and the
 * snapshot repository is registered; with RDBMS storage (contract 3.2), the database dump is read
 * in full and must match its recorded SHA-256; what the set holds must still be what its manifest
 * lists. A refusal names the reason and changes nothing.
 */
@Service
public class RestorePreflight {

  public static final String LATEST = "latest";


  private final BackupCatalog catalog;
  private final ClusterRegistry registry;
  private final TargetClients clients;
  private final DatabaseDumps dumps;
  private final ManifestStores manifests;
  private final StorageRestores storages;
  private final RestoreSets sets;

  @org.springframework.beans.factory.annotation.Autowired
  RestorePreflight(BackupCatalog catalog, ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps,
      ManifestStores manifests, StorageRestores storages, RestoreSets sets) {
    this.catalog = catalog;
    this.registry = registry;
    this.clients = clients;
    this.dumps = dumps;
    this.manifests = manifests;
    this.storages = storages;
    this.sets = sets;
  }

  public RestorePreflight(BackupCatalog catalog, ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps,
      ManifestStores manifests) {
    this(catalog, registry, clients, dumps, manifests, storages(registry, clients, dumps));
  }

  private RestorePreflight(BackupCatalog catalog, ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps,
      ManifestStores manifests, StorageRestores storages) {
    this(catalog, registry, clients, dumps, manifests, storages, new RestoreSets(catalog,
        new io.camunda.community.backup.replication.SecondLocationSets(clients, new com.fasterxml.jackson.databind.ObjectMapper()),
        storages));
  }

  private static StorageRestores storages(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps) {
    return new StorageRestores(new io.camunda.community.backup.flavour.SetFlavours(registry, clients, dumps), clients, dumps);
  }

  /**
   * @param requested an ID from the start form or command, or null
   * @param chosen what the operator picked in Tasklist: an ID or {@value #LATEST}, or null
   */
  /**
   * A set that may be restored.
   *
   * @param manifestIndexBytes every index its snapshots hold, with the bytes its manifest recorded
   *     (what the index must hold right after its restore); empty without a manifest, or for RDBMS
   * @param manifestTableRows every table its dump holds, with the rows its manifest recorded (what
   *     the table must hold right after the restore); empty without a manifest or row counts, or
   *     for Elasticsearch/OpenSearch
   * @param additionalDatabases the additional databases the restore restores: those the set holds
   *     a dump of (none for a drill, which restores Camunda's state only)
   */
  public record Checked(BackupSet set, Map<String, Long> manifestIndexBytes, Map<String, Long> manifestTableRows,
      List<String> additionalDatabases) {}

  public Checked check(String clusterName, Long requested, String chosen) {
    return check(clusterName, requested, chosen, RestoreSource.PRIMARY);
  }

  /**
   * @param source where the set is taken from: from the second location, its Zeebe part and dumps
   *     were copied back by the step before, and its snapshots are read from the repository over
   *     the second copy
   */
  public Checked check(String clusterName, Long requested, String chosen, RestoreSource source) {
    ClusterProperties cluster = registry.get(clusterName);
    RestoreProperties restore = cluster.restore();
    StorageRestore storage = storages.of(clusterName, source);
    if (source == RestoreSource.SECOND_LOCATION && !cluster.hasSecondLocation()) {
      throw new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED", "Restore of cluster '" + clusterName + "' from the second"
          + " location refused, nothing was changed: the cluster has no second-location configured");
    }
    BackupSet set = source == RestoreSource.SECOND_LOCATION ? find(clusterName, required(clusterName, requested), source)
        : choose(clusterName, requested, chosen);
    List<String> problems = new ArrayList<>();
    if (set.state() != SetState.COMPLETE) {
      problems.add("backup %d is %s, not COMPLETE (%s)".formatted(set.backupId(), set.state(), set.reasons()));
    }
    if (restore.camundaVersion() == null) {
      problems.add("the target's Camunda version is not configured: set backup-orchestrator.clusters[" + clusterName
          + "].restore.camunda-version (a backup restores only into the exact version it was taken with)");
    } else if (set.camundaVersion() != null) {
      java.util.Optional.ofNullable(storage.versionProblem(set.backupId(), set.camundaVersion(), restore.camundaVersion()))
          .ifPresent(problems::add);
    }
    problems.addAll(partitionProblems(clusterName, restore, set));
    ManifestCheck manifestCheck = manifestCheck(clusterName, set, source);
    problems.addAll(manifestCheck.problems());
    problems.addAll(storage.storageProblems(clusterName, cluster, set));
    if (!cluster.drillTarget()) {
      for (String part : set.additionalDatabaseParts()) {
        try {
          dumps.verify(clusterName, part, set.backupId());
        } catch (DumpVerificationException e) {
          problems.add("the dump of additional database '" + part + "' cannot be used: " + e.getMessage());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED",
          "Restore of cluster '%s' refused, nothing was changed: %s.".formatted(clusterName, String.join("; ", problems)));
    }
    return new Checked(set, manifestCheck.indexBytes(), manifestCheck.tableRows(),
        cluster.drillTarget() ? List.of() : set.additionalDatabaseParts());
  }

  private record ManifestCheck(List<String> problems, Map<String, Long> indexBytes, Map<String, Long> tableRows) {
    ManifestCheck(List<String> problems) {
      this(problems, Map.of(), Map.of());
    }
  }

  /**
   * The backup's partition count against the target's. Read live from every broker's {@code GET
   * /actuator/partitions} (the union of the partitions they host) when one client per broker
   * answered: then the configured {@code restore.partition-count} must agree with it too. When not
   * every broker can be read (it may be down: that is when restores happen), a live count larger
   * than the backup's still refuses, and the configured count decides.
   */
  private List<String> partitionProblems(String clusterName, RestoreProperties restore, BackupSet set) {
    List<String> problems = new ArrayList<>();
    Integer backup = set.partitionCount();
    LivePartitions live = livePartitions(clusterName, restore.brokerCount());
    if (live.complete()) {
      if (backup != null && backup != live.count()) {
        problems.add("backup %d has %d partitions but the target reports %d (GET /actuator/partitions of its %d broker(s)): the partition count must be the same"
            .formatted(set.backupId(), backup, live.count(), restore.brokerCount()));
      }
      if (restore.partitionCount() != null && restore.partitionCount() != live.count()) {
        problems.add("backup-orchestrator.clusters[%s].restore.partition-count is %d but the target reports %d partitions: correct the configuration"
            .formatted(clusterName, restore.partitionCount(), live.count()));
      }
      return problems;
    }
    if (backup != null && live.count() > backup) {
      problems.add("backup %d has %d partitions but the target's brokers that answered already host %d: the partition count must be the same"
          .formatted(set.backupId(), backup, live.count()));
    }
    if (restore.partitionCount() == null) {
      problems.add("the target's partition count is not configured and cannot be read from every broker (" + live.why()
          + "): set backup-orchestrator.clusters[" + clusterName + "].restore.partition-count, or broker-management-urls for every broker");
    } else if (backup != null && !backup.equals(restore.partitionCount())) {
      problems.add("backup %d has %d partitions but the target has %d: the partition count must be the same"
          .formatted(set.backupId(), backup, restore.partitionCount()));
    }
    return problems;
  }

  /**
   * What the set holds now against its manifest, written when the backup completed: the same
   * partitions, the same snapshots each holding exactly the indices it held then, or the same dump
   * (file and SHA-256; the dump itself is read against its record above). A set without a manifest
   * (taken before manifests existed) is restored without this check; a manifest that cannot be
   * read refuses the restore: nobody can tell whether the set is still what was backed up.
   */
  private ManifestCheck manifestCheck(String clusterName, BackupSet set, RestoreSource source) {
    List<String> problems = new ArrayList<>();
    ManifestStore store = source == RestoreSource.SECOND_LOCATION && storages.searchEngine(clusterName)
        ? manifests.inSecondRepository(clusterName) : manifests.of(clusterName);
    Optional<BackupManifest> read;
    try {
      read = store.read(set.backupId());
    } catch (RuntimeException e) {
      problems.add("the manifest of backup %d (%s) cannot be read: %s".formatted(set.backupId(), store.location(set.backupId()), e.getMessage()));
      return new ManifestCheck(problems);
    }
    if (read.isEmpty()) {
      return new ManifestCheck(problems);
    }
    BackupManifest manifest = read.get();
    String written = "the manifest written when backup %d completed (%s)".formatted(set.backupId(), store.location(set.backupId()));
    if (set.partitionCount() != null && manifest.partitionCount() != set.partitionCount()) {
      problems.add("Zeebe's backup %d has %d partitions but %s lists %d".formatted(set.backupId(), set.partitionCount(), written,
          manifest.partitionCount()));
    }
    checkAdditionalDumps(clusterName, set.backupId(), manifest, written, problems);
    StorageRestore.ManifestFigures figures = storages.of(clusterName, source).checkAgainstManifest(clusterName, set, manifest, written,
        problems);
    return new ManifestCheck(problems, figures.indexBytes(), figures.tableRows());
  }

  /**
   * Every additional database's dump the manifest lists must still be there, with the SHA-256 the
   * manifest records; a configured database the manifest does not list was added after the
   * backup (the plan says it is not restored).
   */
  private void checkAdditionalDumps(String clusterName, long backupId, BackupManifest manifest, String source, List<String> problems) {
    ClusterProperties cluster = registry.get(clusterName);
    if (cluster.drillTarget()) {
      return; // drills restore Camunda's state only
    }
    manifest.additionalDumps().forEach((part, listed) -> {
      if (cluster.additionalDatabase(part).isEmpty()) {
        problems.add(("%s lists a dump of additional database '%s' (%s), which cluster '%s' no longer configures: configure it"
            + " under additional-databases again to restore it").formatted(source, part, listed.file(), clusterName));
        return;
      }
      DumpRecord dump = dumps.find(clusterName, part, backupId).map(d -> d.record()).orElse(null);
      if (dump == null) {
        problems.add("%s lists the dump %s of additional database '%s', but it (or its record) is gone from %s".formatted(
            source, listed.file(), part, dumps.directory(clusterName, part)));
      } else if (!dump.sha256().equals(listed.sha256()) || !dump.file().equals(listed.file())) {
        problems.add("the dump %s of additional database '%s' has SHA-256 %s but %s lists %s %s".formatted(
            dump.file(), part, dump.sha256(), source, listed.file(), listed.sha256()));
      }
    });
  }

  /** Partitions hosted by the brokers that answered; {@code complete} when one client per broker answered. */
  private record LivePartitions(int count, boolean complete, String why) {}

  private LivePartitions livePartitions(String clusterName, int brokerCount) {
    List<ZeebeManagementClient> brokers = clients.zeebeBrokers(clusterName);
    java.util.Set<String> partitions = new java.util.HashSet<>();
    List<String> unread = new ArrayList<>();
    for (ZeebeManagementClient broker : brokers) {
      try {
        partitions.addAll(broker.partitions().keySet());
      } catch (RuntimeException e) {
        unread.add(broker.baseUrl() + ": " + e.getMessage());
      }
    }
    if (!unread.isEmpty()) {
      return new LivePartitions(partitions.size(), false, "no answer from " + String.join("; ", unread));
    }
    if (brokers.size() != brokerCount) {
      return new LivePartitions(partitions.size(), false,
          brokers.size() + " management URL(s) for " + brokerCount + " brokers: a broker reports only the partitions it hosts");
    }
    return new LivePartitions(partitions.size(), true, null);
  }

  private BackupSet choose(String clusterName, Long requested, String chosen) {
    if (requested != null) {
      return find(clusterName, requested);
    }
    if (chosen == null || chosen.isBlank() || LATEST.equals(chosen)) {
      CatalogRead read = catalog.read(clusterName);
      if (!read.complete()) {
        // the newest complete set may be one the unreadable listing hides: "latest" is unknown
        throw new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED", "Restore of cluster '" + clusterName
            + "' refused, nothing was changed: the latest complete backup cannot be determined. " + read.problem());
      }
      return read.sets().stream().filter(s -> s.state() == SetState.COMPLETE).findFirst()
          .orElseThrow(() -> new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED",
              "Restore of cluster '" + clusterName + "' refused, nothing was changed: the cluster has no complete backup."));
    }
    try {
      return find(clusterName, Long.parseLong(chosen.trim()));
    } catch (NumberFormatException e) {
      throw new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED", "'" + chosen + "' is not a backup ID; choose a backup from the list.");
    }
  }

  /** The ID the step that copied the set back from the second location resolved. */
  private static long required(String clusterName, Long requested) {
    if (requested == null) {
      throw new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED", "Restore of cluster '" + clusterName + "' from the second"
          + " location refused, nothing was changed: no backup ID was resolved");
    }
    return requested;
  }

  private BackupSet find(String clusterName, long backupId, RestoreSource source) {
    return sets.find(clusterName, backupId, source).orElseThrow(() -> new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED",
        ("Restore of cluster '%s' refused, nothing was changed: the second location holds no backup with ID %d (a set is read there"
            + " from its manifest, and a set without one cannot be restored from there).").formatted(clusterName, backupId)));
  }

  private BackupSet find(String clusterName, long backupId) {
    Optional<BackupSet> set = catalog.find(clusterName, backupId);
    return set.orElseThrow(() -> new BackupStepFailedException("RESTORE_PREFLIGHT_FAILED",
        "Restore of cluster '%s' refused, nothing was changed: no component holds a backup with ID %d.".formatted(clusterName, backupId)));
  }
}
