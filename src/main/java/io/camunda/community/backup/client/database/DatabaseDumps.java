package io.camunda.community.backup.client.database;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.DatabaseProperties;
import io.camunda.community.backup.config.DatabaseVendor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.springframework.stereotype.Component;

/**
 * The database half of the backup sets of clusters with RDBMS secondary storage: dumps in {@code
 * <dump-directory>/<cluster>/}, each named {@code camunda-<database>-<backupId>.<ext>} and
 * accompanied by a {@link DumpRecord} ({@code <file>.json}) written once the dump is complete.
 *
 * <p>Every operation is idempotent, so a job may run twice: a dump for an ID replaces an earlier
 * attempt's file atomically, a delete of what is gone does nothing.
 *
 * <p>A cluster's additional databases ({@code additional-databases}, e.g. Web Modeler's) are dumped
 * the same way, each into {@code <its dump-directory>/<cluster>/<part>/}: the methods that take a
 * {@code part} act on the additional database of that name, the others on the Camunda database.
 */
@Component
public class DatabaseDumps {

  static final String RECORD_SUFFIX = ".json";

  /** The name of the record (size, SHA-256, rows) written beside the dump file {@code dumpFile}. */
  public static String recordFileName(String dumpFile) {
    return dumpFile + RECORD_SUFFIX;
  }
  /** The part argument of the Camunda database itself (internal: callers use the methods without a part). */
  private static final String CAMUNDA = null;

  private final ClusterRegistry registry;
  private final ObjectMapper json;
  private final Clock clock;
  private final Map<String, DatabaseDumper> dumpers = new ConcurrentHashMap<>();

  public DatabaseDumps(ClusterRegistry registry, ObjectMapper json, Clock clock) {
    this.registry = registry;
    this.json = json;
    this.clock = clock;
  }

  /** Dumps the cluster's database for {@code backupId} and records size and checksum next to it. */
  public DumpRecord dump(String clusterName, long backupId) {
    return dump(clusterName, backupId, ToolRunner.NEVER_CANCELLED);
  }

  /**
   * {@link #dump(String, long)}, withdrawn once {@code cancelled} answers true: the tool is killed,
   * its temporary file deleted, nothing recorded, and {@link DumpCancelledException} thrown.
   */
  public DumpRecord dump(String clusterName, long backupId, BooleanSupplier cancelled) {
    return dump(clusterName, CAMUNDA, backupId, cancelled);
  }

  /** {@link #dump(String, long, BooleanSupplier)} of the additional database {@code part}. */
  public DumpRecord dump(String clusterName, String part, long backupId, BooleanSupplier cancelled) {
    DatabaseDumper dumper = dumper(clusterName, part);
    Path directory = directory(clusterName, part);
    DumpResult result = dumper.dump(backupId, directory, cancelled);
    // Read back from the file just written: what a restore of it loads, and proof that it reads to its end.
    Map<String, Long> rows = dumper.rowsInDump(result.file(), cancelled);
    DumpRecord record = new DumpRecord(backupId, clusterName, settings(clusterName, part).vendor().name(),
        describe(clusterName, part), result.file().getFileName().toString(), result.sizeBytes(), result.sha256(),
        clock.instant().toString(), result.took().toString(), rows.isEmpty() ? null : new java.util.TreeMap<>(rows));
    writeRecord(directory.resolve(record.file() + RECORD_SUFFIX), record);
    return record;
  }

  /**
   * Every dump of the cluster, newest (highest ID) first. A missing directory means none: only for
   * choosing the next backup ID, where Zeebe's listing counts too. What exists is read with {@link
   * #listExisting(String)}, which does not take a missing directory for an empty one.
   */
  public List<StoredDump> list(String clusterName) {
    try {
      return listExisting(clusterName);
    } catch (DirectoryMissingException e) {
      return List.of();
    }
  }

  /**
   * Every dump of the cluster, newest (highest ID) first.
   *
   * @throws DirectoryMissingException when the cluster's dump directory does not exist (an
   *     unmounted volume looks like that): unknown, not empty
   * @throws TargetUnavailableException when it cannot be read
   */
  public List<StoredDump> listExisting(String clusterName) {
    return listExisting(clusterName, CAMUNDA);
  }

  /** {@link #listExisting(String)} of the additional database {@code part}. */
  public List<StoredDump> listExisting(String clusterName, String part) {
    Path directory = directory(clusterName, part);
    Pattern names = fileNamePattern(owner(clusterName), part);
    Map<Long, StoredDump> dumps = new HashMap<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path path : (Iterable<Path>) files::iterator) {
        String name = path.getFileName().toString();
        String dumpName = name.endsWith(RECORD_SUFFIX) ? name.substring(0, name.length() - RECORD_SUFFIX.length()) : name;
        Matcher matcher = names.matcher(dumpName);
        if (matcher.matches()) {
          long id = Long.parseLong(matcher.group(1));
          dumps.computeIfAbsent(id, key -> stored(directory, key, dumpName));
        }
      }
    } catch (NoSuchFileException e) {
      throw new DirectoryMissingException("dump directory " + directory + " does not exist; check that the dump volume is"
          + " mounted at " + directory.getParent() + " (it is created by the cluster's first dump)", e);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot list dump directory " + directory + ": " + e
          + "; check that it is mounted and readable by the orchestrator", e);
    }
    return dumps.values().stream().sorted(Comparator.comparingLong(StoredDump::backupId).reversed()).toList();
  }

  /** The cluster's dump directory does not exist: nobody can tell which dumps there are. */
  public static final class DirectoryMissingException extends TargetUnavailableException {
    public DirectoryMissingException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The name of the dump file of {@code backupId}: of the Camunda database when {@code part} is null, else of that additional database. */
  public String fileName(String clusterName, String part, long backupId) {
    return dumper(owner(clusterName), part).fileName(backupId);
  }

  /** The dump of {@code backupId}, if its file or its record exists. */
  public Optional<StoredDump> find(String clusterName, long backupId) {
    return find(clusterName, CAMUNDA, backupId);
  }

  /** The dump of the additional database {@code part} of {@code backupId}, if its file or its record exists. */
  public Optional<StoredDump> find(String clusterName, String part, long backupId) {
    String name = dumper(owner(clusterName), part).fileName(backupId);
    StoredDump dump = stored(directory(clusterName, part), backupId, name);
    return dump.present() || dump.record() != null ? Optional.of(dump) : Optional.empty();
  }

  /**
   * Reads the whole dump and compares its SHA-256 with the recorded one.
   *
   * @return the record of the intact dump
   * @throws DumpVerificationException when the dump or its record is missing, the record is not
   *     the record of this dump, or the dump does not match it
   */
  public DumpRecord verify(String clusterName, long backupId) {
    return verify(clusterName, CAMUNDA, backupId);
  }

  /** {@link #verify(String, long)} for the additional database {@code part}. */
  public DumpRecord verify(String clusterName, String part, long backupId) {
    Path directory = directory(clusterName, part);
    String name = dumper(owner(clusterName), part).fileName(backupId);
    DumpRecord record = recordOf(directory, backupId, name);
    DumpFiles.verify(directory.resolve(name), record.sha256());
    return record;
  }

  /** Verifies the dump of {@code backupId} and only then restores it into the cluster's database. */
  public DumpRecord restore(String clusterName, long backupId) {
    return restore(clusterName, backupId, ToolRunner.NEVER_CANCELLED);
  }

  /**
   * Restores exactly the bytes that were verified: the file is the one the backup ID names (never
   * a name read from the record), copied to a private file while its SHA-256 is computed, and the
   * tool reads that copy only when it matches the record (see {@link VerifiedCopy}). Withdrawn
   * once {@code cancelled} answers true (the tool is killed, {@link DumpCancelledException}).
   */
  public DumpRecord restore(String clusterName, long backupId, BooleanSupplier cancelled) {
    return restore(clusterName, CAMUNDA, backupId, cancelled);
  }

  /** {@link #restore(String, long, BooleanSupplier)} of the additional database {@code part}. */
  public DumpRecord restore(String clusterName, String part, long backupId, BooleanSupplier cancelled) {
    Path directory = directory(clusterName, part);
    // named as its owner names it, restored into this cluster's database (a drill target's own)
    String name = dumper(owner(clusterName), part).fileName(backupId);
    DumpRecord record = recordOf(directory, backupId, name);
    dumper(clusterName, part).restore(directory.resolve(name), record.sha256(), cancelled);
    return record;
  }

  /**
   * Deletes the temporary files a crash left in the cluster's dump directory (unfinished dumps
   * and records, private restore copies; only names of this cluster's dumps, only files no
   * process holds), reporting each through {@code log}.
   *
   * @return the deleted files
   */
  public List<Path> sweepPartialFiles(String clusterName, Consumer<String> log) {
    return PartialFiles.sweep(directory(clusterName), fileNamePattern(clusterName), log);
  }

  /** {@link #sweepPartialFiles(String, Consumer)} in the dump directory of the additional database {@code part}. */
  public List<Path> sweepPartialFiles(String clusterName, String part, Consumer<String> log) {
    return PartialFiles.sweep(directory(clusterName, part), fileNamePattern(clusterName, part), log);
  }

  /** The record of the dump {@code name} of {@code backupId}, refused unless it describes that dump. */
  private DumpRecord recordOf(Path directory, long backupId, String name) {
    Path recordFile = directory.resolve(name + RECORD_SUFFIX);
    DumpRecord record = readRecord(recordFile).orElseThrow(() -> new DumpVerificationException(
        "no checksum is recorded for the dump of backup " + backupId + " (" + recordFile
            + " is missing): the dump never completed, or its record was removed"));
    if (!name.equals(record.file()) || record.backupId() != backupId) {
      throw new DumpVerificationException("the record " + recordFile + " describes file '" + record.file() + "' of backup "
          + record.backupId() + ", not " + name + " of backup " + backupId
          + ": the record was changed; nothing was restored. Put back the record written with the dump");
    }
    return record;
  }

  /**
   * Rows now in each of {@code tables} of the cluster's database (named as its dumps' records name
   * them); empty for no tables.
   */
  public Map<String, Long> countRows(String clusterName, java.util.Collection<String> tables, BooleanSupplier cancelled) {
    return countRows(clusterName, CAMUNDA, tables, cancelled);
  }

  /** {@link #countRows(String, java.util.Collection, BooleanSupplier)} in the additional database {@code part}. */
  public Map<String, Long> countRows(String clusterName, String part, java.util.Collection<String> tables, BooleanSupplier cancelled) {
    return tables.isEmpty() ? Map.of() : dumper(clusterName, part).rowsInDatabase(tables, cancelled);
  }

  /**
   * Each partition's exported position in the cluster's database now (Camunda's EXPORTER_POSITION),
   * by partition ID; empty when the database is dumped by a configured command, which this cannot
   * query.
   */
  public java.util.Optional<Map<Integer, Long>> exporterPositions(String clusterName, BooleanSupplier cancelled) {
    return dumper(clusterName, CAMUNDA).exporterPositions(cancelled);
  }

  /** Deletes the dump, then its record: a half-deleted set never looks complete. */
  public void delete(String clusterName, long backupId) {
    delete(clusterName, CAMUNDA, backupId);
  }

  /** {@link #delete(String, long)} of the additional database {@code part}. */
  public void delete(String clusterName, String part, long backupId) {
    Path dump = directory(clusterName, part).resolve(dumper(clusterName, part).fileName(backupId));
    try {
      Files.deleteIfExists(dump);
      Files.deleteIfExists(dump.resolveSibling(dump.getFileName() + RECORD_SUFFIX));
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot delete dump " + dump + ": " + e + "; check the permissions of the dump directory", e);
    }
  }

  /** The database without credentials, for plans and messages. */
  public String describe(String clusterName) {
    return describe(clusterName, CAMUNDA);
  }

  /** The additional database {@code part} without credentials. */
  public String describe(String clusterName, String part) {
    DatabaseProperties db = settings(clusterName, part);
    if (db.vendor() == DatabaseVendor.COMMAND) {
      return "database '" + db.command().name() + "' (dump command " + db.command().dump().getFirst() + ")";
    }
    return connection(db).describe();
  }

  /**
   * {@code <dump-directory>/<cluster>}; a drill target's is its source's: it restores the source's
   * sets (and never writes one: it is never backed up).
   */
  public Path directory(String clusterName) {
    return directory(clusterName, CAMUNDA);
  }

  /** {@code <dump-directory>/<cluster>/<part>} of the additional database {@code part}. */
  public Path directory(String clusterName, String part) {
    Path own = settings(clusterName, part).dumpDirectory().resolve(owner(clusterName));
    return part == CAMUNDA ? own : own.resolve(part);
  }

  /** The cluster whose dumps {@code clusterName} reads: itself, or a drill target's source (its names too). */
  private String owner(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    return cluster.drillTarget() ? cluster.drill().sourceCluster() : clusterName;
  }

  private DatabaseProperties settings(String clusterName, String part) {
    ClusterProperties cluster = registry.get(clusterName);
    if (part != CAMUNDA) {
      return cluster.additionalDatabase(part).map(additional -> additional.database()).orElseThrow(() -> new IllegalArgumentException(
          "Cluster '" + clusterName + "' has no additional database '" + part + "' (it has " + cluster.additionalDatabaseParts() + ")"));
    }
    if (!cluster.secondaryStorage().isRdbms()) {
      throw new IllegalStateException("Cluster '" + clusterName + "' does not keep its secondary storage in a database");
    }
    return cluster.secondaryStorage().database();
  }

  private DatabaseDumper dumper(String clusterName) {
    return dumper(clusterName, CAMUNDA);
  }

  private DatabaseDumper dumper(String clusterName, String part) {
    DatabaseProperties db = settings(clusterName, part);
    return dumpers.computeIfAbsent(part == CAMUNDA ? clusterName : clusterName + "/" + part, name -> create(db));
  }

  private static DatabaseDumper create(DatabaseProperties db) {
    DumperOptions options = new DumperOptions(db.binDirectory(), db.toolTimeout());
    return switch (db.vendor()) {
      case POSTGRESQL -> new PostgresDumper(connection(db), options);
      case MARIADB, MYSQL -> new MariaDbDumper(connection(db), options);
      case COMMAND -> new CommandDumper(db.command().name(), db.command().extension(), db.command().dump(),
          db.command().restore(), db.command().environment(), options);
    };
  }

  private static DatabaseConnection connection(DatabaseProperties db) {
    DatabaseConnection.Kind kind = db.vendor() == DatabaseVendor.POSTGRESQL
        ? DatabaseConnection.Kind.POSTGRESQL
        : DatabaseConnection.Kind.MARIADB;
    return new DatabaseConnection(kind, db.host(), db.effectivePort(), db.name(), db.username(), db.password());
  }

  /** {@code camunda-<database>-(<id>).<ext>}, the names {@link DatabaseDumper#fileName} gives. */
  private Pattern fileNamePattern(String clusterName) {
    return fileNamePattern(clusterName, CAMUNDA);
  }

  private Pattern fileNamePattern(String clusterName, String part) {
    String sample = dumper(clusterName, part).fileName(0);
    int id = sample.lastIndexOf("-0.") + 1;
    return Pattern.compile(Pattern.quote(sample.substring(0, id)) + "(\\d{1,18})" + Pattern.quote(sample.substring(id + 1)));
  }

  private StoredDump stored(Path directory, long backupId, String dumpName) {
    Path file = directory.resolve(dumpName);
    long size = -1;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      // absent: size stays -1
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot read dump " + file + ": " + e, e);
    }
    return new StoredDump(backupId, dumpName, readRecord(directory.resolve(dumpName + RECORD_SUFFIX)).orElse(null), size >= 0, size);
  }

  private Optional<DumpRecord> readRecord(Path path) {
    try {
      return Optional.of(json.readValue(Files.readAllBytes(path), DumpRecord.class));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot read dump record " + path + ": " + e
          + "; remove or repair it (it must hold the dump's size and sha256)", e);
    }
  }

  /** Written through a temporary file and moved into place, so a record is never half there. */
  private void writeRecord(Path path, DumpRecord record) {
    Path partial = path.resolveSibling("." + path.getFileName() + ".partial");
    try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE);
        PartialFiles.Claim claim = PartialFiles.claim(channel)) {
      claim.write(ByteBuffer.wrap(json.writerWithDefaultPrettyPrinter().writeValueAsBytes(record)));
      claim.force(partial);
      try {
        Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, path, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot write dump record " + path + ": " + e
          + "; check free space and permissions in " + path.getParent(), e);
    }
  }
}
