package io.camunda.community.backup.testsupport;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The API key the tests that call the HTTP API send (every permission, every cluster). The
 * application is configured with its SHA-256 only, as in production.
 */
public final class TestApiKey {

  public static final String HEADER = "X-API-Key";
  public static final String NAME = "tests";
  public static final String VALUE = "7f3c2b1e9d8a4f6b0c5e2d7a9b1f3e6c";

  private TestApiKey() {}

  /** {@code backup-orchestrator.security.api-keys[index].*} for a key with these permissions (comma-separated). */
  public static Map<String, String> properties(int index, String name, String key, String permissions) {
    String prefix = "backup-orchestrator.security.api-keys[" + index + "].";
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(prefix + "name", name);
    properties.put(prefix + "hash", sha256Hex(key));
    properties.put(prefix + "permissions", permissions);
    return properties;
  }

  /** This key as key 0, with the admin permission. */
  public static Map<String, String> properties() {
    return properties(0, NAME, VALUE, "admin");
  }

  public static String sha256Hex(String key) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
