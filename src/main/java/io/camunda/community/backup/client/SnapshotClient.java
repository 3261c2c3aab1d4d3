package io.camunda.community.backup.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.community.backup.client.BackupRejectedException.Reason;
import io.camunda.community.backup.config.SecondaryStorageType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/** The Elasticsearch/OpenSearch snapshot API of one repository (contract 1.8). */
public class SnapshotClient {

  private final TargetHttp http;
  private final SecondaryStorageType type;
  private final String repository;

  public SnapshotClient(TargetHttp http, SecondaryStorageType type, String repository) {
    this.http = http;
    this.type = type;
    this.repository = repository;
  }

  public String repository() {
    return repository;
  }

  /**
   * Starts a snapshot of the indices matching {@code indexPattern} without waiting for it; its
   * progress is read with {@link #snapshotState(String)}. Elasticsearch needs {@code
   * feature_states: ["none"]} to leave system indices out; OpenSearch does not know that field.
   */
  public void startSnapshot(String name, String indexPattern) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("indices", indexPattern);
    if (type == SecondaryStorageType.ELASTICSEARCH) {
      body.put("feature_states", List.of("none"));
    }
    TargetHttp.Response response = http.send(HttpMethod.PUT, "/_snapshot/" + repository + "/" + name, body);
    switch (response.status()) {
      case 200 -> {}
      case 400 -> {
        if (response.message().contains("invalid_snapshot_name_exception")) {
          throw new BackupRejectedException(Reason.ALREADY_EXISTS, "Snapshot " + name + " already exists in repository " + repository);
        }
        throw http.unexpected(response);
      }
      case 404 -> throw repositoryMissing(response);
      default -> throw http.unexpected(response);
    }
  }

  private BackupRejectedException repositoryMissing(TargetHttp.Response response) {
    return new BackupRejectedException(Reason.REPOSITORY_MISSING, "Snapshot repository '%s' is not registered: %s answered 404 (%s). Register it with PUT _snapshot/%s."
        .formatted(repository, response.request(), response.message(), repository));
  }

  /** State of one snapshot from {@code _status}, or empty when it does not exist. */
  public Optional<String> snapshotState(String name) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository + "/" + name + "/_status", null);
    if (response.is(404)) {
      if (response.message().contains("repository_missing_exception")) {
        throw repositoryMissing(response);
      }
      return Optional.empty();
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    JsonNode snapshots = http.tree(response).path("snapshots");
    return snapshots.isEmpty() ? Optional.empty() : Optional.of(snapshots.get(0).path("state").asText());
  }

  /** Snapshots whose names match {@code pattern} (wildcards allowed), with their states. */
  public List<SnapshotSummary> listSnapshots(String pattern) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/_snapshot/" + repository + "/" + pattern, null);
    if (response.is(404)) {
      if (response.message().contains("repository_missing_exception")) {
        throw repositoryMissing(response);
      }
      return List.of();
    }
    if (!response.is(200)) {
      throw http.unexpected(response);
    }
    List<SnapshotSummary> result = new ArrayList<>();
    for (JsonNode snapshot : http.tree(response).path("snapshots")) {
      result.add(new SnapshotSummary(snapshot.path("snapshot").asText(), snapshot.path("state").asText()));
    }
    return result;
  }

  public record SnapshotSummary(String name, String state) {}

  public void deleteSnapshot(String name) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, "/_snapshot/" + repository + "/" + name, null);
    if (!(response.is(200) || response.is(404))) {
      throw http.unexpected(response);
    }
  }
}
