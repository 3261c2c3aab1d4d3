package io.camunda.community.backup.security;

import io.camunda.community.backup.security.SecurityProperties.Grant;
import io.camunda.community.backup.security.SecurityProperties.Oidc;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

/**
 * Turns a validated access token into the caller: named by the first configured principal claim
 * it carries, with the permissions its roles, groups or scopes are granted in configuration.
 */
final class JwtGrants implements Converter<Jwt, Mono<AbstractAuthenticationToken>> {

  private final Oidc oidc;

  JwtGrants(Oidc oidc) {
    this.oidc = oidc;
  }

  @Override
  public Mono<AbstractAuthenticationToken> convert(Jwt jwt) {
    Set<String> values = authorityValues(jwt);
    Set<ClusterGrant> grants = new HashSet<>();
    for (Grant grant : oidc.grants()) {
      if (values.contains(grant.authority())) {
        grants.addAll(ClusterGrant.of(grant.permissions(), grant.clusters()));
      }
    }
    return Mono.just(new JwtAuthenticationToken(jwt, grants, name(jwt)));
  }

  private String name(Jwt jwt) {
    for (String claim : oidc.principalClaims()) {
      if (jwt.getClaims().get(claim) instanceof String value && !value.isBlank()) {
        return value;
      }
    }
    return jwt.getClaimAsString(JwtClaimNames.SUB);
  }

  /** Every value of the authorities claims; a claim may be a list or a space-separated string (scope). */
  Set<String> authorityValues(Jwt jwt) {
    Set<String> values = new HashSet<>();
    for (String path : oidc.authoritiesClaims()) {
      Object claim = at(jwt.getClaims(), path);
      if (claim instanceof String text) {
        values.addAll(List.of(text.trim().split("\\s+")));
      } else if (claim instanceof Collection<?> list) {
        list.stream().filter(String.class::isInstance).map(String.class::cast).forEach(values::add);
      }
    }
    return values;
  }

  /**
   * The claim at a dotted path ({@code realm_access.roles}); a claim whose own name contains dots
   * (Entra and Auth0 use URLs as claim names) is found as well.
   */
  private static Object at(Map<String, Object> claims, String path) {
    if (claims.containsKey(path)) {
      return claims.get(path);
    }
    int dot = path.indexOf('.');
    while (dot > 0) {
      if (claims.get(path.substring(0, dot)) instanceof Map<?, ?> nested) {
        @SuppressWarnings("unchecked")
        Object found = at((Map<String, Object>) nested, path.substring(dot + 1));
        if (found != null) {
          return found;
        }
      }
      dot = path.indexOf('.', dot + 1);
    }
    return null;
  }
}
