package io.camunda.community.backup.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code clusters[i].second-location} must say for the cluster's kind of set: every part the
 * set has needs its second place, and no place may be the first one (or inside it), since a copy
 * into its own source would prove nothing and a deletion there would delete the original.
 */
final class SecondLocationRules {

  private SecondLocationRules() {}

  static List<String> problems(String clusterPrefix, ClusterProperties cluster) {
    List<String> problems = new ArrayList<>();
    SecondLocationProperties location = cluster.secondLocation();
    if (location == null) {
      return problems;
    }
    String prefix = clusterPrefix + ".second-location";
    if (cluster.drillTarget()) {
      problems.add(prefix + ": a drill target is never backed up, so it has no sets to keep twice; remove it");
      return problems;
    }
    if (location.deadline().isNegative() || location.deadline().isZero()) {
      problems.add(prefix + ".deadline: must be positive, was " + location.deadline());
    }
    if (location.checkInterval().isNegative() || location.checkInterval().isZero()) {
      problems.add(prefix + ".check-interval: must be positive, was " + location.checkInterval());
    } else if (location.checkInterval().compareTo(location.deadline()) >= 0) {
      problems.add(prefix + ".check-interval: " + location.checkInterval() + " is not shorter than deadline " + location.deadline()
          + ": the set would be checked once at most; shorten it");
    }
    if (location.zeebeStore() == null) {
      problems.add(prefix + ".zeebe-store: required: the brokers' backup store (primary) and its second place (second), as"
          + " this application sees them, e.g. primary: /mnt/zeebe-backups, second: /mnt/dr/zeebe-backups");
    } else {
      checkPair(problems, prefix + ".zeebe-store", location, location.zeebeStore().primary(), location.zeebeStore().second());
    }
    boolean searchEngine = !cluster.secondaryStorage().isRdbms();
    SecondLocationProperties.SnapshotRepository repository = location.snapshotRepository();
    if (searchEngine && repository == null) {
      problems.add(prefix + ".snapshot-repository: required with Elasticsearch/OpenSearch storage: the repository's files"
          + " (primary), their second place (second) and the repository registered read-only over it (second-repository)");
    } else if (!searchEngine && repository != null) {
      problems.add(prefix + ".snapshot-repository: the cluster keeps its secondary storage in a database, which has no"
          + " snapshot repository; remove it (the dumps are kept twice under dump-directory)");
    } else if (repository != null) {
      checkPair(problems, prefix + ".snapshot-repository", location, repository.primary(), repository.second());
      String own = cluster.secondaryStorage().snapshotRepository();
      if (repository.secondRepository() == null || repository.secondRepository().isBlank()) {
        problems.add(prefix + ".snapshot-repository.second-repository: required: the name of the repository registered on the"
            + " target, read-only, over " + repository.second() + " (PUT _snapshot/<name> with readonly: true); the catalog"
            + " reads the second copy through it");
      } else if (repository.secondRepository().equals(own)) {
        problems.add(prefix + ".snapshot-repository.second-repository: '" + own + "' is the repository the backups are written"
            + " to; register another one, read-only, over the second copy");
      }
    }
    if (location.keepComplete() != null && searchEngine) {
      problems.add(prefix + ".keep-complete: the second snapshot repository follows the primary repository's generations, in"
          + " which deleted snapshots disappear, so it cannot keep sets longer or apart: remove it (the second location keeps"
          + " what retention.* keeps)");
    } else if (location.keepComplete() != null && location.mode() != SecondLocationProperties.Mode.COPY) {
      problems.add(prefix + ".keep-complete: with mode verify the storage replicates deletions itself; remove it, or use mode copy");
    }
    List<Path> dumpDirectories = new ArrayList<>();
    if (cluster.secondaryStorage().isRdbms() && cluster.secondaryStorage().database() != null) {
      dumpDirectories.add(cluster.secondaryStorage().database().dumpDirectory());
    }
    cluster.additionalDatabases().forEach(additional -> dumpDirectories.add(additional.database().dumpDirectory()));
    dumpDirectories.removeIf(java.util.Objects::isNull);
    if (dumpDirectories.isEmpty() && location.dumpDirectory() != null) {
      problems.add(prefix + ".dump-directory: the cluster writes no dumps (no RDBMS storage, no additional databases); remove it");
    } else if (!dumpDirectories.isEmpty() && location.dumpDirectory() == null) {
      problems.add(prefix + ".dump-directory: required: the cluster's dumps (" + dumpDirectories + ") need a second place,"
          + " e.g. /mnt/dr/camunda-dumps");
    } else {
      for (Path primary : dumpDirectories) {
        checkPair(problems, prefix + ".dump-directory", location, primary, location.dumpDirectory());
      }
    }
    return problems;
  }

  private static void checkPair(List<String> problems, String property, SecondLocationProperties location, Path primary,
      Path second) {
    if (primary == null || second == null) {
      return; // bean validation names the missing one
    }
    if (location.inBucket()) {
      if (!primary.isAbsolute()) {
        problems.add(property + ": '" + primary + "' must be an absolute path");
      }
      String key = second.toString();
      if (key.startsWith("/") || key.isBlank() || key.contains("..")) {
        problems.add(property + ": '" + key + "' is a key prefix in the bucket " + location.s3().bucket() + " (second-location.s3):"
            + " write it without a leading '/' and without '..', e.g. " + (key.replaceAll("^/+", "").isBlank() ? "zeebe"
            : key.replaceAll("^/+", "").replace("..", "")));
      }
      return;
    }
    if (!primary.isAbsolute() || !second.isAbsolute()) {
      problems.add(property + ": '" + (primary.isAbsolute() ? second : primary) + "' must be an absolute path");
      return;
    }
    Path first = primary.normalize();
    Path other = second.normalize();
    if (first.startsWith(other) || other.startsWith(first)) {
      problems.add(property + ": the second place " + other + " is, or lies inside or above, the primary " + first
          + "; a copy must not share the storage it protects: point it at another volume or bucket");
    }
  }
}
