package io.camunda.community.backup.security;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.security.core.GrantedAuthority;

/**
 * One permission of an authenticated caller, on every cluster ({@code clusters} empty) or only on
 * the listed ones. The unit Spring Security carries as the caller's authorities.
 */
public record ClusterGrant(Permission permission, Set<String> clusters) implements GrantedAuthority {

  public ClusterGrant {
    clusters = Set.copyOf(clusters);
  }

  /** Whether this grant lets its holder do what {@code needed} guards on {@code cluster}. */
  public boolean allows(Permission needed, String cluster) {
    return permission.includes(needed) && (clusters.isEmpty() || clusters.contains(cluster));
  }

  /** E.g. {@code backup} or {@code backup:prod,staging}; for logs and error texts. */
  @Override
  public String getAuthority() {
    return clusters.isEmpty() ? permission.configName() : permission.configName() + ":" + String.join(",", new TreeSet<>(clusters));
  }

  static Set<ClusterGrant> of(Set<Permission> permissions, Set<String> clusters) {
    return permissions.stream().map(p -> new ClusterGrant(p, clusters)).collect(java.util.stream.Collectors.toSet());
  }
}
