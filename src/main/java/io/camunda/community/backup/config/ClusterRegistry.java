package io.camunda.community.backup.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The named target clusters. Checks what bean validation cannot express (unique names, one kind
 * of credentials, absolute http(s) URLs) so a bad configuration fails at startup with the
 * property name and the fix.
 */
@Component
public class ClusterRegistry {

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
      SecondaryStorageProperties storage = cluster.secondaryStorage();
      checkHttpUrl(problems, prefix + ".secondary-storage.url", storage.url().toString());
      if (storage.hasBasicAuth() && storage.hasApiKey()) {
        problems.add(prefix + ".secondary-storage: set either username/password or api-key, not both");
      }
      if (!storage.hasBasicAuth() && storage.password() != null && !storage.password().isEmpty()) {
        problems.add(prefix + ".secondary-storage.username: required when password is set (is the variable behind username empty?)");
      }
      if (storage.hasBasicAuth() && (storage.password() == null || storage.password().isEmpty())) {
        problems.add(prefix + ".secondary-storage.password: required when username is set (e.g. password: ${ES_PASSWORD})");
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid cluster configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  private static void checkHttpUrl(List<String> problems, String property, String url) {
    if (!(url.startsWith("http://") || url.startsWith("https://"))) {
      problems.add(property + ": '" + url + "' must be an absolute http:// or https:// URL");
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
