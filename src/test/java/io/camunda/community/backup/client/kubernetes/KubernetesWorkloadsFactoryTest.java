package io.camunda.community.backup.client.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.UnknownClusterException;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link KubernetesConfiguration} and {@link KubernetesWorkloadsFactory} wiring. */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesWorkloadsFactoryTest {

  static KubernetesClient client;

  /** Bound like the application binds backup-orchestrator.* (defaults from @DefaultValue). */
  static ClusterRegistry registry() {
    Map<String, String> p = new HashMap<>();
    cluster(p, 0, "k8s");
    p.put("backup-orchestrator.clusters[0].restore.mode", "KUBERNETES");
    p.put("backup-orchestrator.clusters[0].restore.kubernetes.namespace", "prod-camunda");
    p.put("backup-orchestrator.clusters[0].restore.kubernetes.stateful-set", "prod-zeebe");
    p.put("backup-orchestrator.clusters[0].restore.kubernetes.deployments", "prod-optimize");
    cluster(p, 1, "manual");
    OrchestratorProperties properties = new Binder(new MapConfigurationPropertySource(p))
        .bind("backup-orchestrator", OrchestratorProperties.class).get();
    return new ClusterRegistry(properties);
  }

  private static void cluster(Map<String, String> p, int i, String name) {
    String prefix = "backup-orchestrator.clusters[" + i + "].";
    p.put(prefix + "name", name);
    p.put(prefix + "management-url", "http://" + name + "-zeebe:9600");
    p.put(prefix + "secondary-storage.type", "ELASTICSEARCH");
    p.put(prefix + "secondary-storage.url", "http://" + name + "-es:9200");
    p.put(prefix + "secondary-storage.snapshot-repository", "camunda");
  }

  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withBean(ClusterRegistry.class, KubernetesWorkloadsFactoryTest::registry)
      .withUserConfiguration(KubernetesConfiguration.class, KubernetesWorkloadsFactory.class);

  @Test
  void theClientIsOnlyBuiltWhenAClusterIsFirstUsed() {
    runner.run(context -> {
      assertThat(context).hasNotFailed().hasSingleBean(KubernetesWorkloadsFactory.class);
      assertThat(context.getBeanFactory().containsSingleton("kubernetesClient")).isFalse();

      KubernetesWorkloads workloads = context.getBean(KubernetesWorkloadsFactory.class).forCluster("k8s");

      assertThat(workloads).isNotNull();
      assertThat(context.getBeanFactory().containsSingleton("kubernetesClient")).isTrue();
    });
  }

  @Test
  void aSuppliedClientReplacesTheDefaultAndTheClusterSettingsAreUsed() {
    client.apps().statefulSets().inNamespace("prod-camunda").resource(new StatefulSetBuilder()
        .withNewMetadata().withName("prod-zeebe").endMetadata()
        .withNewSpec().withReplicas(5).endSpec()
        .build()).create();

    runner.withBean(KubernetesClient.class, () -> client).run(context -> {
      assertThat(context).hasSingleBean(KubernetesClient.class);
      assertThat(context.getBean(KubernetesClient.class)).isSameAs(client);

      KubernetesWorkloads workloads = context.getBean(KubernetesWorkloadsFactory.class).forCluster("k8s");

      assertThat(workloads.desiredReplicas()).containsExactly(Map.entry("statefulset/prod-zeebe", 5));
      assertThat(workloads.restoreJobName(42, 1)).isEqualTo("prod-zeebe-restore-42-1");
    });
  }

  @Test
  void onlyClustersRestoredInKubernetesModeAndKnownNames() {
    runner.run(context -> {
      KubernetesWorkloadsFactory factory = context.getBean(KubernetesWorkloadsFactory.class);

      assertThatThrownBy(() -> factory.forCluster("manual"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("restore.mode: KUBERNETES");
      assertThatThrownBy(() -> factory.forCluster("nope")).isInstanceOf(UnknownClusterException.class);
      assertThat(context.getBeanFactory().containsSingleton("kubernetesClient")).isFalse();
    });
  }
}
