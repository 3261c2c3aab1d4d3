package io.camunda.community.backup.security;

import io.camunda.community.backup.security.SecurityProperties.ApiKey;
import java.util.List;
import java.util.Set;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.core.Authentication;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Checks a presented API key against the configured hashes; a match authenticates as that key's name. */
final class ApiKeyAuthenticationManager implements ReactiveAuthenticationManager {

  private record KnownKey(String name, ApiKeyHash hash, Set<ClusterGrant> grants) {}

  private final List<KnownKey> keys;
  private final boolean anySlow;

  /** @param configured already checked by {@link SecuritySettingsCheck} */
  ApiKeyAuthenticationManager(List<ApiKey> configured) {
    this.keys = configured.stream()
        .map(k -> new KnownKey(k.name(), ApiKeyHash.parse(k.hash()).orElseThrow(), ClusterGrant.of(k.permissions(), k.clusters())))
        .toList();
    this.anySlow = keys.stream().anyMatch(k -> k.hash().slow());
  }

  @Override
  public Mono<Authentication> authenticate(Authentication authentication) {
    if (!(authentication instanceof PresentedApiKey presented)) {
      return Mono.empty();
    }
    Mono<Authentication> check = Mono.fromCallable(() -> match((String) presented.getCredentials()));
    // bcrypt takes tens of milliseconds per key: off the event loop
    return anySlow ? check.subscribeOn(Schedulers.boundedElastic()) : check;
  }

  private Authentication match(String presented) {
    for (KnownKey key : keys) {
      if (key.hash().matches(presented)) {
        return new ApiKeyAuthentication(key.name(), key.grants());
      }
    }
    throw new BadCredentialsException("the API key is not valid");
  }
}
