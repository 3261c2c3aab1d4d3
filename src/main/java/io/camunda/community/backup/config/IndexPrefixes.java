package io.camunda.community.backup.config;

import java.util.regex.Pattern;

/**
 * The index name prefixes of one cluster's search storage, as Camunda is configured with them:
 *
 * <ul>
 *   <li>{@code indexPrefix}: the Orchestration Cluster's shared prefix of the Operate, Tasklist and
 *       Camunda indices ({@code camunda.data.secondary-storage.*.index-prefix}; empty by default:
 *       {@code operate-list-view-8.3.0_}; {@code prod} gives {@code prod-operate-list-view-8.3.0_});
 *   <li>{@code optimizeIndexPrefix}: Optimize's ({@code optimize} by default);
 *   <li>{@code zeebeRecordsIndexPrefix}: the Elasticsearch/OpenSearch exporter's ({@code zeebe-record}).
 * </ul>
 */
public record IndexPrefixes(String indexPrefix, String optimizeIndexPrefix, String zeebeRecordsIndexPrefix) {

  public static final IndexPrefixes DEFAULTS = new IndexPrefixes("", "optimize", "zeebe-record");

  /** The web apps' indices: {@code [<indexPrefix>-](camunda|operate|tasklist)-...}, anchored at the start. */
  public Pattern webapps() {
    String prefix = indexPrefix.isEmpty() ? "" : Pattern.quote(indexPrefix) + "-";
    return Pattern.compile("^" + prefix + "(camunda|operate|tasklist)[-_].*");
  }

  /** Optimize's indices: {@code <optimizeIndexPrefix>-...} or {@code <optimizeIndexPrefix>_...}. */
  public Pattern optimize() {
    return Pattern.compile("^" + Pattern.quote(optimizeIndexPrefix) + "[-_].*");
  }
}
