package io.camunda.community.backup.control;

import org.springframework.web.util.UriComponentsBuilder;

/**
 * What a request to start a run answers at once: the process instance key (as Operate shows it),
 * where to read how the run goes ({@code GET statusUrl}), and {@code requestId}, a process variable
 * to search for in Operate. {@code requestedBy} names the caller it was started for.
 */
public record RunStarted(String requestId, long processInstanceKey, String kind, String clusterName, String statusUrl, String requestedBy) {

  static RunStarted of(String requestId, long processInstanceKey, RunKind kind, String clusterName, String requestedBy) {
    return new RunStarted(requestId, processInstanceKey, kind.processId(), clusterName, statusPath(clusterName, processInstanceKey), requestedBy);
  }

  /** The run's status resource of the HTTP API, relative to the application's base address. */
  public static String statusPath(String clusterName, long processInstanceKey) {
    return UriComponentsBuilder.fromPath("/api/clusters/{clusterName}/runs/{processInstanceKey}")
        .buildAndExpand(clusterName, processInstanceKey).encode().toUriString();
  }
}
