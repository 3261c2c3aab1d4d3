package io.camunda.community.backup.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.testsupport.TestApiKey;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

class ApiKeyHashTest {

  @Test
  void sha256HexMatchesOnlyTheKeyItWasMadeOf() {
    ApiKeyHash hash = ApiKeyHash.parse(TestApiKey.sha256Hex("s3cret-key")).orElseThrow();
    assertThat(hash.matches("s3cret-key")).isTrue();
    assertThat(hash.matches("s3cret-key ")).isFalse();
    assertThat(hash.matches("")).isFalse();
    assertThat(hash.slow()).isFalse();
    // upper-case hex, as some tools print it
    assertThat(ApiKeyHash.parse(TestApiKey.sha256Hex("s3cret-key").toUpperCase()).orElseThrow().matches("s3cret-key")).isTrue();
  }

  @Test
  void bcryptMatchesOnlyTheKeyItWasMadeOf() {
    ApiKeyHash hash = ApiKeyHash.parse(new BCryptPasswordEncoder(4).encode("chosen by a person")).orElseThrow();
    assertThat(hash.matches("chosen by a person")).isTrue();
    assertThat(hash.matches("chosen by a persom")).isFalse();
    assertThat(hash.matches("x".repeat(100))).as("beyond bcrypt's 72 bytes").isFalse();
    assertThat(hash.slow()).isTrue();
  }

  @Test
  void anythingElseIsNoHash() {
    assertThat(ApiKeyHash.parse(null)).isEmpty();
    assertThat(ApiKeyHash.parse("s3cret-key")).as("the key itself").isEmpty();
    assertThat(ApiKeyHash.parse("abc123")).isEmpty();
    assertThat(ApiKeyHash.parse("{sha256}" + TestApiKey.sha256Hex("k"))).isEmpty();
  }
}
