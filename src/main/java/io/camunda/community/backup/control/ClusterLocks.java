package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.community.backup.config.ClusterRegistry;
import io.grpc.Status;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * One run (backup, restore, retention, health check) per target cluster at a time, enforced by
 * the control cluster itself, so it holds across any number of worker applications.
 *
 * <p>The lock is a token: a buffered message {@code cluster-lock-token} correlated by cluster
 * name. The {@code cluster-lock} process waits for it; Zeebe correlates a message at most once to
 * instances of one process, so exactly one waiting run gets each token. A free cluster has one
 * unconsumed token; releasing publishes the next one. Message IDs make seeding and releasing
 * idempotent: Zeebe refuses a second message with an ID that is still buffered.
 */
@Service
public class ClusterLocks {

  public static final String TOKEN_MESSAGE = "cluster-lock-token";
  private static final Duration TOKEN_TIME_TO_LIVE = Duration.ofDays(3650);
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLocks.class);

  private final CamundaClient client;
  private final ClusterRegistry registry;

  private final boolean commandMode;

  public ClusterLocks(
      CamundaClient client,
      ClusterRegistry registry,
      @org.springframework.beans.factory.annotation.Value("${backup-orchestrator.command-mode:false}") boolean commandMode) {
    this.client = client;
    this.registry = registry;
    this.commandMode = commandMode;
  }

  /** Every configured cluster gets its first token once, ever (the seed's ID stays taken while it is buffered). */
  @EventListener(ApplicationReadyEvent.class)
  public void seed() {
    if (commandMode) {
      return;
    }
    for (String cluster : registry.names()) {
      if (publishToken(cluster, "cluster-lock-" + cluster + "-seed")) {
        LOG.info("Cluster lock of '{}' created", cluster);
      }
    }
  }

  /** Hands the lock on; idempotent per holder. */
  public void release(String cluster, long holderProcessInstanceKey) {
    publishToken(cluster, "cluster-lock-" + cluster + "-released-by-" + holderProcessInstanceKey);
  }

  /**
   * Operator's way out when the holder can no longer release (its instance was cancelled in
   * Operate). Only when no run of that cluster is active: otherwise two runs could hold it.
   */
  public void forceRelease(String cluster) {
    registry.get(cluster);
    publishToken(cluster, "cluster-lock-" + cluster + "-forced-" + Instant.now().toEpochMilli());
    LOG.warn("Cluster lock of '{}' released by an operator", cluster);
  }

  /** @return false when a message with that ID is still buffered (already published) */
  private boolean publishToken(String cluster, String messageId) {
    try {
      client.newPublishMessageCommand()
          .messageName(TOKEN_MESSAGE)
          .correlationKey(cluster)
          .messageId(messageId)
          .timeToLive(TOKEN_TIME_TO_LIVE)
          .send()
          .join();
      return true;
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.ALREADY_EXISTS) {
        return false;
      }
      throw e;
    }
  }
}
