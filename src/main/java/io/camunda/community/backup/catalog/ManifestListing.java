package io.camunda.community.backup.catalog;

import java.util.Map;

/**
 * Which backup IDs of a cluster have a manifest stored beside their set, each with the trigger it
 * records ({@code manual}, {@code scheduled} or {@code unknown}). Implemented where the manifests
 * are kept ({@code manifest.ManifestStores}), so the catalog does not depend on how.
 */
@FunctionalInterface
public interface ManifestListing {

  /** Not read: every set's manifest status stays null. */
  ManifestListing NOT_READ = clusterName -> null;

  /**
   * @return backup ID to trigger; null when manifests are not read at all
   * @throws RuntimeException when the manifests cannot be listed: never read as "none"
   */
  Map<Long, String> list(String clusterName);
}
