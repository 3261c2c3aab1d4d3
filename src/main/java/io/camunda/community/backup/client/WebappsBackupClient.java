package io.camunda.community.backup.client;

import io.camunda.community.backup.client.BackupRejectedException.Reason;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpMethod;

/**
 * Operate and Tasklist backups through {@code /actuator/backupHistory} (contract 1.3), or one
 * standalone web app's through its legacy {@code /actuator/backups} (1.4: the same verbs, bodies
 * and states); see {@link StandaloneWebappsBackupClient} for both apps of a standalone cluster.
 */
public class WebappsBackupClient implements WebappsBackups {

  private final TargetHttp http;
  private final String path;
  private final String label;

  public WebappsBackupClient(TargetHttp http) {
    this(http, "/actuator/backupHistory", "Web-apps");
  }

  /**
   * @param path {@code /actuator/backupHistory}, or {@code /actuator/backups} of a standalone app
   * @param label what the messages call it ("Web-apps", "Operate", "Tasklist")
   */
  public WebappsBackupClient(TargetHttp http, String path, String label) {
    this.http = http;
    this.path = path;
    this.label = label;
  }

  /** Starts the web-apps backup and returns the snapshot names it will create. */
  @Override
  public List<String> takeBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.POST, path, Map.of("backupId", backupId));
    return switch (response.status()) {
      case 200, 202 -> {
        TakeResponse taken = http.read(response, TakeResponse.class);
        if (taken == null || taken.scheduledSnapshots() == null) {
          throw http.missingField(response, "scheduledSnapshots");
        }
        yield List.of(taken.scheduledSnapshots());
      }
      case 400, 404 -> throw rejected(response);
      default -> throw http.unexpected(response);
    };
  }

  private record TakeResponse(String[] scheduledSnapshots) {}

  private RuntimeException rejected(TargetHttp.Response response) {
    String message = response.message();
    String lower = message.toLowerCase();
    if (lower.contains("already exists")) {
      return new BackupRejectedException(Reason.ALREADY_EXISTS, label + " backup: " + message);
    }
    if (lower.contains("another backup is running")) {
      // Transient: the previous web-apps backup on that node has not finished yet.
      return new TargetUnavailableException(label + " backup API: " + response.request()
          + " answered 400: " + message + ". Another " + label + " backup is still running on the target; the step is retried.");
    }
    if (lower.contains("no backup repository configured")) {
      return new BackupRejectedException(Reason.REPOSITORY_NOT_CONFIGURED, label + " backup API: " + message
          + " Set camunda.data.backup.repository-name on the Orchestration Cluster.");
    }
    if (lower.contains("no repository with name")) {
      return new BackupRejectedException(Reason.REPOSITORY_MISSING, label + " backup API: " + message
          + " Register the snapshot repository in Elasticsearch/OpenSearch (PUT _snapshot/<name>).");
    }
    if (response.is(404)) {
      return new BackupRejectedException(Reason.BACKUP_API_NOT_AVAILABLE, label + " backup API: " + response.request()
          + " answered 404. " + path + " is only served when Operate/Tasklist are enabled with Elasticsearch/OpenSearch"
          + ("/actuator/backupHistory".equals(path)
              ? " and run in the Orchestration Cluster (standalone Operate and Tasklist, and 8.7: configure standalone); check management-url (port 9600 and context path)."
              : "; check standalone." + label.toLowerCase() + "-management-url (port 9600 of the " + label + " pod)."));
    }
    return new BackupRejectedException(Reason.INVALID_REQUEST, label + " backup API: " + response.request() + " answered " + response.status() + ": " + message);
  }

  @Override
  public Optional<ComponentBackupInfo> getBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.GET, path + "/" + backupId, null);
    if (response.is(200)) {
      return Optional.of(valid(response, http.read(response, ComponentBackupInfo.class)));
    }
    if (response.is(404) && response.message().toLowerCase().contains("no backup with id")) {
      return Optional.empty();
    }
    if (response.is(400) || response.is(404)) {
      throw rejected(response);
    }
    throw http.unexpected(response);
  }

  /** Every web-apps backup, newest first. */
  @Override
  public List<ComponentBackupInfo> listBackups() {
    TargetHttp.Response response = http.send(HttpMethod.GET, path + "?verbose=false", null);
    return switch (response.status()) {
      case 200 -> Arrays.stream(listed(response)).map(b -> valid(response, b)).toList();
      case 400, 404 -> throw rejected(response);
      default -> throw http.unexpected(response);
    };
  }

  /**
   * Every web-apps backup, newest first. {@code verbose=true} costs more but is the only form whose
   * {@code state}, {@code failureReason} and snapshot {@code startTime}s are reliable (contract
   * 1.3.3); {@code verbose=false} is what {@link #listBackups()} asks for.
   */
  @Override
  public List<ComponentBackupInfo> listBackups(boolean verbose) {
    TargetHttp.Response response = http.send(HttpMethod.GET, path + "?verbose=" + verbose, null);
    return switch (response.status()) {
      case 200 -> Arrays.stream(listed(response)).map(b -> valid(response, b)).toList();
      case 400, 404 -> throw rejected(response);
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

  @Override
  public void deleteBackup(long backupId) {
    TargetHttp.Response response = http.send(HttpMethod.DELETE, path + "/" + backupId, null);
    if (!(response.is(204) || response.is(404))) {
      throw http.unexpected(response);
    }
  }
}
