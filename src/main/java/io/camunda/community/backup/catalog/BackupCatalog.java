package io.camunda.community.backup.catalog;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.flavour.Listings;
import io.camunda.community.backup.flavour.SetFlavours;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * The backup sets of a cluster: every backup ID any component knows (Zeebe, web apps, Optimize
 * when enabled, the Zeebe-records snapshot; with RDBMS storage Zeebe and the database dumps),
 * joined by ID and classified by {@link
 * BackupSetClassifier}. An ID present in only one component is a set too (an orphan), so
 * retention can clean it up.
 *
 * <p>A component listing that cannot be read completely (repository or directory missing, 4xx or
 * 5xx, timeout, a body that is not the documented JSON) never reads as "no backups": {@link
 * #read(String)} reports that component UNAVAILABLE with the reason and keeps what the other
 * listings show, for display. Whoever deletes or restores must check {@link CatalogRead#complete()}.
 */
@Service
public class BackupCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(BackupCatalog.class);

  private final ClusterRegistry registry;
  private final SetFlavours flavours;
  private final DatabaseDumps dumps;
  private final ManifestListing manifests;
  private final List<CatalogReadListener> listeners;
  private final SecondCopyListing secondCopies;

  @Autowired
  public BackupCatalog(ClusterRegistry registry, SetFlavours flavours, DatabaseDumps dumps, ManifestListing manifests,
      List<CatalogReadListener> listeners, SecondCopyListing secondCopies) {
    this.registry = registry;
    this.flavours = flavours;
    this.dumps = dumps;
    this.manifests = manifests;
    this.listeners = List.copyOf(listeners);
    this.secondCopies = secondCopies;
  }

  public BackupCatalog(ClusterRegistry registry, SetFlavours flavours, DatabaseDumps dumps, ManifestListing manifests,
      List<CatalogReadListener> listeners) {
    this(registry, flavours, dumps, manifests, listeners, SecondCopyListing.NONE);
  }

  public BackupCatalog(ClusterRegistry registry, TargetClients clients, DatabaseDumps dumps) {
    this(registry, new SetFlavours(registry, clients, dumps), dumps, ManifestListing.NOT_READ, List.of());
  }

  /**
   * Every backup set of the cluster, newest (highest ID) first, for display: a component whose
   * listing could not be read shows UNAVAILABLE in every set (see {@link #read(String)}).
   */
  public List<BackupSet> list(String clusterName) {
    return read(clusterName).sets();
  }

  /** Every backup set of the cluster, newest first, and which component listings could not be read. */
  public CatalogRead read(String clusterName) {
    CatalogRead components = withAdditionalDatabases(clusterName, flavours.of(clusterName).readSets(clusterName));
    CatalogRead read = new CatalogRead(clusterName, withSecondCopies(clusterName, withManifests(clusterName, components.sets())),
        components.unavailable());
    listeners.forEach(listener -> listener.catalogRead(read));
    return read;
  }

  /**
   * The sets with the dumps of the cluster's additional databases ({@code additional-databases}),
   * one listing per database; an ID only such a dump has (what a failed void left) is a set of its
   * own, so retention can delete it. A listing that cannot be read is unavailable, as any other.
   */
  private CatalogRead withAdditionalDatabases(String clusterName, CatalogRead read) {
    ClusterProperties cluster = registry.get(clusterName);
    if (cluster.additionalDatabases().isEmpty()) {
      return read;
    }
    Map<String, String> unavailable = new LinkedHashMap<>(read.unavailable());
    Map<String, Map<Long, StoredDump>> byPart = new LinkedHashMap<>();
    Map<String, String> unreadable = new LinkedHashMap<>();
    for (String part : cluster.additionalDatabaseParts()) {
      String component = BackupSet.additionalDatabase(part);
      List<StoredDump> listed = Listings.read(clusterName, component, unavailable, () -> {
        try {
          return dumps.listExisting(clusterName, part);
        } catch (DatabaseDumps.DirectoryMissingException e) {
          return List.of(); // created by its first dump; a dump that is not there adds nothing to a set
        }
      });
      if (unavailable.containsKey(component)) {
        unreadable.put(part, unavailable.get(component));
      }
      byPart.put(part, Listings.byId(listed, StoredDump::backupId));
    }
    Map<Long, BackupSet> sets = new java.util.TreeMap<>(Comparator.reverseOrder());
    read.sets().forEach(set -> sets.put(set.backupId(), set));
    byPart.values().forEach(listed -> listed.keySet().forEach(id -> sets.computeIfAbsent(id,
        orphan -> BackupSetClassifier.withUnavailable(flavours.of(clusterName).emptySet(clusterName, orphan), read.unavailable()))));
    List<BackupSet> joined = sets.values().stream().map(set -> {
      Map<String, StoredDump> own = new LinkedHashMap<>();
      byPart.forEach((part, listed) -> Optional.ofNullable(listed.get(set.backupId())).ifPresent(dump -> own.put(part, dump)));
      return BackupSetClassifier.withAdditionalDumps(set, own, unreadable);
    }).toList();
    return new CatalogRead(clusterName, joined, unavailable);
  }

  /** The set with this ID, asked of each component directly; empty when no component has it. */
  public Optional<BackupSet> find(String clusterName, long backupId) {
    return findParts(clusterName, backupId)
        .map(parts -> withSecondCopies(clusterName, List.of(withManifest(clusterName, parts))).getFirst());
  }

  /**
   * The set as its parts tell, without reading its manifest or its second copy (neither changes
   * what the set is worth): what writing the manifest needs, right after every backup.
   */
  public Optional<BackupSet> findParts(String clusterName, long backupId) {
    ClusterProperties cluster = registry.get(clusterName);
    Map<String, StoredDump> additional = new LinkedHashMap<>();
    for (String part : cluster.additionalDatabaseParts()) {
      dumps.find(clusterName, part, backupId).ifPresent(dump -> additional.put(part, dump));
    }
    Optional<BackupSet> set = flavours.of(clusterName).findSet(clusterName, backupId);
    if (set.isEmpty() && additional.isEmpty()) {
      return Optional.empty();
    }
    BackupSet base = set.orElseGet(() -> flavours.of(clusterName).emptySet(clusterName, backupId));
    return Optional.of(BackupSetClassifier.withAdditionalDumps(base, additional, Map.of()));
  }

  /**
   * Each complete set with whether its second copy is whole ({@code second-location}). Shown, never
   * used to decide what a set is worth: a restore point is the primary set.
   */
  private List<BackupSet> withSecondCopies(String clusterName, List<BackupSet> sets) {
    if (sets.isEmpty() || !registry.get(clusterName).hasSecondLocation()) {
      return sets;
    }
    Map<Long, SecondCopyStatus> statuses = secondCopies.statuses(clusterName, sets);
    return sets.stream().map(set -> statuses.containsKey(set.backupId()) ? set.withSecondCopy(statuses.get(set.backupId())) : set)
        .toList();
  }

  /**
   * Each set with whether its manifest is stored beside it. Manifests that cannot be listed leave
   * every set's manifest UNAVAILABLE, not MISSING, and do not touch what the set is worth: the
   * parts themselves decide whether it can be restored.
   */
  private List<BackupSet> withManifests(String clusterName, List<BackupSet> sets) {
    if (sets.isEmpty() || !flavours.of(clusterName).writesManifests()) {
      return sets;
    }
    Map<Long, String> listed;
    try {
      listed = manifests.list(clusterName);
    } catch (RuntimeException e) {
      LOG.warn("Backup catalog of cluster '{}': the manifests could not be listed: {}", clusterName, e.getMessage());
      return sets.stream().map(set -> set.withManifest(BackupSet.MANIFEST_UNAVAILABLE, BackupSet.TRIGGER_UNKNOWN)).toList();
    }
    if (listed == null) {
      return sets;
    }
    return sets.stream()
        .map(set -> listed.containsKey(set.backupId())
            ? set.withManifest(BackupSet.MANIFEST_PRESENT, listed.get(set.backupId()))
            : set.withManifest(BackupSet.MANIFEST_MISSING, BackupSet.TRIGGER_UNKNOWN))
        .toList();
  }

  private BackupSet withManifest(String clusterName, BackupSet set) {
    return withManifests(clusterName, List.of(set)).getFirst();
  }
}
