package io.camunda.community.backup.client.kubernetes;

import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.RestoreMode;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/** {@link KubernetesWorkloads} of a named cluster, from its {@code restore.kubernetes} settings. */
@Component
public class KubernetesWorkloadsFactory {

  private final ClusterRegistry registry;
  private final ObjectProvider<KubernetesClient> client;

  public KubernetesWorkloadsFactory(ClusterRegistry registry, ObjectProvider<KubernetesClient> client) {
    this.registry = registry;
    this.client = client;
  }

  /**
   * @throws io.camunda.community.backup.config.UnknownClusterException for an unknown name
   * @throws IllegalStateException when the cluster is not restored in mode {@code KUBERNETES}
   */
  public KubernetesWorkloads forCluster(String clusterName) {
    ClusterProperties cluster = registry.get(clusterName);
    if (cluster.restore().mode() != RestoreMode.KUBERNETES) {
      throw new IllegalStateException("Cluster '%s' is restored in mode %s; Kubernetes operations need backup-orchestrator.clusters[].restore.mode: KUBERNETES"
          .formatted(clusterName, cluster.restore().mode()));
    }
    return new KubernetesWorkloads(client.getObject(), cluster.restore().kubernetes().withRestoreImage(cluster.restore().restoreImage()));
  }
}
