package io.camunda.community.backup.replication;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.DatabaseProperties;
import io.camunda.community.backup.config.SecondLocationProperties;
import io.camunda.community.backup.manifest.DumpDirectoryManifestStore;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * Which files in the primary place make up a set, part by part. Fails closed: a part the set has
 * but whose files cannot be found (a path that is not the storage, a partition missing) is an
 * error, never an empty part, so nothing is reported copied that was not.
 *
 * <ul>
 *   <li>Zeebe: {@code <store>/<partition>/<backup-id>/**} of every partition of the set.
 *   <li>Snapshot repository: every file of the repository. Elasticsearch/OpenSearch snapshots are
 *       incremental, so a set's snapshots read files that earlier snapshots wrote; only the whole
 *       repository is restorable. The generation named by {@code index.latest} when the listing
 *       starts is copied last ({@code index-<n>}, then {@code index.latest}), after every file it
 *       refers to.
 *   <li>Dumps: each dump of the set with its record, and (RDBMS) the set's manifest.
 * </ul>
 */
@Component
public class SetFileLister {

  static final String ZEEBE = BackupSet.ZEEBE;
  static final String SNAPSHOTS = "snapshots";
  static final String INDEX_LATEST = "index.latest";
  private static final Pattern GENERATION = Pattern.compile("index-(\\d+)");
  private static final Pattern PARTITION = Pattern.compile("\\d+");

  private final ClusterRegistry registry;
  private final DatabaseDumps dumps;
  private final SecondPlaces places;

  public SetFileLister(ClusterRegistry registry, DatabaseDumps dumps, SecondPlaces places) {
    this.registry = registry;
    this.dumps = dumps;
    this.places = places;
  }

  /** The second place of the cluster's Zeebe backup store. */
  public SecondPlace secondZeebeStore(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    return places.of(cluster, secondLocation(cluster).zeebeStore().second());
  }

  /** The set's files, part by part: Zeebe, then the snapshot repository or the dumps. */
  public List<SetFiles> list(String clusterName, BackupSet set) {
    return list(clusterName, set, snapshotRepository(clusterName));
  }

  /** The snapshot repository's files, which every set of the cluster shares; empty with RDBMS storage. */
  public Optional<SetFiles> snapshotRepository(String clusterName) {
    SecondLocationProperties location = secondLocation(registry.get(clusterName));
    return Optional.ofNullable(location.snapshotRepository()).map(repository -> snapshots(clusterName, repository));
  }

  /** {@link #list(String, BackupSet)} with the repository's files listed once for several sets. */
  public List<SetFiles> list(String clusterName, BackupSet set, Optional<SetFiles> snapshotRepository) {
    ClusterProperties cluster = registry.get(clusterName);
    SecondLocationProperties location = secondLocation(cluster);
    List<SetFiles> parts = new ArrayList<>();
    parts.add(zeebe(clusterName, location.zeebeStore(), secondZeebeStore(clusterName), set));
    snapshotRepository.ifPresent(parts::add);
    if (cluster.secondaryStorage().isRdbms()) {
      parts.add(dump(clusterName, null, set.backupId()));
    }
    for (String part : set.additionalDatabaseParts()) {
      parts.add(dump(clusterName, part, set.backupId()));
    }
    return parts;
  }

  /** Where the cluster's parts of the Zeebe store and dumps lie in both places, whatever sets they hold. */
  public static SecondLocationProperties secondLocation(ClusterProperties cluster) {
    if (cluster.secondLocation() == null) {
      throw new IllegalStateException("cluster '" + cluster.name() + "' has no second-location configured");
    }
    return cluster.secondLocation();
  }

  private SetFiles zeebe(String clusterName, SecondLocationProperties.Directories store, SecondPlace second, BackupSet set) {
    Path root = store.primary();
    String id = Long.toString(set.backupId());
    List<String> files = new ArrayList<>();
    int partitions = 0;
    for (Path partition : directories(root, "the Zeebe backup store (second-location.zeebe-store.primary) of cluster '" + clusterName + "'")) {
      Path backup = partition.resolve(id);
      if (PARTITION.matcher(partition.getFileName().toString()).matches() && Files.isDirectory(backup)) {
        partitions++;
        files.addAll(walk(root, backup));
      }
    }
    Integer expected = set.partitionCount();
    if (partitions == 0 || (expected != null && partitions != expected)) {
      throw new SecondCopyFailedException("Zeebe backup " + id + " of cluster '" + clusterName + "' has " + partitions
          + " partition(s) in " + root + (expected == null ? "" : " but the set has " + expected) + ": is"
          + " second-location.zeebe-store.primary the brokers' backup store (its base path, laid out <partition>/<backup-id>/)?");
    }
    return new SetFiles(ZEEBE, root, second, files, List.of(), Set.of());
  }

  private SetFiles snapshots(String clusterName, SecondLocationProperties.SnapshotRepository repository) {
    Path root = repository.primary();
    long generation = generation(root, "the snapshot repository (second-location.snapshot-repository.primary) of cluster '"
        + clusterName + "'");
    List<String> files = new ArrayList<>();
    List<Long> generations = new ArrayList<>();
    for (String file : walk(root, root)) {
      var matcher = GENERATION.matcher(file);
      if (matcher.matches()) {
        long own = Long.parseLong(matcher.group(1));
        if (own <= generation) {
          generations.add(own);
        } // a newer generation was written after the listing began: the next copy takes it
      } else if (!file.equals(INDEX_LATEST)) {
        files.add(file);
      }
    }
    if (!generations.contains(generation)) {
      throw new SecondLocationUnavailableException("The snapshot repository " + root + " of cluster '" + clusterName
          + "' names generation " + generation + " in index.latest but has no index-" + generation + "; a snapshot was being"
          + " written or deleted: the step is tried again");
    }
    List<String> last = new ArrayList<>(generations.stream().sorted().map(own -> "index-" + own).toList());
    last.add(INDEX_LATEST);
    return new SetFiles(SNAPSHOTS, root, places.of(registry.get(clusterName), repository.second()), files, last, Set.of(INDEX_LATEST),
        generation);
  }

  /** The repository generation {@code index.latest} names (a big-endian long, as Elasticsearch and OpenSearch write it). */
  static long generation(byte[] indexLatest, String what) {
    if (indexLatest.length != Long.BYTES) {
      throw new SecondCopyFailedException(INDEX_LATEST + " of " + what + " has " + indexLatest.length + " bytes instead of "
          + Long.BYTES + ": it is not a repository generation");
    }
    return java.nio.ByteBuffer.wrap(indexLatest).getLong();
  }

  /** {@code index.latest} naming {@code generation}. */
  static byte[] indexLatest(long generation) {
    return java.nio.ByteBuffer.allocate(Long.BYTES).putLong(generation).array();
  }

  /** The repository generation {@code index.latest} names (a big-endian long, as Elasticsearch and OpenSearch write it). */
  static long generation(Path repository, String what) {
    Path latest = repository.resolve(INDEX_LATEST);
    try (DataInputStream in = new DataInputStream(Files.newInputStream(latest))) {
      return in.readLong();
    } catch (NoSuchFileException e) {
      throw new SecondCopyFailedException(what + " has no " + INDEX_LATEST + " in " + repository + ": is it the directory"
          + " the repository's location points at, and has a snapshot been taken?");
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Cannot read " + latest + " of " + what + ": " + e.getMessage(), e);
    }
  }

  private SetFiles dump(String clusterName, String part, long backupId) {
    String name = part == null ? BackupSet.DATABASE : BackupSet.additionalDatabase(part);
    Optional<StoredDump> found = part == null ? dumps.find(clusterName, backupId) : dumps.find(clusterName, part, backupId);
    Path directory = part == null ? dumps.directory(clusterName) : dumps.directory(clusterName, part);
    StoredDump dump = found.filter(StoredDump::present).orElseThrow(() -> new SecondCopyFailedException(
        "The " + name + " dump of backup " + backupId + " of cluster '" + clusterName + "' is not in " + directory));
    List<String> files = new ArrayList<>(List.of(dump.file(), DatabaseDumps.recordFileName(dump.file())));
    String manifest = DumpDirectoryManifestStore.fileName(backupId);
    if (part == null && Files.isRegularFile(directory.resolve(manifest))) {
      files.add(manifest);
    }
    return new SetFiles(name, directory, secondDumpDirectory(clusterName, part), files, List.of(), Set.of());
  }

  /**
   * Where the dumps of {@code part} (null: the Camunda database) lie in the second location: under
   * {@code second-location.dump-directory} as they lie under their own {@code dump-directory}.
   */
  public SecondPlace secondDumpDirectory(String clusterName, String part) {
    ClusterProperties cluster = registry.get(clusterName);
    DatabaseProperties database = part == null ? cluster.secondaryStorage().database()
        : cluster.additionalDatabase(part).orElseThrow().database();
    Path directory = part == null ? dumps.directory(clusterName) : dumps.directory(clusterName, part);
    String relative = database.dumpDirectory().relativize(directory).toString().replace(java.io.File.separatorChar, '/');
    return places.of(cluster, secondLocation(cluster).dumpDirectory()).resolve(relative);
  }

  private static List<Path> directories(Path root, String what) {
    try (Stream<Path> children = Files.list(root)) {
      return children.filter(Files::isDirectory).sorted().toList();
    } catch (NoSuchFileException e) {
      throw new SecondLocationUnavailableException(what + " does not exist: " + root + " (is the volume mounted?)", e);
    } catch (IOException e) {
      throw new SecondLocationUnavailableException("Cannot list " + what + " at " + root + ": " + e.getMessage(), e);
    }
  }

  /** Every regular file under {@code directory}, relative to {@code root}, with {@code /}. */
  static List<String> walk(Path root, Path directory) {
    try (Stream<Path> files = Files.walk(directory)) {
      return files.filter(Files::isRegularFile).sorted(Comparator.naturalOrder())
          .map(file -> root.relativize(file).toString().replace(java.io.File.separatorChar, '/')).toList();
    } catch (NoSuchFileException e) {
      throw new SecondLocationUnavailableException("Cannot list " + directory + ": it does not exist (is the volume mounted?)", e);
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new SecondLocationUnavailableException("Cannot list " + directory + ": " + e.getMessage(), e);
    }
  }
}
