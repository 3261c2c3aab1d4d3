package io.camunda.community.backup.restore;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which indices belong to Camunda and are deleted before the snapshots are restored (contract 4.2
 * step 4; the 8.8 filter is camunda|operate|tasklist|optimize|zeebe). Anchored at the start of the
 * name, so an unrelated index that merely contains "camunda" is left alone. {@code optimize-*}
 * counts only when the backup set has an Optimize part: without one, nothing would restore them.
 */
public final class CamundaIndices {

  private static final Pattern WEBAPPS = Pattern.compile("^(camunda|operate|tasklist)[-_].*");
  private static final Pattern OPTIMIZE = Pattern.compile("^optimize[-_].*");

  private CamundaIndices() {}

  public static List<String> select(List<String> indices, String zeebeRecordsPrefix, boolean withOptimize) {
    return indices.stream().filter(i -> isCamunda(i, zeebeRecordsPrefix, withOptimize)).sorted().toList();
  }

  public static boolean isCamunda(String index, String zeebeRecordsPrefix, boolean withOptimize) {
    return WEBAPPS.matcher(index).matches() || index.startsWith(zeebeRecordsPrefix)
        || (withOptimize && OPTIMIZE.matcher(index).matches());
  }
}
