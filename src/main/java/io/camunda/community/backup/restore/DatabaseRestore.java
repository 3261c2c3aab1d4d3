package io.camunda.community.backup.restore;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.client.database.DumpVerificationException;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.flavour.SetFlavour;
import io.camunda.community.backup.manifest.BackupManifest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A relational database (contract 3.2): the whole Camunda database is replaced by the set's dump,
 * read in full against its recorded SHA-256 first; a set restores into the same minor version or
 * the next one.
 */
final class DatabaseRestore implements StorageRestore {

  private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)(\\..*)?");

  private final DatabaseDumps dumps;

  DatabaseRestore(DatabaseDumps dumps) {
    this.dumps = dumps;
  }

  @Override
  public SetFlavour.Kind kind() {
    return SetFlavour.Kind.DATABASE_DUMP;
  }

  @Override
  public String versionProblem(long backupId, String backupVersion, String targetVersion) {
    return versionFits(backupVersion, targetVersion) ? null
        : "backup %d was taken with Camunda %s but the target runs %s: with RDBMS storage a backup restores only into the same minor version or the next one (contract 3.2)"
            .formatted(backupId, backupVersion, targetVersion);
  }

  /** The same major and minor version, or one minor newer (8.9.x into 8.9.y or 8.10.y). */
  static boolean versionFits(String backupVersion, String targetVersion) {
    if (backupVersion.equalsIgnoreCase(targetVersion)) {
      return true;
    }
    int[] backup = majorMinor(backupVersion);
    int[] target = majorMinor(targetVersion);
    return backup != null && target != null && backup[0] == target[0]
        && (target[1] == backup[1] || target[1] == backup[1] + 1);
  }

  private static int[] majorMinor(String version) {
    Matcher m = VERSION.matcher(version.trim());
    return m.matches() ? new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))} : null;
  }

  @Override
  public List<String> storageProblems(String clusterName, ClusterProperties cluster, BackupSet set) {
    if (!set.component(BackupSet.DATABASE).present()) {
      return List.of();
    }
    // the whole dump is read: a changed or truncated dump must stop the restore before anything is deleted
    try {
      dumps.verify(clusterName, set.backupId());
      return List.of();
    } catch (DumpVerificationException e) {
      return List.of("the database dump cannot be used: " + e.getMessage());
    }
  }

  @Override
  public ManifestFigures checkAgainstManifest(String clusterName, BackupSet set, BackupManifest manifest, String source,
      List<String> problems) {
    DumpRecord dump = dumps.find(clusterName, set.backupId()).map(StoredDump::record).orElse(null);
    List<BackupManifest.Dump> recorded = manifest.camundaDumps();
    if (dump != null && (recorded.size() != 1 || !recorded.getFirst().sha256().equals(dump.sha256())
        || !recorded.getFirst().file().equals(dump.file()))) {
      problems.add("the database dump %s has SHA-256 %s but %s lists %s".formatted(dump.file(), dump.sha256(), source,
          recorded.stream().map(d -> d.file() + " " + d.sha256()).toList()));
    }
    Map<String, Long> tableRows = recorded.size() == 1 && recorded.getFirst().tableRows() != null
        ? new TreeMap<>(recorded.getFirst().tableRows()) : Map.of();
    return new ManifestFigures(Map.of(), tableRows);
  }

  @Override
  public StoragePlan plan(String clusterName, ClusterProperties cluster, BackupSet set) {
    return planDump(clusterName, set.backupId());
  }

  /** The plan of restoring the dump with ID {@code dumpId}. */
  StoragePlan planDump(String clusterName, long dumpId) {
    // the pre-flight has just read the whole dump against this record
    DumpRecord dump = dumps.find(clusterName, dumpId).map(StoredDump::record)
        .orElseThrow(() -> new IllegalStateException("the dump of backup " + dumpId + " vanished after the pre-flight"));
    String database = dumps.describe(clusterName);
    Map<String, Object> databasePlan = new LinkedHashMap<>();
    databasePlan.put("database", database);
    databasePlan.put("dumpFile", dump.file());
    databasePlan.put("sizeBytes", dump.sizeBytes());
    databasePlan.put("sha256", dump.sha256());
    if (dump.tableRows() != null) {
      databasePlan.put("tableRows", dump.tableRows());
    }
    Map<String, Object> entries = new LinkedHashMap<>();
    entries.put("secondaryStorage", "RDBMS");
    entries.put("databaseToRestore", databasePlan);
    String line = "- **Database replaced**: " + database + " gets exactly the content of " + dump.file()
        + " (" + dump.sizeBytes() + " bytes, SHA-256 " + dump.sha256() + ", verified"
        + (dump.tableRows() == null ? "" : "; " + dump.tableRows().values().stream().mapToLong(Long::longValue).sum()
            + " rows in " + dump.tableRows().size() + " tables")
        + ")\n";
    return new StoragePlan(entries, List.of(), "", line);
  }

  @Override
  public String keptRunning() {
    return "the database";
  }

  @Override
  public String destructiveStep() {
    return "replaces the whole Camunda database";
  }

  /** Said after the manual Zeebe restore commands of a point-in-time restore. */
  String pointInTimeNote() {
    return "\nThe restore application needs the broker's database settings too (CAMUNDA_DATA_SECONDARY_STORAGE_TYPE=rdbms and the database URL and credentials): it reads every partition's exporter position from the database just restored. `--to` is the time of the Zeebe backup the restore lands on (the application picks the checkpoint closest to it, so use this exact value, not the time you asked for).\n";
  }

  @Override
  public String zeebeRestoreNote() {
    return "\nWith RDBMS storage the restore application also needs the broker's database settings (CAMUNDA_DATA_SECONDARY_STORAGE_TYPE=rdbms and the database URL and credentials). `--backupId` restores exactly this backup, the one taken together with the database dump just restored; do not use `--from`/`--to` here.\n";
  }
}
