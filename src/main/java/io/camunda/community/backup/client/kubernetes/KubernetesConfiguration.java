package io.camunda.community.backup.client.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The Kubernetes API client for restore mode {@code KUBERNETES}: in a pod its service account,
 * elsewhere the kubeconfig ({@code KUBECONFIG}, {@code ~/.kube/config}). Lazy: built on the first
 * {@link KubernetesWorkloadsFactory#forCluster} call, so applications that never restore with
 * Kubernetes never read a kubeconfig. A test (or another configuration) may supply its own
 * client, e.g. the fabric8 mock server's.
 */
@Configuration(proxyBeanMethods = false)
public class KubernetesConfiguration {

  @Bean(destroyMethod = "close")
  @Lazy
  @ConditionalOnMissingBean
  KubernetesClient kubernetesClient() {
    return new KubernetesClientBuilder().build();
  }
}
