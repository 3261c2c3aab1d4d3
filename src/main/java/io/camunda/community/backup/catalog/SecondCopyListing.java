package io.camunda.community.backup.catalog;

import java.util.List;
import java.util.Map;

/** Reads, for the catalog, whether each complete set's second copy is whole ({@code second-location}). */
public interface SecondCopyListing {

  /** For a cluster without a second location: nothing to show. */
  SecondCopyListing NONE = (clusterName, sets) -> Map.of();

  /** The status of the second copy of each complete set; empty when the cluster has no second location. */
  Map<Long, SecondCopyStatus> statuses(String clusterName, List<BackupSet> sets);
}
