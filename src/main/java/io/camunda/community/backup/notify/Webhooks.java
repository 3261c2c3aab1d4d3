package io.camunda.community.backup.notify;

import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.NotificationProperties;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.WebhookProperties;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The configured webhooks, checked at startup: a malformed URL, a URL with {@code user:password@},
 * an unknown format or event, a missing or repeated name stops the application with the property
 * named (and the URL never shown beyond scheme, host and port). Routes an event of a cluster to the
 * global webhooks and the cluster's own that want it.
 */
@Component
public class Webhooks {

  private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);
  static final String GLOBAL = "backup-orchestrator.notifications.webhooks";

  private final List<Webhook> global;
  private final Map<String, List<Webhook>> byCluster = new LinkedHashMap<>();

  public Webhooks(NotificationProperties notifications, OrchestratorProperties orchestrator) {
    List<String> problems = new ArrayList<>();
    settings(problems, notifications);
    this.global = parse(GLOBAL, notifications.webhooks(), Set.of(), problems);
    Set<String> globalNames = new HashSet<>();
    global.forEach(w -> globalNames.add(w.name()));
    List<ClusterProperties> clusters = orchestrator.clusters() == null ? List.of() : orchestrator.clusters();
    for (int i = 0; i < clusters.size(); i++) {
      ClusterProperties cluster = clusters.get(i);
      List<WebhookProperties> own = cluster.notifications() == null ? List.of() : cluster.notifications().webhooks();
      byCluster.put(cluster.name(), parse("backup-orchestrator.clusters[" + i + "].notifications.webhooks", own, globalNames, problems));
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid notification configuration:\n  - " + String.join("\n  - ", problems));
    }
    int count = global.size() + byCluster.values().stream().mapToInt(List::size).sum();
    if (count > 0) {
      LOG.info("Notifications go to {} webhook(s): {}", count, all().stream().map(Webhook::shown).toList());
    }
  }

  /** The webhooks an event of {@code cluster} goes to: the global ones and the cluster's own, each if it wants the event. */
  public List<Webhook> targets(NotificationEvent event, String cluster) {
    List<Webhook> targets = new ArrayList<>();
    global.stream().filter(w -> w.wants(event)).forEach(targets::add);
    byCluster.getOrDefault(cluster, List.of()).stream().filter(w -> w.wants(event)).forEach(targets::add);
    return targets;
  }

  public List<Webhook> all() {
    List<Webhook> all = new ArrayList<>(global);
    byCluster.values().forEach(all::addAll);
    return all;
  }

  private static void settings(List<String> problems, NotificationProperties n) {
    String p = "backup-orchestrator.notifications.";
    if (n.backoff().isNegative() || n.backoff().isZero()) {
      problems.add(p + "backoff: must be positive, was " + n.backoff());
    }
    if (n.maxBackoff().compareTo(n.backoff()) < 0) {
      problems.add(p + "max-backoff: must be at least backoff (" + n.backoff() + "), was " + n.maxBackoff());
    }
    if (n.timeout().isNegative() || n.timeout().isZero()) {
      problems.add(p + "timeout: must be positive, was " + n.timeout());
    }
  }

  private static List<Webhook> parse(String prefix, List<WebhookProperties> configured, Set<String> globalNames, List<String> problems) {
    List<Webhook> webhooks = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < configured.size(); i++) {
      WebhookProperties properties = configured.get(i);
      String p = prefix + "[" + i + "]";
      int before = problems.size();
      String name = properties.name() == null ? "" : properties.name().trim();
      if (name.isEmpty()) {
        problems.add(p + ".name: required: how logs name this webhook (its URL never appears there)");
      } else if (!names.add(name)) {
        problems.add(p + ".name: '" + name + "' is used twice; give every webhook a unique name");
      } else if (globalNames.contains(name)) {
        problems.add(p + ".name: '" + name + "' is also the name of a global webhook (" + GLOBAL + "); logs could not tell them apart");
      }
      URI url = url(p + ".url", properties.url(), problems);
      Optional<WebhookFormat> format = WebhookFormat.byId(properties.format());
      if (format.isEmpty()) {
        problems.add(p + ".format: '" + properties.format() + "' is not a format; use one of " + WebhookFormat.ids() + " (default json)");
      }
      Set<NotificationEvent> events = EnumSet.noneOf(NotificationEvent.class);
      for (int e = 0; e < properties.events().size(); e++) {
        String id = properties.events().get(e);
        Optional<NotificationEvent> event = NotificationEvent.byId(id == null ? "" : id.trim().toLowerCase(Locale.ROOT));
        if (event.isEmpty()) {
          problems.add(p + ".events[" + e + "]: '" + id + "' is not an event; use " + NotificationEvent.ids() + " (none listed: all)");
        } else {
          events.add(event.get());
        }
      }
      if (problems.size() == before) {
        webhooks.add(new Webhook(name, url, format.orElseThrow(), Set.copyOf(events), p));
        if ("http".equals(url.getScheme()) && !isLoopback(url.getHost())) {
          LOG.warn("{}.url: webhook '{}' is plain http:// to {}: the URL (a secret) and every notification travel unencrypted;"
              + " use https://", p, name, url.getHost());
        }
      }
    }
    return List.copyOf(webhooks);
  }

  /** The URL, or null with a problem that never repeats more of it than scheme, host and port. */
  private static URI url(String property, String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      problems.add(property + ": required: where notifications are posted; a secret, so give it as a placeholder"
          + " (url: ${OPS_WEBHOOK_URL})");
      return null;
    }
    URI url;
    try {
      url = new URI(value.trim());
    } catch (URISyntaxException e) {
      // e.getMessage() repeats the whole value: only the reason and position are shown
      problems.add(property + ": not a valid URL (" + e.getReason() + " at index " + e.getIndex() + ")");
      return null;
    }
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      problems.add(property + ": must be an absolute http:// or https:// URL" + (scheme.isEmpty() ? "" : ", not " + scheme + ":"));
      return null;
    }
    if (url.getRawUserInfo() != null) {
      problems.add(property + ": '" + scheme + "://" + io.camunda.community.backup.config.SecretRedaction.MASK + "@" + url.getHost()
          + "' embeds credentials (user:password@): remove them; a webhook authenticates with the token in its URL");
      return null;
    }
    if (url.getHost() == null || url.getHost().isBlank()) {
      problems.add(property + ": has no host name");
      return null;
    }
    return url;
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
  }
}
