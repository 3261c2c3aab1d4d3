package io.camunda.community.backup.security;

import java.util.Collection;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A caller authenticated by an API key: named {@code api-key:<name>}, never by the key itself,
 * which this object does not hold.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

  static final String NAME_PREFIX = "api-key:";

  private final String name;

  ApiKeyAuthentication(String keyName, Collection<ClusterGrant> grants) {
    super(grants);
    this.name = NAME_PREFIX + keyName;
    setAuthenticated(true);
  }

  @Override
  public Object getCredentials() {
    return null;
  }

  @Override
  public Object getPrincipal() {
    return name;
  }
}
