package io.camunda.community.backup.testsupport;

import io.camunda.community.backup.BackupOrchestratorApplication;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Starts the real worker application against a control cluster, the way `java -jar` would. */
public final class WorkerApplication {

  private WorkerApplication() {}

  public static ConfigurableApplicationContext start(InMemoryControlCluster control, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>(control.clientProperties());
    all.putAll(properties);
    // Command-line arguments outrank application.yaml, as an operator's overrides would.
    String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    return new SpringApplicationBuilder(BackupOrchestratorApplication.class)
        .web(WebApplicationType.NONE)
        .run(args);
  }
}
