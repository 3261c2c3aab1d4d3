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
    return new SpringApplicationBuilder(BackupOrchestratorApplication.class)
        .web(WebApplicationType.NONE)
        .run(arguments(control, properties));
  }

  /** With extra singletons, e.g. the fabric8 mock server's client as the {@code kubernetesClient}. */
  public static ConfigurableApplicationContext start(
      InMemoryControlCluster control, Map<String, String> properties, Map<String, Object> singletons) {
    return new SpringApplicationBuilder(BackupOrchestratorApplication.class)
        .web(WebApplicationType.NONE)
        .initializers(context -> singletons.forEach(context.getBeanFactory()::registerSingleton))
        .run(arguments(control, properties));
  }

  /** With its HTTP API on a free port ({@code local.server.port}) and no job workers. */
  public static ConfigurableApplicationContext startApiOnly(InMemoryControlCluster control, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put("server.port", "0");
    all.put("camunda.client.worker.defaults.enabled", "false");
    return new SpringApplicationBuilder(BackupOrchestratorApplication.class)
        .web(WebApplicationType.REACTIVE)
        .run(arguments(control, all));
  }

  /** Job workers and the HTTP API (actuator included) on a free port ({@code local.server.port}), as deployed. */
  public static ConfigurableApplicationContext startWithApi(InMemoryControlCluster control, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>(properties);
    all.put("server.port", "0");
    return new SpringApplicationBuilder(BackupOrchestratorApplication.class)
        .web(WebApplicationType.REACTIVE)
        .run(arguments(control, all));
  }

  /**
   * Command-line arguments outrank application.yaml, as an operator's overrides would. The catalog
   * read at start is off unless a test asks for it: it would send listings to a shared sandbox while
   * another test counts requests there.
   */
  public static String[] arguments(InMemoryControlCluster control, Map<String, String> properties) {
    Map<String, String> all = new LinkedHashMap<>(control.clientProperties());
    all.put(io.camunda.community.backup.metrics.CatalogReadAtStart.PROPERTY, "false");
    all.putAll(properties);
    return all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
  }
}
