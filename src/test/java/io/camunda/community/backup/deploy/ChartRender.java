package io.camunda.community.backup.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.util.FileSystemUtils;
import org.yaml.snakeyaml.Yaml;

/**
 * The Helm chart in deploy/helm rendered by Helm itself (helm-java ships Helm's native library),
 * and the rendered objects parsed with fabric8.
 */
final class ChartRender {

  static final Path CHART = Path.of("deploy/helm/camunda-backup-orchestrator").toAbsolutePath();
  static final Path VALUES = Path.of("src/test/resources/helm").toAbsolutePath();
  static final String RELEASE = "cbo";
  static final String NAMESPACE = "backup";
  static final String FULLNAME = "cbo-camunda-backup-orchestrator";

  private ChartRender() {}

  static Helm helm() {
    return new Helm(CHART);
  }

  /**
   * helm lint --strict of the chart with a values file of src/test/resources/helm merged over its
   * defaults (null: the defaults). helm-java's lint has no values option, so the chart is copied to
   * target/helm-lint with the merged values as its values.yaml (maps merged, lists replaced: as Helm
   * merges -f files).
   */
  static LintResult lint(String valuesFile) throws IOException {
    if (valuesFile == null) {
      return helm().lint().strict().call();
    }
    Path copy = Path.of("target/helm-lint", valuesFile.replace(".yaml", ""), CHART.getFileName().toString()).toAbsolutePath();
    FileSystemUtils.deleteRecursively(copy);
    FileSystemUtils.copyRecursively(CHART, copy);
    Yaml yaml = new Yaml();
    Map<String, Object> values = yaml.load(Files.readString(CHART.resolve("values.yaml")));
    Map<String, Object> variant = yaml.load(Files.readString(VALUES.resolve(valuesFile)));
    Files.writeString(copy.resolve("values.yaml"), yaml.dump(merge(values, variant)));
    return new Helm(copy).lint().strict().call();
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
    Map<String, Object> merged = new LinkedHashMap<>(base);
    over.forEach((key, value) -> {
      if (value instanceof Map<?, ?> map && merged.get(key) instanceof Map<?, ?> existing) {
        merged.put(key, merge((Map<String, Object>) existing, (Map<String, Object>) map));
      } else {
        merged.put(key, value);
      }
    });
    return merged;
  }

  /** helm template with values files of src/test/resources/helm and --set pairs. */
  static String template(List<String> valuesFiles, Map<String, Object> set) {
    return template(RELEASE, NAMESPACE, valuesFiles, set);
  }

  static String template(String release, String namespace, List<String> valuesFiles, Map<String, Object> set) {
    TemplateCommand command = helm().template().withName(release).withNamespace(namespace).withKubeVersion("1.30.0");
    for (String file : valuesFiles) {
      command = command.withValuesFile(VALUES.resolve(file));
    }
    for (Map.Entry<String, Object> entry : set.entrySet()) {
      command = command.set(entry.getKey(), entry.getValue());
    }
    return command.call();
  }

  static Rendered render(String... valuesFiles) {
    return new Rendered(parse(template(List.of(valuesFiles), Map.of())));
  }

  /** Every document of a multi-document YAML stream, as fabric8 objects (CRDs as GenericKubernetesResource). */
  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(line -> line.isBlank() || line.startsWith("#"))) {
        continue;
      }
      objects.add(Serialization.unmarshal(document, HasMetadata.class));
    }
    return objects;
  }

  record Rendered(List<HasMetadata> objects) {

    <T extends HasMetadata> List<T> all(Class<T> type) {
      return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    List<HasMetadata> ofKind(String kind) {
      return objects.stream().filter(o -> kind.equals(o.getKind())).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
      return find(type, name).orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in " + names()));
    }

    <T extends HasMetadata> Optional<T> find(Class<T> type, String name) {
      return all(type).stream().filter(o -> name.equals(o.getMetadata().getName())).findFirst();
    }

    String applicationYaml() {
      return one(ConfigMap.class, FULLNAME).getData().get("application.yaml");
    }

    List<String> names() {
      return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList();
    }
  }
}
