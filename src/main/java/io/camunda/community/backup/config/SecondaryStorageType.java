package io.camunda.community.backup.config;

public enum SecondaryStorageType {
  ELASTICSEARCH,
  OPENSEARCH
}
