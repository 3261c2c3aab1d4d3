package io.camunda.community.backup.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.security.SecurityProperties.Grant;
import io.camunda.community.backup.security.SecurityProperties.Oidc;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** Roles, groups and scopes from the places Keycloak, Entra and plain OAuth put them. */
class JwtGrantsTest {

  private static Oidc oidc(List<String> authoritiesClaims, List<Grant> grants) {
    return new Oidc(URI.create("https://idp.example"), null, List.of("backup-orchestrator"),
        List.of("preferred_username", "client_id", "azp", "appid", "sub"), authoritiesClaims, grants);
  }

  private static Jwt jwt(Map<String, Object> claims) {
    Jwt.Builder builder = Jwt.withTokenValue("t").header("alg", "RS256").issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(60));
    claims.forEach(builder::claim);
    return builder.build();
  }

  private static AbstractAuthenticationToken convert(Oidc oidc, Map<String, Object> claims) {
    return new JwtGrants(oidc).convert(jwt(claims)).block();
  }

  @Test
  void keycloakRealmRolesInANestedClaim() {
    Oidc oidc = oidc(List.of("realm_access.roles"), List.of(
        new Grant("backup-operators", Set.of(Permission.BACKUP), Set.of("prod")),
        new Grant("auditors", Set.of(Permission.READ), Set.of())));
    AbstractAuthenticationToken caller = convert(oidc, Map.of("sub", "u-1", "preferred_username", "alice",
        "realm_access", Map.of("roles", List.of("backup-operators", "offline_access"))));
    assertThat(caller.getName()).isEqualTo("alice");
    assertThat(caller.getAuthorities()).containsExactly(new ClusterGrant(Permission.BACKUP, Set.of("prod")));
  }

  @Test
  void spaceSeparatedScopesAndAClientCredentialsTokenNamedByItsClient() {
    Oidc oidc = oidc(List.of("scope", "scp"), List.of(new Grant("backup:admin", Set.of(Permission.ADMIN), Set.of())));
    AbstractAuthenticationToken caller = convert(oidc, Map.of("sub", "service-account-ci", "azp", "ci-pipeline",
        "scope", "openid backup:admin"));
    assertThat(caller.getName()).isEqualTo("ci-pipeline");
    assertThat(caller.getAuthorities()).extracting(a -> a.getAuthority()).containsExactly("admin");
  }

  @Test
  void entraRolesAndGroupsAndClaimNamesWithDots() {
    Oidc oidc = oidc(List.of("roles", "https://example.com/claims/groups"), List.of(
        new Grant("Backup.Read", Set.of(Permission.READ), Set.of()),
        new Grant("6f1c0c57-0000-4000-8000-000000000001", Set.of(Permission.BACKUP), Set.of("staging"))));
    AbstractAuthenticationToken caller = convert(oidc, Map.of("sub", "x", "oid", "y", "preferred_username", "bob@example.com",
        "roles", List.of("Backup.Read"), "https://example.com/claims/groups", List.of("6f1c0c57-0000-4000-8000-000000000001")));
    assertThat(caller.getName()).isEqualTo("bob@example.com");
    assertThat(caller.getAuthorities()).extracting(a -> a.getAuthority()).containsExactlyInAnyOrder("read", "backup:staging");
  }

  @Test
  void aTokenWithoutAnyGrantedValueIsAuthenticatedButMayDoNothing() {
    Oidc oidc = oidc(List.of("groups"), List.of(new Grant("ops", Set.of(Permission.ADMIN), Set.of())));
    AbstractAuthenticationToken caller = convert(oidc, Map.of("sub", "u-9", "groups", List.of("OPS", "ops-readonly")));
    assertThat(caller.getName()).as("no principal claim but sub").isEqualTo("u-9");
    assertThat(caller.getAuthorities()).isEmpty();
  }

  @Test
  void permissionsIncludeTheLowerOnesOnTheirClustersOnly() {
    ClusterGrant grant = new ClusterGrant(Permission.BACKUP, Set.of("prod"));
    assertThat(grant.allows(Permission.READ, "prod")).isTrue();
    assertThat(grant.allows(Permission.BACKUP, "prod")).isTrue();
    assertThat(grant.allows(Permission.ADMIN, "prod")).isFalse();
    assertThat(grant.allows(Permission.READ, "staging")).isFalse();
    assertThat(new ClusterGrant(Permission.ADMIN, Set.of()).allows(Permission.BACKUP, "anything")).isTrue();
  }
}
