package io.camunda.community.backup.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * The named target clusters. Checks what bean validation cannot express (unique names, one kind
 * of credentials, absolute http(s) URLs) so a bad configuration fails at startup with the
 * property name and the fix.
 */
@Component
public class ClusterRegistry {

  /** The tag of an image reference when it is a version ({@code camunda/camunda:8.9.0}, {@code ...:8.9.0-alpha1}). */
  private static final Pattern VERSION_TAG = Pattern.compile(":(\\d+\\.\\d+\\.\\d+[A-Za-z0-9.-]*)(@sha256:[0-9a-f]+)?$");

  private final Map<String, ClusterProperties> clusters = new LinkedHashMap<>();

  public ClusterRegistry(OrchestratorProperties properties) {
    List<String> problems = new ArrayList<>();
    for (int i = 0; i < properties.clusters().size(); i++) {
      ClusterProperties cluster = properties.clusters().get(i);
      String prefix = "backup-orchestrator.clusters[" + i + "]";
      if (clusters.putIfAbsent(cluster.name(), cluster) != null) {
        problems.add(prefix + ".name: '" + cluster.name() + "' is used twice; give every cluster a unique name");
      }
      checkHttpUrl(problems, prefix + ".management-url", cluster.managementUrl().toString());
      if (cluster.optimizeEnabled()) {
        checkHttpUrl(problems, prefix + ".optimize-url", cluster.optimizeUrl().toString());
      }
      problems.addAll(TargetUrlRules.problems(prefix, cluster));
      checkRestoreImage(problems, prefix + ".restore", cluster.restore());
      SecondaryStorageProperties storage = cluster.secondaryStorage();
      if (storage.isRdbms()) {
        checkDatabase(problems, prefix, cluster);
      } else {
        checkSearchEngine(problems, prefix + ".secondary-storage", storage);
      }
      checkAdditionalDatabases(problems, prefix, cluster);
      problems.addAll(SecondLocationRules.problems(prefix, cluster));
      checkContinuousBackups(problems, prefix, cluster);
      checkStandalone(problems, prefix, cluster);
    }
    checkDrills(problems, properties.clusters());
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid cluster configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  /**
   * A drill restores over its scratch target: that target must not be anything whose data counts
   * (a cluster that is backed up, or the source itself), and must hold the same kind of set.
   */
  private static void checkContinuousBackups(List<String> problems, String prefix, ClusterProperties cluster) {
    if (!cluster.continuous()) {
      return;
    }
    String property = prefix + ".continuous-backups.enabled";
    if (!cluster.secondaryStorage().isRdbms()) {
      problems.add(property + ": continuous backups are Camunda 8.9's setup for RDBMS secondary storage; with"
          + " Elasticsearch/OpenSearch every component's backup needs one shared id, which continuous backups refuse."
          + " Remove it, and leave continuous backups off on the cluster");
    }
    if (cluster.hasSecondLocation()) {
      problems.add(property + ": a second location for a cluster with continuous backups is not supported yet; remove"
          + " second-location, or continuous-backups");
    }
    if (cluster.drillTarget()) {
      problems.add(property + ": a drill target is never backed up; remove continuous-backups");
    }
  }

  /** Standalone Operate and Tasklist keep their backups in the snapshot repository: Elasticsearch/OpenSearch only. */
  private static void checkStandalone(List<String> problems, String prefix, ClusterProperties cluster) {
    StandaloneProperties standalone = cluster.standalone();
    if (standalone == null) {
      return;
    }
    checkHttpUrl(problems, prefix + ".standalone.operate-management-url", standalone.operateManagementUrl().toString());
    checkHttpUrl(problems, prefix + ".standalone.tasklist-management-url", standalone.tasklistManagementUrl().toString());
    if (cluster.secondaryStorage().isRdbms()) {
      problems.add(prefix + ".standalone: standalone Operate and Tasklist back up their indices (Elasticsearch/OpenSearch); with RDBMS"
          + " storage the database dump holds their data. Remove standalone");
    }
  }

  private static void checkDrills(List<String> problems, List<ClusterProperties> clusters) {
    Map<String, ClusterProperties> byName = new LinkedHashMap<>();
    clusters.forEach(cluster -> byName.putIfAbsent(cluster.name(), cluster));
    for (int i = 0; i < clusters.size(); i++) {
      ClusterProperties target = clusters.get(i);
      if (!target.drillTarget()) {
        continue;
      }
      String prefix = "backup-orchestrator.clusters[" + i + "]";
      String sourceName = target.drill().sourceCluster();
      ClusterProperties source = byName.get(sourceName);
      if (sourceName.equals(target.name())) {
        problems.add(prefix + ".drill.source-cluster: '" + sourceName + "' is this cluster itself: a drill restores over its"
            + " target, so name another cluster as the source, or remove drill");
        continue;
      }
      if (source == null) {
        problems.add(prefix + ".drill.source-cluster: no cluster is named '" + sourceName + "'; configured: " + byName.keySet());
        continue;
      }
      if (target.scheduled()) {
        problems.add(prefix + ".scheduled: '" + target.name() + "' is a drill target (restored over by drills of '" + sourceName
            + "') and would also be backed up on schedule: set " + prefix + ".scheduled=false");
      }
      if (source.drillTarget()) {
        problems.add(prefix + ".drill.source-cluster: '" + sourceName + "' is itself a drill target, restored over by its own"
            + " drills: a drill's source must be a cluster that is backed up");
      }
      if (source.secondaryStorage().isRdbms() != target.secondaryStorage().isRdbms()) {
        problems.add(prefix + ".secondary-storage.type: '" + target.name() + "' stores " + target.secondaryStorage().type()
            + " but its drill source '" + sourceName + "' stores " + source.secondaryStorage().type()
            + ": a drill target must hold the same kind of backup set as its source");
      } else if (target.secondaryStorage().isRdbms()) {
        checkDrillDatabase(problems, prefix + ".secondary-storage.database", target, source);
      }
    }
  }

  /**
   * A dump that names its database (MariaDB, MySQL) restores into the source's database name on
   * whatever server the drill target connects to: on the source's own server that is the source's
   * database, which the drill would drop and recreate.
   */
  private static void checkDrillDatabase(List<String> problems, String prefix, ClusterProperties target, ClusterProperties source) {
    DatabaseProperties targetDb = target.secondaryStorage().database();
    DatabaseProperties sourceDb = source.secondaryStorage().database();
    if (targetDb == null || sourceDb == null || targetDb.vendor() != sourceDb.vendor()) {
      if (targetDb != null && sourceDb != null) {
        problems.add(prefix + ".vendor: '" + target.name() + "' uses " + targetDb.vendor() + " but its drill source '"
            + source.name() + "' uses " + sourceDb.vendor() + ": a drill restores the source's dumps with the source's tools");
      }
      return;
    }
    if (!targetDb.vendor().dumpNamesItsDatabase() || targetDb.host() == null || sourceDb.host() == null) {
      return;
    }
    if (targetDb.host().equalsIgnoreCase(sourceDb.host()) && targetDb.effectivePort() == sourceDb.effectivePort()) {
      problems.add(prefix + ".host: '" + target.name() + "' is on the server of its drill source '" + source.name() + "' ("
          + targetDb.host() + ":" + targetDb.effectivePort() + "). A " + targetDb.vendor() + " dump restores into the database it"
          + " was taken from ('" + sourceDb.name() + "'), so this drill would drop the source's database: point the drill"
          + " target at another " + targetDb.vendor() + " server");
    } else if (!String.valueOf(targetDb.name()).equals(String.valueOf(sourceDb.name()))) {
      problems.add(prefix + ".name: '" + targetDb.name() + "' differs from the database of its drill source '" + source.name()
          + "' ('" + sourceDb.name() + "'). A " + targetDb.vendor() + " dump restores into the database it was taken from:"
          + " set " + prefix + ".name=" + sourceDb.name() + " (on the drill target's own server)");
    }
  }

  private static void checkSearchEngine(List<String> problems, String prefix, SecondaryStorageProperties storage) {
    if (storage.url() == null) {
      problems.add(prefix + ".url: must not be null: set the Elasticsearch/OpenSearch URL (e.g. http://camunda-elasticsearch:9200)");
    } else {
      checkHttpUrl(problems, prefix + ".url", storage.url().toString());
    }
    if (storage.hasBasicAuth() && storage.hasApiKey()) {
      problems.add(prefix + ": set either username/password or api-key, not both");
    }
    if (!storage.hasBasicAuth() && storage.password() != null && !storage.password().isEmpty()) {
      problems.add(prefix + ".username: required when password is set (is the variable behind username empty?)");
    }
    if (storage.hasBasicAuth() && (storage.password() == null || storage.password().isEmpty())) {
      problems.add(prefix + ".password: required when username is set (e.g. password: ${ES_PASSWORD})");
    }
  }

  /**
   * Kubernetes restore Jobs run the restore application of the image's version, which must be the
   * version the target runs: an image tagged with another version would restore with the wrong
   * application (e.g. an 8.8 image for an 8.9 RDBMS cluster).
   */
  private static void checkRestoreImage(List<String> problems, String prefix, RestoreProperties restore) {
    String image = restore.kubernetes().restoreImage();
    if (restore.mode() != RestoreMode.KUBERNETES || image == null || restore.camundaVersion() == null) {
      return;
    }
    Matcher tag = VERSION_TAG.matcher(image);
    if (tag.find() && !tag.group(1).equals(restore.camundaVersion())) {
      problems.add(prefix + ".kubernetes.restore-image: '" + image + "' runs Camunda " + tag.group(1) + " but " + prefix
          + ".camunda-version is " + restore.camundaVersion() + "; the restore Jobs must run the target's version: remove"
          + " restore-image (it then follows camunda-version) or tag it " + restore.camundaVersion());
    }
  }

  /** RDBMS: what the dump tools need, and nothing of the search-engine path. */
  private static void checkDatabase(List<String> problems, String clusterPrefix, ClusterProperties cluster) {
    String prefix = clusterPrefix + ".secondary-storage";
    SecondaryStorageProperties storage = cluster.secondaryStorage();
    if (cluster.optimizeEnabled()) {
      problems.add(clusterPrefix + ".optimize-url: Optimize is not part of an RDBMS backup (it keeps its data in"
          + " Elasticsearch/OpenSearch and is backed up on its own); remove optimize-url for this cluster");
    }
    if (storage.url() != null || storage.hasBasicAuth() || storage.hasApiKey()) {
      problems.add(prefix + ": url, username and api-key belong to Elasticsearch/OpenSearch; with type rdbms set the"
          + " connection under secondary-storage.database");
    }
    DatabaseProperties database = storage.database();
    if (database == null) {
      problems.add(prefix + ".database: required for type rdbms (vendor, host, name, username, password, dump-directory)");
      return;
    }
    checkDatabaseProperties(problems, prefix + ".database", database, "the Camunda database (schema) name");
  }

  /**
   * Additional databases: unique part names, a complete connection each, and never the Camunda
   * database itself (its dumps would be taken twice, and restored twice). A drill target is never
   * backed up, so it has none.
   */
  private static void checkAdditionalDatabases(List<String> problems, String clusterPrefix, ClusterProperties cluster) {
    java.util.Set<String> parts = new java.util.HashSet<>();
    List<AdditionalDatabaseProperties> databases = cluster.additionalDatabases();
    if (cluster.drillTarget() && !databases.isEmpty()) {
      problems.add(clusterPrefix + ".additional-databases: a drill target is never backed up; remove them (drills restore"
          + " Camunda's state only)");
      return;
    }
    for (int j = 0; j < databases.size(); j++) {
      AdditionalDatabaseProperties additional = databases.get(j);
      String prefix = clusterPrefix + ".additional-databases[" + j + "]";
      if (!parts.add(additional.part())) {
        problems.add(prefix + ".part: '" + additional.part() + "' is used twice in this cluster; give every additional database"
            + " its own part name (e.g. web-modeler, identity)");
      }
      DatabaseProperties database = additional.database();
      checkDatabaseProperties(problems, prefix + ".database", database, "the database (schema) name");
      DatabaseProperties camunda = cluster.secondaryStorage().isRdbms() ? cluster.secondaryStorage().database() : null;
      if (camunda != null && database.vendor() != DatabaseVendor.COMMAND && camunda.vendor() == database.vendor()
          && java.util.Objects.equals(camunda.host(), database.host()) && camunda.effectivePort() == database.effectivePort()
          && java.util.Objects.equals(camunda.name(), database.name())) {
        problems.add(prefix + ".database: is the Camunda database of secondary-storage.database (" + database.host() + ":"
            + database.effectivePort() + "/" + database.name() + "); it is already in every set: remove it here");
      }
    }
  }

  /** What a dump and a restore of {@code database} need, named by property ({@code db} is its prefix). */
  private static void checkDatabaseProperties(List<String> problems, String db, DatabaseProperties database, String nameIs) {
    if (database.dumpDirectory() == null) {
      problems.add(db + ".dump-directory: required: the directory the dumps are written to (e.g. /var/backups/camunda)");
    } else if (!database.dumpDirectory().isAbsolute()) {
      problems.add(db + ".dump-directory: '" + database.dumpDirectory() + "' must be an absolute path");
    }
    if (database.toolTimeout().isNegative() || database.toolTimeout().isZero()) {
      problems.add(db + ".tool-timeout: must be positive, was " + database.toolTimeout());
    }
    if (database.vendor() == DatabaseVendor.COMMAND) {
      DatabaseProperties.CommandProperties command = database.command();
      if (command == null || command.dump() == null || command.dump().isEmpty()) {
        problems.add(db + ".command.dump: required for vendor command: the command that writes the dump to {file}");
      }
      if (command == null || command.restore() == null || command.restore().isEmpty()) {
        problems.add(db + ".command.restore: required for vendor command: the command that restores {file}");
      }
      return;
    }
    requireText(problems, db + ".host", database.host(), "the database server's host name");
    requireText(problems, db + ".name", database.name(), nameIs);
    requireText(problems, db + ".username", database.username(), "the user the dump tools log in as");
    if (database.password() == null) {
      problems.add(db + ".password: required (e.g. password: ${CAMUNDA_DB_PASSWORD}); set it empty explicitly for a"
          + " passwordless login");
    }
    if (database.port() != null && (database.port() < 1 || database.port() > 65535)) {
      problems.add(db + ".port: must be between 1 and 65535, was " + database.port());
    }
    if (database.command() != null) {
      problems.add(db + ".command: only used with vendor command; remove it or set vendor: command");
    }
  }

  private static void requireText(List<String> problems, String property, String value, String what) {
    if (value == null || value.isBlank()) {
      problems.add(property + ": required: " + what);
    }
  }

  private static void checkHttpUrl(List<String> problems, String property, String url) {
    if (!(url.startsWith("http://") || url.startsWith("https://"))) {
      problems.add(property + ": '" + SecretRedaction.url(url) + "' must be an absolute http:// or https:// URL");
    }
  }

  /** @throws UnknownClusterException naming the configured clusters */
  public ClusterProperties get(String name) {
    ClusterProperties cluster = name == null ? null : clusters.get(name);
    if (cluster == null) {
      throw new UnknownClusterException(name, names());
    }
    return cluster;
  }

  public Set<String> names() {
    return clusters.keySet();
  }

  public List<ClusterProperties> all() {
    return List.copyOf(clusters.values());
  }
}
