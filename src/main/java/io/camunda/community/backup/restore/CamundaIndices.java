package io.camunda.community.backup.restore;

import io.camunda.community.backup.config.IndexPrefixes;
import java.util.List;

/**
 * Which indices belong to Camunda and are deleted before the snapshots are restored (contract 4.2
 * step 4; the 8.8 filter is camunda|operate|tasklist|optimize|zeebe). Anchored at the start of the
 * name, so an unrelated index that merely contains "camunda" is left alone; with the cluster's
 * configured prefixes ({@link IndexPrefixes}), so a custom prefix is found and another
 * installation's indices on the same storage are not. Optimize's indices count only when the
 * backup set has an Optimize part: without one, nothing would restore them.
 */
public final class CamundaIndices {

  private CamundaIndices() {}

  public static List<String> select(List<String> indices, IndexPrefixes prefixes, boolean withOptimize) {
    return indices.stream().filter(i -> isCamunda(i, prefixes, withOptimize)).sorted().toList();
  }

  public static boolean isCamunda(String index, IndexPrefixes prefixes, boolean withOptimize) {
    return prefixes.webapps().matcher(index).matches() || index.startsWith(prefixes.zeebeRecordsIndexPrefix())
        || (withOptimize && prefixes.optimize().matcher(index).matches());
  }
}
