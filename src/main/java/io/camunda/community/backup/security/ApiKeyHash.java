package io.camunda.community.backup.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The stored form of an API key: only a hash is configured, so the configuration (and a leaked
 * copy of it) never holds a usable key. SHA-256 suits random keys (e.g. {@code openssl rand -hex
 * 32}); bcrypt suits keys a person chose.
 */
sealed interface ApiKeyHash {

  Pattern SHA_256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
  Pattern BCRYPT = Pattern.compile("\\$2[aby]?\\$\\d{2}\\$[./A-Za-z0-9]{53}");

  /** Whether {@code presented} (the header value) is the key this hash was made of. */
  boolean matches(String presented);

  /** Whether checking a key costs real CPU time (bcrypt), so it must not run on an event-loop thread. */
  boolean slow();

  /** The hash as configured, or empty when it is neither 64 hex digits nor a bcrypt hash. */
  static Optional<ApiKeyHash> parse(String configured) {
    if (configured == null) {
      return Optional.empty();
    }
    String value = configured.strip();
    if (SHA_256_HEX.matcher(value).matches()) {
      return Optional.of(new Sha256(HexFormat.of().parseHex(value)));
    }
    if (BCRYPT.matcher(value).matches()) {
      return Optional.of(new Bcrypt(value));
    }
    return Optional.empty();
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  record Sha256(byte[] digest) implements ApiKeyHash {

    @Override
    public boolean matches(String presented) {
      return MessageDigest.isEqual(digest, sha256(presented)); // constant time
    }

    @Override
    public boolean slow() {
      return false;
    }
  }

  record Bcrypt(String hash) implements ApiKeyHash {

    private static final BCryptPasswordEncoder ENCODER = new BCryptPasswordEncoder();

    @Override
    public boolean matches(String presented) {
      try {
        return ENCODER.matches(presented, hash);
      } catch (IllegalArgumentException e) {
        return false; // longer than bcrypt's 72 bytes: never the key
      }
    }

    @Override
    public boolean slow() {
      return true;
    }
  }
}
