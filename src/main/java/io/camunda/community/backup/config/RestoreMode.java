package io.camunda.community.backup.config;

/** How the restore stops and starts components and runs the Zeebe restore on each broker. */
public enum RestoreMode {
  /** Each step that needs hands is a user task whose form states the exact commands. */
  MANUAL,
  /** Workloads are scaled and the Zeebe restore runs as Kubernetes Jobs, one per broker. */
  KUBERNETES
}
