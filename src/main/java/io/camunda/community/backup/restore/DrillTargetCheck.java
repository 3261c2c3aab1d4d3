package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.DatabaseProperties;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Before a drill restores over its scratch target: is it a drill target, and is it really another
 * cluster than the one whose backup it rehearses? Startup already refuses a configuration that
 * names the source as its own target; this catches two names for one cluster (a copied URL, a
 * DNS alias) by what the clusters themselves report. A drill never touches the source beyond
 * these reads.
 *
 * <p>Identity: the management URL, and for Elasticsearch/OpenSearch the search cluster's UUID
 * (read from both, so an identity that cannot be read stops the drill: {@link
 * io.camunda.community.backup.client.TargetUnavailableException}); for a relational database the
 * server and database the dumps are restored into.
 */
@Service
public class DrillTargetCheck {

  /** The drill may go ahead: {@code target} restores the newest complete set of {@code source}. */
  public record Drill(String source, String target, String identity) {}

  /** Why a drill must not run; nothing was changed. */
  public static final class DrillRefusedException extends RuntimeException {
    public DrillRefusedException(String message) {
      super(message);
    }
  }

  private final ClusterRegistry registry;
  private final TargetClients clients;

  public DrillTargetCheck(ClusterRegistry registry, TargetClients clients) {
    this.registry = registry;
    this.clients = clients;
  }

  /** @throws DrillRefusedException when {@code targetName} is no drill target or is its source */
  public Drill check(String targetName) {
    ClusterProperties target = registry.get(targetName);
    if (!target.drillTarget()) {
      throw new DrillRefusedException("cluster '" + targetName + "' is not a drill target: restore drills only restore into a"
          + " cluster configured with clusters[i].drill.source-cluster (a scratch cluster nothing on which is kept)");
    }
    ClusterProperties source = registry.get(target.drill().sourceCluster());
    if (sameEndpoint(source.managementUrl(), target.managementUrl())) {
      throw refused(source, target, "both have the management URL " + target.managementUrl());
    }
    if (target.secondaryStorage().isRdbms()) {
      Optional<String> same = sameDatabase(source.secondaryStorage().database(), target.secondaryStorage().database());
      if (same.isPresent()) {
        throw refused(source, target, "both restore into " + same.get());
      }
      return new Drill(source.name(), targetName, "database " + describe(target.secondaryStorage().database()));
    }
    String sourceUuid = clients.snapshots(source.name()).clusterUuid();
    String targetUuid = clients.snapshots(targetName).clusterUuid();
    if (sourceUuid.equals(targetUuid)) {
      throw refused(source, target, "both reach the search cluster with UUID " + targetUuid + " (the source's own data)");
    }
    return new Drill(source.name(), targetName, "search cluster " + targetUuid);
  }

  private static DrillRefusedException refused(ClusterProperties source, ClusterProperties target, String why) {
    return new DrillRefusedException("DRILL REFUSED, nothing was changed: drill target '" + target.name() + "' is the same cluster"
        + " as its source '" + source.name() + "' (" + why + "). A drill deletes and restores the target's data: point '"
        + target.name() + "' at a separate scratch installation that reads the source's backup storage");
  }

  private static boolean sameEndpoint(URI a, URI b) {
    return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b)
        && trimmed(a.getPath()).equals(trimmed(b.getPath()));
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private static String trimmed(String path) {
    return path == null ? "" : path.replaceAll("/+$", "");
  }

  private static Optional<String> sameDatabase(DatabaseProperties source, DatabaseProperties target) {
    if (source == null || target == null || source.host() == null || target.host() == null) {
      // vendor "command": the commands say where they restore, which cannot be compared here
      return Optional.empty();
    }
    // A dump that names its database (MariaDB) restores into the source's database on any server
    // the target reaches: the same server is the same database, whatever name the target is given.
    boolean same = source.host().toLowerCase(Locale.ROOT).equals(target.host().toLowerCase(Locale.ROOT))
        && effectivePort(source) == effectivePort(target)
        && (target.vendor().dumpNamesItsDatabase() || String.valueOf(source.name()).equals(String.valueOf(target.name())));
    return same ? Optional.of(describe(target)) : Optional.empty();
  }

  private static int effectivePort(DatabaseProperties database) {
    return database.port() != null ? database.port() : database.vendor().defaultPort();
  }

  private static String describe(DatabaseProperties database) {
    return database.host() == null ? "(restore command)" : database.host() + ":" + effectivePort(database) + "/" + database.name();
  }
}
