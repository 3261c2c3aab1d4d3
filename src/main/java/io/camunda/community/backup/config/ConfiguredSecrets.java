package io.camunda.community.backup.config;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Every credential in the configuration (secondary-storage passwords and API keys with the
 * authorization header made of them, database passwords, every value of a command vendor's
 * environment), so texts shown to people can be checked against them: {@link #mask} replaces each
 * with {@value SecretRedaction#MASK} and applies {@link SecretRedaction}.
 */
@Component
public class ConfiguredSecrets {

  private final List<String> secrets;

  public ConfiguredSecrets(OrchestratorProperties properties) {
    Set<String> values = new LinkedHashSet<>();
    for (ClusterProperties cluster : properties.clusters()) {
      SecondaryStorageProperties storage = cluster.secondaryStorage();
      if (storage == null) {
        continue;
      }
      values.add(storage.password());
      values.add(storage.apiKey());
      if (storage.hasBasicAuth() && storage.password() != null) {
        values.add(Base64.getEncoder().encodeToString((storage.username() + ":" + storage.password()).getBytes(StandardCharsets.UTF_8)));
      }
      DatabaseProperties database = storage.database();
      if (database != null) {
        values.add(database.password());
        if (database.command() != null && database.command().environment() != null) {
          values.addAll(database.command().environment().values());
        }
      }
    }
    List<String> usable = new ArrayList<>();
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        usable.add(value);
      }
    }
    // the longest first, so a secret containing another is masked whole
    usable.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(usable);
  }

  /** The text without any configured credential, URL user info or authorization header value; null stays null. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String masked = text;
    for (String secret : secrets) {
      masked = masked.replace(secret, SecretRedaction.MASK);
    }
    return SecretRedaction.redact(masked);
  }
}
