package io.camunda.community.backup.restore;

import io.camunda.community.backup.client.TargetClients;
import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.client.ZeebeManagementClient;
import io.camunda.community.backup.client.ZeebeManagementClient.PartitionStatus;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Is the restored cluster back: management API up, and every partition leader exporting? */
@Service
public class ClusterHealth {

  private final TargetClients clients;

  public ClusterHealth(TargetClients clients) {
    this.clients = clients;
  }

  public record Health(boolean healthy, String summary) {}

  /**
   * Before anything is deleted in manual mode: are the components really stopped (contract 1.7)?
   * Only a refused connection (or an unknown host) counts as stopped; any answer, whatever its
   * status, means something still runs, and no answer in time cannot be told from a slow component,
   * so both are "not confirmed" with the reason.
   */
  public Optional<String> stillAnswering(String clusterName) {
    // the Orchestration Cluster, and standalone Operate and Tasklist where they run apart
    for (var component : clients.componentsOnNewConnections(clusterName).entrySet()) {
      try {
        String status = component.getValue().health();
        return Optional.of(component.getKey() + " still answers (health " + status + ")");
      } catch (TargetUnavailableException e) {
        if (!causedBy(e, java.net.ConnectException.class) && !causedBy(e, java.net.UnknownHostException.class)) {
          return Optional.of("stopped components cannot be confirmed: " + e.getMessage());
        }
      }
    }
    return Optional.empty();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  public Health check(String clusterName) {
    ZeebeManagementClient zeebe = clients.zeebe(clusterName);
    try {
      String status = zeebe.health();
      if (!"UP".equals(status)) {
        return new Health(false, "management API reports " + status);
      }
      Map<String, PartitionStatus> partitions = zeebe.partitions();
      if (partitions.isEmpty()) {
        return new Health(false, "no partition reported yet");
      }
      for (var entry : partitions.entrySet()) {
        PartitionStatus p = entry.getValue();
        if ("LEADER".equals(p.role()) && !"EXPORTING".equals(p.exporterPhase())) {
          return new Health(false, "partition " + entry.getKey() + " exporter is " + p.exporterPhase());
        }
      }
      return new Health(true, "management API UP, " + partitions.size() + " partitions exporting");
    } catch (TargetUnavailableException e) {
      // Components that are still starting refuse connections: that is "not yet", not a fault.
      return new Health(false, e.getMessage());
    }
  }
}
