package io.camunda.community.backup.deploy;

import com.marcnuri.helm.Helm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Generates the plain manifests of deploy/kubernetes from the Helm chart (what deploy/kubernetes/render.sh
 * runs): helm template with release name camunda-backup-orchestrator, minus the Helm-only labels and
 * the config checksum annotation. deploy/kubernetes/*.yaml come from the chart's defaults,
 * deploy/kubernetes/monitoring/*.yaml from the defaults plus deploy/kubernetes/monitoring/values.yaml.
 */
final class PlainManifests {

  static final Path KUBERNETES = Path.of("deploy/kubernetes").toAbsolutePath();
  static final String RELEASE = "camunda-backup-orchestrator";
  static final List<String> BASE = List.of("serviceaccount", "configmap", "deployment", "service", "networkpolicy");
  static final List<String> MONITORING = List.of("servicemonitor", "prometheusrule", "grafana-dashboard");

  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: [^/]+/templates/([a-z-]+)\\.yaml$");

  private PlainManifests() {}

  /** Every generated file (path under deploy/kubernetes -> content). */
  static Map<Path, String> render() {
    Map<Path, String> files = new LinkedHashMap<>();
    Map<String, String> base = byTemplate(new Helm(ChartRender.CHART).template().withName(RELEASE).withKubeVersion("1.30.0").call());
    for (String name : BASE) {
      files.put(KUBERNETES.resolve(name + ".yaml"), file(name, "default values", base.get(name)));
    }
    Map<String, String> monitoring = byTemplate(new Helm(ChartRender.CHART).template().withName(RELEASE).withKubeVersion("1.30.0")
        .withValuesFile(KUBERNETES.resolve("monitoring/values.yaml")).call());
    for (String name : MONITORING) {
      files.put(KUBERNETES.resolve("monitoring/" + name + ".yaml"), file(name, "values of deploy/kubernetes/monitoring/values.yaml",
          monitoring.get(name)));
    }
    return files;
  }

  /** The documents of each template, cleaned of what only Helm needs. */
  private static Map<String, String> byTemplate(String rendered) {
    Map<String, List<String>> documents = new LinkedHashMap<>();
    for (String document : rendered.split("(?m)^---\\s*$")) {
      Matcher source = SOURCE.matcher(document);
      if (source.find()) {
        documents.computeIfAbsent(source.group(1), name -> new ArrayList<>()).add(clean(document));
      }
    }
    Map<String, String> byTemplate = new LinkedHashMap<>();
    documents.forEach((name, docs) -> byTemplate.put(name, String.join("---\n", docs)));
    return byTemplate;
  }

  private static String clean(String document) {
    List<String> kept = new ArrayList<>();
    for (String line : document.split("\n", -1)) {
      if (line.startsWith("# Source:") || line.contains("helm.sh/chart:") || line.contains("app.kubernetes.io/managed-by:")
          || line.contains("checksum/config:") || line.contains("# Restart the pods when the rendered application.yaml changes.")) {
        continue;
      }
      kept.add(line);
    }
    // drop a key left without content (the pod's "annotations:" once the checksum is gone)
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < kept.size(); i++) {
      String line = kept.get(i);
      if (line.matches(" *annotations:") && (i + 1 == kept.size() || indent(kept.get(i + 1)) <= indent(line))) {
        continue;
      }
      lines.add(line);
    }
    String text = String.join("\n", lines).strip();
    return text + "\n";
  }

  private static int indent(String line) {
    int n = 0;
    while (n < line.length() && line.charAt(n) == ' ') {
      n++;
    }
    return n;
  }

  private static String file(String template, String values, String content) {
    if (content == null) {
      throw new IllegalStateException("the chart rendered nothing from templates/" + template + ".yaml");
    }
    return "# Rendered from deploy/helm/camunda-backup-orchestrator (templates/" + template + ".yaml, " + values + ")\n"
        + "# by deploy/kubernetes/render.sh; PlainManifestsTest fails when this file and the chart differ.\n"
        + "# Edit a copy, or change the chart and re-render.\n"
        + content;
  }
}
