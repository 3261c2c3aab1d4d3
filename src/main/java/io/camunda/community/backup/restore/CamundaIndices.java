package io.camunda.community.backup.restore;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which indices belong to Camunda and are deleted before the snapshots are restored (contract 4.2
 * step 4; the 8.8 filter is camunda|operate|tasklist|optimize|zeebe). Anchored at the start of the
 * name, so an unrelated index that merely contains "camunda" is left alone.
 */
public final class CamundaIndices {

  private static final Pattern WEBAPPS = Pattern.compile("^(camunda|operate|tasklist|optimize)[-_].*");

  private CamundaIndices() {}

  public static List<String> select(List<String> indices, String zeebeRecordsPrefix) {
    return indices.stream().filter(i -> isCamunda(i, zeebeRecordsPrefix)).sorted().toList();
  }

  public static boolean isCamunda(String index, String zeebeRecordsPrefix) {
    return WEBAPPS.matcher(index).matches() || index.startsWith(zeebeRecordsPrefix);
  }
}
