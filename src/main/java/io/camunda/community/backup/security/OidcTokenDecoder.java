package io.camunda.community.backup.security;

import io.camunda.community.backup.security.SecurityProperties.Oidc;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Validates access tokens of the configured provider: signed with one of its published keys (an
 * asymmetric algorithm, never {@code none} or a shared secret), not expired (an expiry is
 * required), from its issuer when one is configured, and meant for this application (audience).
 * The provider is asked for its keys on the first request, not at startup, so the application
 * starts while the provider is down.
 */
final class OidcTokenDecoder {

  private static final List<SignatureAlgorithm> ASYMMETRIC = List.of(
      SignatureAlgorithm.RS256, SignatureAlgorithm.RS384, SignatureAlgorithm.RS512,
      SignatureAlgorithm.PS256, SignatureAlgorithm.PS384, SignatureAlgorithm.PS512,
      SignatureAlgorithm.ES256, SignatureAlgorithm.ES384, SignatureAlgorithm.ES512);

  private OidcTokenDecoder() {}

  static ReactiveJwtDecoder create(Oidc oidc) {
    NimbusReactiveJwtDecoder.JwkSetUriReactiveJwtDecoderBuilder builder = oidc.jwkSetUri() != null
        ? NimbusReactiveJwtDecoder.withJwkSetUri(oidc.jwkSetUri().toString())
        : NimbusReactiveJwtDecoder.withIssuerLocation(oidc.issuerUri().toString());
    NimbusReactiveJwtDecoder decoder = builder.jwsAlgorithms(algorithms -> algorithms.addAll(ASYMMETRIC)).build();
    decoder.setJwtValidator(validator(oidc));
    return decoder;
  }

  static OAuth2TokenValidator<Jwt> validator(Oidc oidc) {
    List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
    validators.add(new JwtTimestampValidator());
    // JwtTimestampValidator accepts a token without an expiry; such a token would be valid forever.
    validators.add(new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull));
    if (oidc.issuerUri() != null) {
      validators.add(new JwtIssuerValidator(oidc.issuerUri().toString()));
    }
    List<String> audiences = oidc.audiences().stream().filter(a -> a != null && !a.isBlank()).toList();
    validators.add(new JwtClaimValidator<List<String>>(JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
    return new DelegatingOAuth2TokenValidator<>(validators);
  }
}
