package io.camunda.community.backup.security;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code backup-orchestrator.security.*}: who may call the HTTP API (docs/security.md). Either or
 * both ways of authenticating are on as soon as they are configured: OIDC bearer tokens
 * ({@code oidc.issuer-uri} or {@code oidc.jwk-set-uri}) and API keys ({@code api-keys}). With
 * neither, the application refuses to start unless {@code mode} is {@code none}. Everything is
 * checked at startup by {@link SecuritySettingsCheck}.
 *
 * @param mode {@code authenticated} (default) or {@code none}: no authentication at all, for a
 *     local demo only; logged as a warning at every start
 * @param apiKeyHeader the request header that carries an API key
 * @param apiKeys the accepted API keys, each stored as a hash only
 * @param oidc the OIDC provider whose access tokens are accepted
 */
@ConfigurationProperties("backup-orchestrator.security")
public record SecurityProperties(
    @DefaultValue("authenticated") Mode mode,
    @DefaultValue("X-API-Key") String apiKeyHeader,
    @DefaultValue List<ApiKey> apiKeys,
    @DefaultValue Oidc oidc) {

  public static final String PREFIX = "backup-orchestrator.security";

  public enum Mode {
    AUTHENTICATED,
    NONE
  }

  public boolean apiKeysEnabled() {
    return !apiKeys.isEmpty();
  }

  /**
   * One API key.
   *
   * @param name who the key stands for; recorded as {@code api-key:<name>} wherever the caller is named
   * @param hash SHA-256 of the key as 64 hex digits, or a bcrypt hash ({@code $2a$...}, {@code $2b$...}, {@code $2y$...})
   * @param permissions what the key may do
   * @param clusters the only clusters it may act on; empty: all
   */
  public record ApiKey(String name, String hash, @DefaultValue Set<Permission> permissions, @DefaultValue Set<String> clusters) {}

  /**
   * The OIDC provider (Camunda Identity's Keycloak, Microsoft Entra ID, any other).
   *
   * @param issuerUri the provider's issuer; its discovery document names the keys, and tokens must carry it as {@code iss}
   * @param jwkSetUri where the signing keys are, when the issuer has no discovery document (or in addition to the issuer)
   * @param audiences a token must name at least one of these in {@code aud}
   * @param principalClaims the caller's name is the first of these claims a token carries
   * @param authoritiesClaims where a token carries roles, groups or scopes (dotted paths for nested claims,
   *     e.g. {@code realm_access.roles}); a claim may be a list or a space-separated string
   * @param grants which of those values grant which permissions, on which clusters
   */
  public record Oidc(
      URI issuerUri,
      URI jwkSetUri,
      @DefaultValue List<String> audiences,
      @DefaultValue({"preferred_username", "client_id", "azp", "appid", "sub"}) List<String> principalClaims,
      @DefaultValue({"scope", "scp"}) List<String> authoritiesClaims,
      @DefaultValue List<Grant> grants) {

    public boolean enabled() {
      return issuerUri != null || jwkSetUri != null;
    }
  }

  /**
   * Permissions granted to every token that carries {@code authority} in one of the authorities claims.
   *
   * @param authority a role, group (name or ID) or scope value
   * @param permissions what it grants
   * @param clusters the only clusters it grants them on; empty: all
   */
  public record Grant(String authority, @DefaultValue Set<Permission> permissions, @DefaultValue Set<String> clusters) {}
}
