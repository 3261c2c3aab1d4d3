package io.camunda.community.backup.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** The value of the API key header, before it is checked. Its text representation hides the value. */
final class PresentedApiKey extends AbstractAuthenticationToken {

  private final String value;

  PresentedApiKey(String value) {
    super(List.of());
    this.value = value;
  }

  @Override
  public Object getCredentials() {
    return value;
  }

  @Override
  public Object getPrincipal() {
    return "api-key";
  }

  @Override
  public String toString() {
    return "PresentedApiKey[value hidden]";
  }
}
