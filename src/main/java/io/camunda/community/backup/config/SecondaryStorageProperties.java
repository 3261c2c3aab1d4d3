package io.camunda.community.backup.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Elasticsearch or OpenSearch of one target cluster. Credentials are meant to come from the
 * environment (e.g. {@code password: ${PROD_ES_PASSWORD}}); {@link #toString()} never prints them.
 */
public record SecondaryStorageProperties(
    @NotNull SecondaryStorageType type,
    @NotNull URI url,
    String username,
    String password,
    String apiKey,
    @NotBlank @DefaultValue("camunda") String snapshotRepository,
    @NotBlank @DefaultValue("zeebe-record") String zeebeRecordsIndexPrefix) {

  public boolean hasBasicAuth() {
    return username != null && !username.isBlank();
  }

  public boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }

  @Override
  public String toString() {
    return "SecondaryStorageProperties[type=%s, url=%s, username=%s, password=%s, apiKey=%s, snapshotRepository=%s, zeebeRecordsIndexPrefix=%s]"
        .formatted(
            type,
            url,
            username,
            password == null ? null : "******",
            apiKey == null ? null : "******",
            snapshotRepository,
            zeebeRecordsIndexPrefix);
  }
}
