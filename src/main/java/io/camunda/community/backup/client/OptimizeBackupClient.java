package io.camunda.community.backup.client;

import io.camunda.community.backup.client.BackupRejectedException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/** Optimize backups through {@code $OPT/actuator/backups} (contract 1.5). */
public class OptimizeBackupClient {

  private final TargetHttp http;

  public OptimizeBackupClient(TargetHttp http) {
    this.http = http;
  }

  public void takeBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.POST, "/actuator/backups", Map.of("backupId", backupId));
    switch (response.status()) {
      case 202 -> {}
      case 409 -> throw new BackupRejectedException(Reason.ALREADY_EXISTS, "Optimize backup: " + response.message());
      case 400 -> throw rejected(response);
      case 500 -> {
        // A configured repository that is missing in ES/OS surfaces as 500 (contract 1.5.1).
        if (response.message().toLowerCase().contains("no repository with name")) {
          throw new BackupRejectedException(Reason.REPOSITORY_MISSING, "Optimize backup API: " + response.message()
              + " Register the snapshot repository in Elasticsearch/OpenSearch.");
        }
        throw http.unexpected(response);
      }
      default -> throw http.unexpected(response);
    }
  }

  private static BackupRejectedException rejected(TargetHttp.Response response) {
    String message = response.message();
    if (message.toLowerCase().contains("repository")) {
      return new BackupRejectedException(Reason.REPOSITORY_NOT_CONFIGURED, "Optimize backup API: " + message
          + " Set CAMUNDA_OPTIMIZE_BACKUP_REPOSITORY_NAME on Optimize.");
    }
    return new BackupRejectedException(Reason.INVALID_REQUEST, "Optimize backup API: " + response.request() + " answered 400: " + message);
  }

  public Optional<ComponentBackupInfo> getBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/actuator/backups/" + backupId, null);
    return switch (response.status()) {
      case 200 -> Optional.of(valid(response, http.read(response, ComponentBackupInfo.class)));
      case 404 -> Optional.empty();
      case 400 -> throw rejected(response);
      default -> throw http.unexpected(response);
    };
  }

  public List<ComponentBackupInfo> listBackups() {
    TargetHttp.Response response = http.send(HttpMethod.GET, "/actuator/backups", null);
    return switch (response.status()) {
      case 200 -> Arrays.stream(listed(response)).map(b -> valid(response, b)).toList();
      case 400 -> throw rejected(response);
      default -> throw http.unexpected(response);
    };
  }

  /** The backups of a 200 listing; a body of {@code null} is no listing (not an empty one). */
  private ComponentBackupInfo[] listed(TargetHttp.Response response) {
    ComponentBackupInfo[] backups = http.read(response, ComponentBackupInfo[].class);
    if (backups == null) {
      throw http.missingField(response, "[...] (the list of backups)");
    }
    return backups;
  }

  private ComponentBackupInfo valid(TargetHttp.Response response, ComponentBackupInfo backup) {
    if (backup == null || backup.state() == null) {
      throw http.missingField(response, "state");
    }
    return backup;
  }

  public void deleteBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, "/actuator/backups/" + backupId, null);
    if (!(response.is(204) || response.is(404))) {
      throw http.unexpected(response);
    }
  }
}
