package io.camunda.community.backup.restore;

import io.camunda.community.backup.catalog.BackupSet;
import io.camunda.community.backup.client.database.DatabaseDumps;
import io.camunda.community.backup.client.database.DumpRecord;
import io.camunda.community.backup.client.database.StoredDump;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.RestoreMode;
import io.camunda.community.backup.config.RestoreProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.springframework.stereotype.Service;

/**
 * What a restore will do, shown to the approver before anything happens: which components stop,
 * which indices are deleted, which snapshots and brokers are restored, how old the backup is and
 * how much was written since (and will be lost). Also the exact commands of the manual steps.
 */
@Service
public class RestorePlanner {

  private final ClusterRegistry registry;
  private final StorageRestores storages;
  private final DatabaseDumps dumps;
  private final Clock clock;
  private final DrillHistory drills;

  RestorePlanner(ClusterRegistry registry, StorageRestores storages, DatabaseDumps dumps, Clock clock, DrillHistory drills) {
    this.registry = registry;
    this.storages = storages;
    this.dumps = dumps;
    this.clock = clock;
    this.drills = drills;
  }

  public Map<String, Object> plan(String clusterName, BackupSet set) {
    return plan(clusterName, set, RestoreSource.PRIMARY);
  }

  public Map<String, Object> plan(String clusterName, BackupSet set, RestoreSource source) {
    ClusterProperties cluster = registry.get(clusterName);
    RestoreProperties restore = cluster.restore();
    StorageRestore storage = storages.of(clusterName, source);
    StorageRestore.StoragePlan storagePlan = storage.plan(clusterName, cluster, set);
    Instant now = clock.instant();
    Duration age = set.time() == null ? null : Duration.between(set.time(), now).withNanos(0);
    List<Integer> brokers = IntStream.range(0, restore.brokerCount()).boxed().toList();

    Map<String, Object> plan = planHead(clusterName, set, restore, age);
    plan.put("expectedDuration", expectedDuration(clusterName));
    plan.put("componentsToStop", componentsToStop(restore));
    plan.putAll(storagePlan.entries());
    plan.put("brokersToRestore", brokers);
    plan.put("plannedAt", now.toString());
    plan.put("restoreFrom", source.id());

    StringBuilder summary = new StringBuilder();
    summary.append("# Restore cluster ").append(clusterName).append(" from backup ").append(set.backupId()).append("\n\n");
    summary.append("**Everything written to this cluster after ").append(set.time()).append(" will be lost**");
    if (age != null) {
      summary.append(" (the backup is ").append(age).append(" old").append(storagePlan.ageNote()).append(")");
    }
    summary.append(".\n\n");
    summary.append("- Camunda version of the backup: ").append(set.camundaVersion()).append(", partitions: ").append(set.partitionCount()).append("\n");
    summary.append(manifestLine(set));
    if (source == RestoreSource.SECOND_LOCATION) {
      summary.append("- **Restored from the second location**: Zeebe's backup and the dumps were copied back from there\n");
    }
    summary.append(expectedDurationLine(clusterName));
    summary.append("- Mode: ").append(restore.mode().name().toLowerCase()).append("; stopped: ").append(String.join(", ", componentsToStop(restore))).append("\n");
    summary.append(storagePlan.summaryLines());
    summary.append("- Zeebe restored from backup ").append(set.backupId()).append(" on brokers: ").append(brokers).append("\n");
    summary.append(additionalDatabases(clusterName, cluster, set, plan));

    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("restorePlan", plan);
    variables.put("snapshotsToRestore", storagePlan.snapshotsToRestore());
    variables.put("restorePlanSummary", summary.toString());
    variables.put("manualSteps", manualSteps(clusterName, cluster, storage, "from backup " + set.backupId(),
        "--backupId=" + set.backupId(), storage.zeebeRestoreNote(), brokers));
    return variables;
  }

  /**
   * The plan of a point-in-time restore (continuous backups): the database from the dump the
   * pre-flight chose, its exporter positions checked, Zeebe to the backup the point lands on.
   */
  public Map<String, Object> plan(String clusterName, RestorePoint point) {
    ClusterProperties cluster = registry.get(clusterName);
    RestoreProperties restore = cluster.restore();
    DatabaseRestore storage = new DatabaseRestore(dumps);
    StorageRestore.StoragePlan storagePlan = storage.planDump(clusterName, point.dumpBackupId());
    Instant now = clock.instant();
    Duration age = Duration.between(point.time(), now).withNanos(0);
    List<Integer> brokers = IntStream.range(0, restore.brokerCount()).boxed().toList();

    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("clusterName", clusterName);
    plan.put("pointInTime", point.requestedAt());
    plan.put("restoredTo", point.at());
    plan.put("zeebeBackupId", point.zeebeBackupId());
    plan.put("backupId", point.dumpBackupId());
    plan.put("backupTime", point.at());
    plan.put("backupAge", age.toString());
    plan.put("camundaVersion", restore.camundaVersion());
    plan.put("mode", restore.mode().name());
    plan.put("expectedDuration", expectedDuration(clusterName));
    plan.put("componentsToStop", componentsToStop(restore));
    plan.putAll(storagePlan.entries());
    plan.put("brokersToRestore", brokers);
    plan.put("plannedAt", now.toString());
    plan.put("restoreFrom", RestoreSource.PRIMARY.id());

    StringBuilder summary = new StringBuilder();
    summary.append("# Restore cluster ").append(clusterName).append(" to ").append(point.requestedAt()).append("\n\n");
    summary.append("**Everything written to this cluster after ").append(point.at()).append(" will be lost**: the restore lands on Zeebe")
        .append(" backup ").append(point.zeebeBackupId()).append(" of ").append(point.at()).append(", the newest at or before ")
        .append(point.requestedAt()).append(" (").append(age).append(" ago).\n\n");
    summary.append("- Camunda version of the target: ").append(restore.camundaVersion()).append(", partitions: ")
        .append(point.checkpointPositions().size()).append("\n");
    summary.append(expectedDurationLine(clusterName));
    summary.append("- Mode: ").append(restore.mode().name().toLowerCase()).append("; stopped: ").append(String.join(", ", componentsToStop(restore))).append("\n");
    summary.append(storagePlan.summaryLines().replace(")\n", "; taken " + point.dumpAt() + ", the newest dump before the backup)\n"));
    summary.append("- Then every partition's exporter position in the restored database is checked against backup ")
        .append(point.zeebeBackupId()).append(" (the restore stops there, Zeebe untouched, if one does not fit)\n");
    summary.append("- Zeebe restored to ").append(point.at()).append(" (`--to`) on brokers: ").append(brokers)
        .append("; on start it exports again what the database lacks, up to that backup\n");
    if (!cluster.additionalDatabases().isEmpty()) {
      summary.append("- Additional databases are **not restored**: a point-in-time restore restores Camunda's state only\n");
    }

    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("restorePlan", plan);
    variables.put("snapshotsToRestore", List.of());
    variables.put("restorePlanSummary", summary.toString());
    variables.put("manualSteps", manualSteps(clusterName, cluster, storage, "to " + point.at(), "--to=" + point.at(),
        storage.pointInTimeNote(), brokers));
    return variables;
  }

  /**
   * The additional databases ({@code additional-databases}) into the plan ({@code
   * additionalDatabasesToRestore}, {@code additionalDatabasesNotInSet}), and their summary lines:
   * each one the set holds a dump of is replaced by it; one it holds none of (configured after the
   * backup was taken) is left as it is, and the approver reads that. A drill restores none.
   */
  private String additionalDatabases(String clusterName, ClusterProperties cluster, BackupSet set, Map<String, Object> plan) {
    if (cluster.additionalDatabases().isEmpty()) {
      return "";
    }
    List<String> parts = set.additionalDatabaseParts();
    List<Map<String, Object>> toRestore = new ArrayList<>();
    StringBuilder summary = new StringBuilder();
    for (String part : parts) {
      DumpRecord dump = dumps.find(clusterName, part, set.backupId()).map(StoredDump::record)
          .orElseThrow(() -> new IllegalStateException("the dump of additional database '" + part + "' of backup " + set.backupId()
              + " vanished after the pre-flight"));
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("part", part);
      entry.put("database", dumps.describe(clusterName, part));
      entry.put("dumpFile", dump.file());
      entry.put("sizeBytes", dump.sizeBytes());
      entry.put("sha256", dump.sha256());
      if (dump.tableRows() != null) {
        entry.put("tableRows", dump.tableRows());
      }
      toRestore.add(entry);
      summary.append("- **Additional database replaced** (").append(part).append("): ").append(entry.get("database"))
          .append(" gets exactly the content of ").append(dump.file()).append(" (").append(dump.sizeBytes()).append(" bytes, verified")
          .append(dump.tableRows() == null ? "" : "; " + dump.tableRows().values().stream().mapToLong(Long::longValue).sum()
              + " rows in " + dump.tableRows().size() + " tables")
          .append("); stop the applications that use it first\n");
    }
    List<String> notInSet = cluster.additionalDatabaseParts().stream().filter(part -> !parts.contains(part)).toList();
    for (String part : notInSet) {
      summary.append("- Additional database ").append(part).append(" is **not restored**: this set holds no dump of it (taken before it was configured)\n");
    }
    plan.put("additionalDatabasesToRestore", toRestore);
    plan.put("additionalDatabasesNotInSet", notInSet);
    return summary.toString();
  }

  /** What every plan starts with: the cluster, the backup and its age, the mode. */
  private static Map<String, Object> planHead(String clusterName, BackupSet set, RestoreProperties restore, Duration age) {
    Map<String, Object> plan = new LinkedHashMap<>();
    plan.put("clusterName", clusterName);
    plan.put("backupId", set.backupId());
    plan.put("backupTime", set.time() == null ? null : set.time().toString());
    plan.put("backupAge", age == null ? null : age.toString());
    plan.put("camundaVersion", set.camundaVersion());
    plan.put("mode", restore.mode().name());
    return plan;
  }

  private static List<String> componentsToStop(RestoreProperties restore) {
    if (restore.mode() == RestoreMode.KUBERNETES) {
      List<String> workloads = new ArrayList<>();
      workloads.add("statefulset/" + restore.kubernetes().statefulSet());
      restore.kubernetes().deployments().forEach(d -> workloads.add("deployment/" + d));
      return workloads;
    }
    return List.of("Orchestration Cluster (Zeebe brokers and gateways, Operate, Tasklist)", "Optimize", "Connectors");
  }

  /**
   * How long a restore of this cluster took when it was last rehearsed: the restore duration of the
   * latest restore drill of it that passed (since this worker started), with when and where; null
   * when none has.
   */
  private Map<String, Object> expectedDuration(String clusterName) {
    return drills.lastPassed(clusterName).map(drill -> {
      Map<String, Object> expected = new LinkedHashMap<>();
      expected.put("duration", drill.rto().toString());
      expected.put("phases", drill.phases());
      expected.put("fromDrillAt", drill.finishedAt().toString());
      expected.put("drillTarget", drill.targetCluster());
      expected.put("drillBackupId", drill.backupId());
      return expected;
    }).orElse(null);
  }

  private String expectedDurationLine(String clusterName) {
    return drills.lastPassed(clusterName)
        .map(drill -> "- Expected duration: " + drill.rto() + " (approval to verified end), measured by the restore drill into '"
            + drill.targetCluster() + "' that ended " + drill.finishedAt() + "\n")
        .orElse("- Expected duration: unknown (no passed restore drill of this cluster is known)\n");
  }

  /** What the approver should know of the set's manifest (the pre-flight compared the set with it when there is one). */
  static String manifestLine(BackupSet set) {
    if (BackupSet.MANIFEST_PRESENT.equals(set.manifest())) {
      return "- Checked against the manifest written when the backup completed: the set holds what it held then\n";
    }
    if (BackupSet.MANIFEST_MISSING.equals(set.manifest())) {
      return "- **No manifest** beside this set (taken before manifests existed, or never written): not checked against one\n";
    }
    return "";
  }

  /**
   * The commands of the manual mode's user tasks, for this cluster and what Zeebe is restored
   * {@code to} ("from backup 5"), with the restore application's {@code arguments}.
   */
  private static Map<String, String> manualSteps(String clusterName, ClusterProperties cluster, StorageRestore storage, String to,
      String arguments, String zeebeNote, List<Integer> brokers) {
    RestoreProperties.KubernetesProperties k8s = cluster.restore().kubernetes();
    Map<String, String> steps = new LinkedHashMap<>();
    steps.put("stopComponents", """
        # Stop the components of %s
        Stop everything except %s: the Orchestration Cluster (all brokers and gateways), Optimize, Connectors. On Kubernetes, for example:

            kubectl -n %s scale statefulset %s --replicas=0
            %s

        On VMs: stop the Camunda services on every node. Confirm only when no Camunda process runs: the next step %s.
        """.formatted(clusterName, storage.keptRunning(),
            k8s.namespace(), k8s.statefulSet(),
            String.join("\n            ", k8s.deployments().stream().map(d -> "kubectl -n " + k8s.namespace() + " scale deployment " + d + " --replicas=0").toList()),
            storage.destructiveStep()));
    StringBuilder zeebe = new StringBuilder("# Restore Zeebe %s on every broker\n".formatted(to));
    zeebe.append("On each broker node, with that broker's own configuration (node ID, data directory, cluster size, partition count, backup store), empty the data directory and run the restore application:\n\n");
    for (int broker : brokers) {
      zeebe.append("    # broker ").append(broker).append("\n");
      zeebe.append("    ZEEBE_BROKER_CLUSTER_NODEID=").append(broker)
          .append(" ./camunda/bin/restore ").append(arguments).append("\n");
    }
    zeebe.append("\nEach must log `Successfully restored broker from backup`. If it says the data directory is not empty, empty it (keep lost+found) and run it again.\n");
    zeebe.append(zeebeNote);
    steps.put("restoreZeebe", zeebe.toString());
    steps.put("startComponents", """
        # Start the components of %s
        Start Zeebe (the Orchestration Cluster, with Operate and Tasklist) first, then Optimize and Connectors, without any restore settings. On Kubernetes, scale the workloads back to their usual replica counts, e.g.:

            kubectl -n %s scale statefulset %s --replicas=%d

        The orchestrator then waits until the cluster is healthy and exporting, and verifies the restored data.
        """.formatted(clusterName, k8s.namespace(), k8s.statefulSet(), brokers.size()));
    return steps;
  }
}
