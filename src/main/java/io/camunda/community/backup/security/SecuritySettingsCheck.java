package io.camunda.community.backup.security;

import static io.camunda.community.backup.security.SecurityProperties.PREFIX;

import io.camunda.community.backup.security.SecurityProperties.ApiKey;
import io.camunda.community.backup.security.SecurityProperties.Grant;
import io.camunda.community.backup.security.SecurityProperties.Oidc;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What binding cannot check about {@code backup-orchestrator.security.*}: that some authentication
 * is configured at all, that every API key hash is usable, that grants name known clusters. Fails
 * startup with every problem at once, each with its property name and the fix.
 */
final class SecuritySettingsCheck {

  static final String NOTHING_CONFIGURED = PREFIX + ": the HTTP API has no authentication configured. Configure OIDC ("
      + PREFIX + ".oidc.issuer-uri or " + PREFIX + ".oidc.jwk-set-uri, with .audiences and .grants) and/or API keys ("
      + PREFIX + ".api-keys[0].name, .hash, .permissions); see docs/security.md. Only for a local demo: "
      + PREFIX + ".mode=none turns authentication off.";

  private SecuritySettingsCheck() {}

  /** @throws IllegalStateException naming every offending property */
  static void check(SecurityProperties properties, Set<String> clusterNames) {
    if (properties.mode() == SecurityProperties.Mode.NONE) {
      return;
    }
    if (!properties.oidc().enabled() && !properties.apiKeysEnabled()) {
      throw new IllegalStateException(NOTHING_CONFIGURED);
    }
    List<String> problems = new ArrayList<>();
    if (properties.apiKeyHeader() == null || properties.apiKeyHeader().isBlank()) {
      problems.add(PREFIX + ".api-key-header: must not be empty; the default is X-API-Key");
    } else if (properties.apiKeyHeader().equalsIgnoreCase("Authorization")) {
      problems.add(PREFIX + ".api-key-header: Authorization carries bearer tokens; use another header such as X-API-Key");
    }
    checkApiKeys(problems, properties.apiKeys(), clusterNames);
    checkOidc(problems, properties.oidc(), clusterNames);
    if (!problems.isEmpty()) {
      throw new IllegalStateException("Invalid security configuration:\n  - " + String.join("\n  - ", problems));
    }
  }

  private static void checkApiKeys(List<String> problems, List<ApiKey> keys, Set<String> clusterNames) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < keys.size(); i++) {
      ApiKey key = keys.get(i);
      String prefix = PREFIX + ".api-keys[" + i + "]";
      if (key.name() == null || key.name().isBlank()) {
        problems.add(prefix + ".name: required; it names the caller in logs and process variables");
      } else if (!names.add(key.name())) {
        problems.add(prefix + ".name: '" + key.name() + "' is used twice; give every key a unique name");
      }
      if (ApiKeyHash.parse(key.hash()).isEmpty()) {
        // never echo the value: it may be the key itself, pasted by mistake
        problems.add(prefix + ".hash: must be the SHA-256 of the key as 64 hex digits (printf %s \"$KEY\" | sha256sum)"
            + " or a bcrypt hash ($2a$/$2b$/$2y$...); the key itself is never configured");
      }
      if (key.permissions().isEmpty()) {
        problems.add(prefix + ".permissions: list at least one of read, backup, admin");
      }
      checkClusters(problems, prefix + ".clusters", key.clusters(), clusterNames);
    }
  }

  private static void checkOidc(List<String> problems, Oidc oidc, Set<String> clusterNames) {
    String prefix = PREFIX + ".oidc";
    if (!oidc.enabled()) {
      if (!oidc.grants().isEmpty()) {
        problems.add(prefix + ".issuer-uri: required when " + prefix + ".grants is set (or set " + prefix + ".jwk-set-uri)");
      }
      return;
    }
    checkUri(problems, prefix + ".issuer-uri", oidc.issuerUri());
    checkUri(problems, prefix + ".jwk-set-uri", oidc.jwkSetUri());
    if (oidc.audiences().stream().allMatch(a -> a == null || a.isBlank())) {
      problems.add(prefix + ".audiences: required: a token must be meant for this application, not merely signed by the provider"
          + " (e.g. backup-orchestrator; Entra: the application ID URI or client ID)");
    }
    if (oidc.principalClaims().isEmpty()) {
      problems.add(prefix + ".principal-claims: list at least one claim, e.g. preferred_username, sub");
    }
    if (oidc.authoritiesClaims().isEmpty()) {
      problems.add(prefix + ".authorities-claims: list at least one claim that carries roles, groups or scopes, e.g. realm_access.roles");
    }
    if (oidc.grants().isEmpty()) {
      problems.add(prefix + ".grants: list at least one; without grants no token may do anything"
          + " (e.g. grants[0].authority=backup-admins, grants[0].permissions=admin)");
    }
    for (int i = 0; i < oidc.grants().size(); i++) {
      Grant grant = oidc.grants().get(i);
      String grantPrefix = prefix + ".grants[" + i + "]";
      if (grant.authority() == null || grant.authority().isBlank()) {
        problems.add(grantPrefix + ".authority: required: a value of the authorities claims (a role, group or scope)");
      }
      if (grant.permissions().isEmpty()) {
        problems.add(grantPrefix + ".permissions: list at least one of read, backup, admin");
      }
      checkClusters(problems, grantPrefix + ".clusters", grant.clusters(), clusterNames);
    }
  }

  private static void checkClusters(List<String> problems, String property, Set<String> listed, Set<String> clusterNames) {
    for (String cluster : listed) {
      if (!clusterNames.contains(cluster)) {
        problems.add(property + ": unknown cluster '" + cluster + "'; the configured clusters are " + clusterNames);
      }
    }
  }

  private static void checkUri(List<String> problems, String property, URI uri) {
    if (uri != null && (!uri.isAbsolute() || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())))) {
      problems.add(property + ": '" + uri + "' must be an absolute https:// (or http://) URL");
    }
  }
}
