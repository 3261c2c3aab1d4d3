package io.camunda.community.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The secondary storage of one target cluster: Elasticsearch or OpenSearch ({@code url} and its
 * credentials, snapshot repository), or a relational database ({@code type: rdbms} and {@code
 * database}). Credentials are meant to come from the environment (e.g. {@code password:
 * ${PROD_ES_PASSWORD}}); {@link #toString()} never prints them. Which fields each type needs is
 * checked by {@link ClusterRegistry} at startup.
 */
public record SecondaryStorageProperties(
    @NotNull SecondaryStorageType type,
    URI url,
    String username,
    String password,
    String apiKey,
    @NotBlank @DefaultValue("camunda") String snapshotRepository,
    @NotBlank @DefaultValue("zeebe-record") String zeebeRecordsIndexPrefix,
    @DefaultValue("") String indexPrefix,
    @NotBlank @DefaultValue("optimize") String optimizeIndexPrefix,
    @Valid DatabaseProperties database) {

  /** Which index names are Camunda's on this storage, from the configured prefixes. */
  public IndexPrefixes indexPrefixes() {
    return new IndexPrefixes(indexPrefix == null ? "" : indexPrefix.trim(), optimizeIndexPrefix, zeebeRecordsIndexPrefix);
  }

  public boolean isRdbms() {
    return type == SecondaryStorageType.RDBMS;
  }

  public boolean hasBasicAuth() {
    return username != null && !username.isBlank();
  }

  public boolean hasApiKey() {
    return apiKey != null && !apiKey.isBlank();
  }

  @Override
  public String toString() {
    return "SecondaryStorageProperties[type=%s, url=%s, username=%s, password=%s, apiKey=%s, snapshotRepository=%s, zeebeRecordsIndexPrefix=%s, indexPrefix=%s, optimizeIndexPrefix=%s, database=%s]"
        .formatted(
            type,
            url,
            username,
            password == null ? null : "******",
            apiKey == null ? null : "******",
            snapshotRepository,
            zeebeRecordsIndexPrefix,
            indexPrefix,
            optimizeIndexPrefix,
            database);
  }
}
