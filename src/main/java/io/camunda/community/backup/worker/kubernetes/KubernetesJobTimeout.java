package io.camunda.community.backup.worker.kubernetes;

/**
 * Job timeout of the Kubernetes steps: above the longest one fabric8 call may block with its
 * default retries (about 4 minutes: 11 attempts of connection plus request timeout, and back-off),
 * so a slow API server never gets a step handed out twice. Checked at startup against the
 * client's actual settings by {@code JobTimeoutCheck}.
 */
final class KubernetesJobTimeout {

  static final long MILLIS = 10 * 60 * 1000L;

  private KubernetesJobTimeout() {}
}
