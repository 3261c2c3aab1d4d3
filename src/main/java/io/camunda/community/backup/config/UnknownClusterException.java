package io.camunda.community.backup.config;

import java.util.Set;

public class UnknownClusterException extends RuntimeException {

  public UnknownClusterException(String name, Set<String> known) {
    super("Unknown cluster '%s': clusterName must be one of %s (configured under backup-orchestrator.clusters)"
        .formatted(name, known));
  }
}
