package io.camunda.community.backup.config;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rules for the URLs of one target cluster that keep credentials safe on their way:
 *
 * <ul>
 *   <li>no {@code user:password@} in a URL: it would be shown wherever the URL is (logs,
 *       incidents, error texts); credentials belong in their own properties, from the environment;
 *   <li>no basic auth or API key over plain {@code http://} to another host, where anyone on the
 *       path can read them, unless the cluster says {@code allow-insecure-http: true}.
 * </ul>
 */
final class TargetUrlRules {

  private static final Pattern LOOPBACK_IPV4 = Pattern.compile("127(\\.\\d{1,3}){3}");

  private TargetUrlRules() {}

  /** The problems of cluster {@code prefix} ({@code backup-orchestrator.clusters[i]}), each naming its property. */
  static List<String> problems(String prefix, ClusterProperties cluster) {
    List<String> problems = new ArrayList<>();
    String managementFix = "the management APIs take no credentials";
    noCredentialsIn(problems, prefix + ".management-url", cluster.managementUrl(), managementFix);
    if (cluster.optimizeUrl() != null) {
      noCredentialsIn(problems, prefix + ".optimize-url", cluster.optimizeUrl(), managementFix);
    }
    if (cluster.standalone() != null) {
      noCredentialsIn(problems, prefix + ".standalone.operate-management-url", cluster.standalone().operateManagementUrl(), managementFix);
      noCredentialsIn(problems, prefix + ".standalone.tasklist-management-url", cluster.standalone().tasklistManagementUrl(), managementFix);
    }
    for (int i = 0; i < cluster.brokerManagementUrls().size(); i++) {
      noCredentialsIn(problems, prefix + ".broker-management-urls[" + i + "]", cluster.brokerManagementUrls().get(i), managementFix);
    }
    SecondaryStorageProperties storage = cluster.secondaryStorage();
    if (storage.url() != null) {
      String storageProperty = prefix + ".secondary-storage.url";
      noCredentialsIn(problems, storageProperty, storage.url(),
          "set " + prefix + ".secondary-storage.username and .password (or .api-key) instead, from the environment (e.g. password: ${ES_PASSWORD})");
      if (!storage.isRdbms() && !cluster.allowInsecureHttp()) {
        credentialsOnlyOverHttps(problems, prefix, storageProperty, storage);
      }
    }
    return problems;
  }

  private static void noCredentialsIn(List<String> problems, String property, URI url, String fix) {
    if (url.getRawUserInfo() != null || hasUserInfoWithoutScheme(url)) {
      problems.add(property + ": '" + SecretRedaction.url(url.toString()) + "' embeds credentials (user:password@): remove them from"
          + " the URL; " + fix);
    }
  }

  /** {@code elastic:pw@es:9200} parses as scheme "elastic"; the credentials are still there. */
  private static boolean hasUserInfoWithoutScheme(URI url) {
    return url.getScheme() != null && !url.getScheme().toLowerCase(Locale.ROOT).startsWith("http")
        && url.getRawSchemeSpecificPart() != null && url.getRawSchemeSpecificPart().contains("@");
  }

  private static void credentialsOnlyOverHttps(List<String> problems, String prefix, String property, SecondaryStorageProperties storage) {
    URI url = storage.url();
    if (!"http".equalsIgnoreCase(url.getScheme()) || isLoopback(url.getHost())) {
      return;
    }
    String credentials = storage.hasApiKey() ? "an API key (api-key)" : storage.hasBasicAuth() ? "basic-auth credentials (username/password)" : null;
    if (credentials == null) {
      return;
    }
    problems.add(property + ": '" + SecretRedaction.url(url.toString()) + "' is plain http:// to another host, and " + credentials
        + " would travel unencrypted with every request; use an https:// URL, or, if the network path is private and you accept"
        + " the risk, set " + prefix + ".allow-insecure-http: true");
  }

  /** This machine by name or literal address (no DNS lookup: a name resolving to 127.0.0.1 elsewhere does not count). */
  static boolean isLoopback(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h.equals("localhost") || h.endsWith(".localhost") || LOOPBACK_IPV4.matcher(h).matches()
        || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
  }
}
