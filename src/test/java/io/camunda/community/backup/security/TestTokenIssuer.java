package io.camunda.community.backup.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OIDC token issuer for tests: an RSA key generated per run, its discovery document and
 * JWK set served over HTTP on 127.0.0.1, and access tokens signed with it. Also makes the tokens
 * a resource server must refuse: signed with another key, expired, for another audience, from
 * another issuer, unsigned.
 */
final class TestTokenIssuer implements AutoCloseable {

  static final String AUDIENCE = "backup-orchestrator";
  /** Keycloak's place for realm roles; the tests configure it as the authorities claim. */
  static final String ROLES_CLAIM = "realm_access";

  private final RSAKey signingKey;
  private final RSAKey strangerKey;
  private final HttpServer server;
  private final AtomicInteger keyFetches = new AtomicInteger();

  TestTokenIssuer() {
    try {
      signingKey = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE).generate();
      // Same key ID, different key: only the signature can tell them apart.
      strangerKey = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).keyUse(KeyUse.SIGNATURE).generate();
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (JOSEException | IOException e) {
      throw new IllegalStateException(e);
    }
    server.createContext("/.well-known/openid-configuration", exchange -> reply(exchange,
        "{\"issuer\":\"" + issuer() + "\",\"jwks_uri\":\"" + issuer() + "/keys\","
            + "\"id_token_signing_alg_values_supported\":[\"RS256\"],\"subject_types_supported\":[\"public\"]}"));
    server.createContext("/keys", exchange -> {
      keyFetches.incrementAndGet();
      reply(exchange, new JWKSet(signingKey.toPublicJWK()).toString());
    });
    server.start();
  }

  String issuer() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  String jwkSetUri() {
    return issuer() + "/keys";
  }

  int keyFetches() {
    return keyFetches.get();
  }

  /** A valid token for {@code user} carrying these realm roles. */
  String token(String user, String... roles) {
    return sign(signingKey, claims(user, List.of(roles)).build());
  }

  String signedWithAnotherKey(String user, String... roles) {
    return sign(strangerKey, claims(user, List.of(roles)).build());
  }

  String expired(String user, String... roles) {
    Instant past = Instant.now().minus(Duration.ofHours(2));
    return sign(signingKey, claims(user, List.of(roles)).issueTime(Date.from(past)).expirationTime(Date.from(past.plusSeconds(300))).build());
  }

  String forAnotherAudience(String user, String... roles) {
    return sign(signingKey, claims(user, List.of(roles)).audience("some-other-api").build());
  }

  String fromAnotherIssuer(String user, String... roles) {
    return sign(signingKey, claims(user, List.of(roles)).issuer("https://attacker.example/realms/camunda").build());
  }

  String withoutExpiry(String user, String... roles) {
    return sign(signingKey, claims(user, List.of(roles)).expirationTime(null).build());
  }

  /** {@code alg: none}: the classic way around a careless verifier. */
  String unsigned(String user, String... roles) {
    return new PlainJWT(claims(user, List.of(roles)).build()).serialize();
  }

  private JWTClaimsSet.Builder claims(String user, List<String> roles) {
    Instant now = Instant.now();
    return new JWTClaimsSet.Builder()
        .issuer(issuer())
        .subject(UUID.nameUUIDFromBytes(user.getBytes(StandardCharsets.UTF_8)).toString())
        .audience(List.of(AUDIENCE, "account"))
        .issueTime(Date.from(now))
        .expirationTime(Date.from(now.plus(Duration.ofMinutes(10))))
        .claim("preferred_username", user)
        .claim("scope", "openid profile")
        .claim(ROLES_CLAIM, Map.of("roles", roles));
  }

  private static String sign(RSAKey key, JWTClaimsSet claims) {
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
      jwt.sign(new RSASSASigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void reply(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(200, body.length);
    try (var out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
