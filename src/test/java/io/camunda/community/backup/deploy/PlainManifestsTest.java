package io.camunda.community.backup.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/kubernetes holds the chart rendered (PlainManifests): the committed files must equal a fresh
 * render, so they cannot drift from the chart. `-Dmanifests.update=true` (deploy/kubernetes/render.sh)
 * writes them instead.
 */
class PlainManifestsTest {

  @Test
  void theCommittedManifestsEqualAFreshRenderOfTheChart() throws IOException {
    Map<Path, String> rendered = PlainManifests.render();
    if (Boolean.getBoolean("manifests.update")) {
      for (Map.Entry<Path, String> file : rendered.entrySet()) {
        Files.writeString(file.getKey(), file.getValue());
      }
    }
    for (Map.Entry<Path, String> file : rendered.entrySet()) {
      assertThat(file.getKey()).exists();
      assertThat(Files.readString(file.getKey())).as("%s differs from the chart: run deploy/kubernetes/render.sh", file.getKey())
          .isEqualTo(file.getValue());
    }
  }

  @Test
  void eachKustomizationAppliesItsRenderedFilesAndTheyParseWithoutHelmLabels() throws IOException {
    for (Path folder : List.of(PlainManifests.KUBERNETES, PlainManifests.KUBERNETES.resolve("monitoring"))) {
      Map<String, Object> kustomization = new Yaml().load(Files.readString(folder.resolve("kustomization.yaml")));
      @SuppressWarnings("unchecked")
      List<String> resources = (List<String>) kustomization.get("resources");
      List<String> expected = new ArrayList<>();
      (folder.endsWith("monitoring") ? PlainManifests.MONITORING : PlainManifests.BASE).forEach(name -> expected.add(name + ".yaml"));
      assertThat(resources).containsExactlyInAnyOrderElementsOf(expected);
      for (String resource : resources) {
        for (HasMetadata object : ChartRender.parse(Files.readString(folder.resolve(resource)))) {
          assertThat(object.getMetadata().getLabels()).as(resource)
              .containsEntry("app.kubernetes.io/name", "camunda-backup-orchestrator")
              .doesNotContainKeys("helm.sh/chart", "app.kubernetes.io/managed-by");
        }
      }
    }
  }

  @Test
  void thePlainConfigMapBindsWithTheSecretsOfThePlainDeployment() throws IOException {
    Deployment deployment = (Deployment) ChartRender.parse(Files.readString(PlainManifests.KUBERNETES.resolve("deployment.yaml"))).get(0);
    ConfigMap configMap = (ConfigMap) ChartRender.parse(Files.readString(PlainManifests.KUBERNETES.resolve("configmap.yaml"))).get(0);
    List<String> env = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream().map(EnvVar::getName).toList();

    RenderedConfig config = RenderedConfig.bind(configMap.getData().get("application.yaml"), env);
    assertThat(config.registry().names()).containsExactly("prod");
    assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).isNullOrEmpty();
  }
}
