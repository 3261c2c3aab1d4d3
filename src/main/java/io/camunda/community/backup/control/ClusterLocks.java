package io.camunda.community.backup.control;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientException;
import io.camunda.client.api.command.ClientHttpException;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.LockProperties;
import io.camunda.community.backup.worker.BackupVariables;
import io.grpc.Status;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * One run (backup, restore, retention, health check) per target cluster at a time, kept by the
 * control cluster itself, so it holds across any number of worker applications and restarts.
 *
 * <p>The lock of a cluster is an instance of {@code cluster-lock-keeper}, started by the message
 * {@value #REQUEST_MESSAGE} with the cluster name as correlation key. Zeebe starts no second
 * instance of a message start event while one started with the same correlation key is active, so
 * at most one keeper, and so one holder, exists per cluster. The keeper records the holder (the
 * run's process instance key), grants the lock to it by a signal, and ends when the holder
 * releases (message {@value #RELEASE_MESSAGE}, correlated on cluster and holder: a stale or
 * foreign release frees nothing) or when the holder no longer runs. Requests are published
 * without a time to live: a request for a held lock is dropped, never queued.
 */
@Service
public class ClusterLocks {

  public static final String REQUEST_MESSAGE = "cluster-lock-requested";
  public static final String RELEASE_MESSAGE = "cluster-lock-released";
  public static final String HOLDER_CHECK_MESSAGE = "cluster-lock-release-requested";
  public static final String RELEASE_PROCESS = "cluster-lock-release";
  /** Variable set on the holder's instance by each check: proves it still exists. */
  public static final String CHECKED_VARIABLE = "clusterLockCheckedAt";
  /**
   * A release waits this long for the keeper, which may be busy checking its holder. Bounded:
   * no release stays buffered for long.
   */
  static final Duration RELEASE_TIME_TO_LIVE = Duration.ofMinutes(10);
  private static final Logger LOG = LoggerFactory.getLogger(ClusterLocks.class);

  private final CamundaClient client;
  private final ClusterRegistry registry;
  private final LockProperties properties;
  private final Clock clock;

  public ClusterLocks(CamundaClient client, ClusterRegistry registry, LockProperties properties, Clock clock) {
    this.client = client;
    this.registry = registry;
    this.properties = properties;
    this.clock = clock;
  }

  /**
   * Starts the cluster's keeper for this holder, unless another holder's keeper is active.
   *
   * @param holderProcess the holder's BPMN process ID: the kind of run, for the lock metrics
   */
  public void request(String cluster, long holderKey, String holderProcess) {
    client.newPublishMessageCommand()
        .messageName(REQUEST_MESSAGE)
        .correlationKey(cluster)
        .timeToLive(Duration.ZERO)
        .variables(Map.of(
            "clusterName", cluster,
            "holderKey", holderKey,
            "holderKind", holderProcess == null ? "other" : holderProcess,
            "lockRequestedAt", clock.instant().toString(),
            "holderCheckInterval", properties.holderCheckInterval().toString()))
        .send()
        .join();
  }

  /** Frees the lock if (and only if) {@code holderKey} holds it; idempotent. */
  public void release(String cluster, long holderKey) {
    try {
      client.newPublishMessageCommand()
          .messageName(RELEASE_MESSAGE)
          .correlationKey(cluster + ":" + holderKey)
          .messageId("cluster-lock-released-" + cluster + "-" + holderKey)
          .timeToLive(RELEASE_TIME_TO_LIVE)
          .send()
          .join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() != Status.Code.ALREADY_EXISTS) { // released before: still buffered
        throw e;
      }
    }
  }

  /** Asks the cluster's keeper, if one holds the lock, to check its holder now. */
  public void requestHolderCheck(String cluster) {
    client.newPublishMessageCommand()
        .messageName(HOLDER_CHECK_MESSAGE)
        .correlationKey(cluster)
        .timeToLive(properties.releaseAnswerTimeout())
        .send()
        .join();
  }

  /** Whether the run {@code holderKey} still runs, as far as the control cluster can tell. */
  public record HolderCheck(boolean runs, String detail) {}

  /**
   * Liveness probe that works on every control cluster (gRPC and REST): setting a variable on a
   * process instance that no longer exists is answered NOT_FOUND. Any other failure leaves the
   * answer unknown, and an unknown holder keeps the lock (fail closed).
   */
  public HolderCheck checkHolder(long holderKey) {
    String now = clock.instant().toString();
    try {
      client.newSetVariablesCommand(holderKey).variables(Map.of(CHECKED_VARIABLE, now)).send().join();
      return new HolderCheck(true, "process instance " + holderKey + " still runs (checked " + now + ")");
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        return stopped(holderKey, now);
      }
      return unknown(holderKey, now, e);
    } catch (ClientHttpException e) {
      if (e.code() == 404) {
        return stopped(holderKey, now);
      }
      return unknown(holderKey, now, e);
    } catch (ClientException e) {
      return unknown(holderKey, now, e);
    }
  }

  private static HolderCheck stopped(long holderKey, String now) {
    LOG.warn("Cluster lock holder {} no longer runs (cancelled, terminated or gone): its lock is freed", holderKey);
    return new HolderCheck(false, "process instance " + holderKey + " no longer runs (checked " + now + "): lock freed");
  }

  private static HolderCheck unknown(long holderKey, String now, Exception e) {
    return new HolderCheck(true, "could not tell whether process instance " + holderKey + " still runs (" + e.getMessage()
        + ", checked " + now + "): the lock is kept; the check is repeated");
  }

  /**
   * What a forced release found. {@code RELEASED}: the holder no longer ran and lost the lock;
   * {@code REFUSED}: the holder {@code holderKey} still runs and keeps it; {@code NOT_HELD}: no
   * keeper answered, so no run holds the lock (nothing was released). {@code requestedBy}: the
   * operator who asked, null when the application itself released (health check).
   */
  public record ForcedRelease(String clusterName, String outcome, Long holderKey, String detail, String requestedBy) {

    public boolean refused() {
      return "REFUSED".equals(outcome);
    }

    public Map<String, Object> asMap() {
      Map<String, Object> map = new java.util.LinkedHashMap<>();
      map.put("clusterName", clusterName);
      map.put("outcome", outcome);
      map.put("lockReleased", "RELEASED".equals(outcome));
      if (holderKey != null) {
        map.put("holderKey", holderKey);
      }
      map.put("detail", detail);
      if (requestedBy != null) {
        map.put(BackupVariables.REQUESTED_BY, requestedBy);
      }
      return map;
    }
  }

  /**
   * The operator's way out: frees the lock only when its holder no longer runs (e.g. cancelled in
   * Operate before the keeper's next check); a holder that still runs keeps it, and the answer
   * names it. Runs {@code cluster-lock-release} and waits for its result.
   */
  public ForcedRelease forceRelease(String cluster) {
    return forceRelease(cluster, null);
  }

  /**
   * {@link #forceRelease(String)} asked for by an operator, recorded as {@value
   * BackupVariables#REQUESTED_BY} of the release run and in the answer.
   */
  public ForcedRelease forceRelease(String cluster, String requestedBy) {
    registry.get(cluster);
    Duration answer = properties.releaseAnswerTimeout();
    Map<String, Object> variables = new java.util.HashMap<>(Map.of("clusterName", cluster, "releaseAnswerTimeout", answer.toString()));
    if (requestedBy != null) {
      variables.put(BackupVariables.REQUESTED_BY, requestedBy);
    }
    Map<String, Object> result = client.newCreateInstanceCommand()
        .bpmnProcessId(RELEASE_PROCESS)
        .latestVersion()
        .variables(variables)
        .withResult()
        .requestTimeout(answer.plusSeconds(30))
        .send()
        .join()
        .getVariablesAsMap();
    Object runs = result.get("holderRuns");
    Object key = result.get("holderKey");
    Long holderKey = key instanceof Number n ? n.longValue() : null;
    String detail = result.get("holderCheck") == null ? null : result.get("holderCheck").toString();
    ForcedRelease outcome;
    if (runs == null) {
      outcome = new ForcedRelease(cluster, "NOT_HELD", null,
          "no lock keeper of cluster " + cluster + " answered within " + answer + ": no run holds its lock; nothing was released",
          requestedBy);
    } else if (Boolean.TRUE.equals(runs)) {
      outcome = new ForcedRelease(cluster, "REFUSED", holderKey,
          "refused: the lock of cluster " + cluster + " is held by process instance " + holderKey
              + ", which still runs; cancel it in Operate first, or let it finish. " + detail, requestedBy);
    } else {
      outcome = new ForcedRelease(cluster, "RELEASED", holderKey, detail, requestedBy);
    }
    LOG.warn("Forced release of the lock of '{}': {}", cluster, outcome.detail());
    return outcome;
  }
}
