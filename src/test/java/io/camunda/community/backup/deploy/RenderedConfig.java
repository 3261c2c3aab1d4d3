package io.camunda.community.backup.deploy;

import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.ExportingResumeProperties;
import io.camunda.community.backup.config.LockProperties;
import io.camunda.community.backup.config.NotificationProperties;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.notify.Webhooks;
import io.camunda.community.backup.security.SecurityProperties;
import jakarta.validation.Validation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Set;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.BindHandler;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.bind.handler.NoUnboundElementsBindHandler;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.validation.beanvalidation.SpringValidatorAdapter;

/**
 * The application.yaml the chart renders, bound the way the application binds it: to the real
 * properties classes, with every ${...} placeholder filled from the given environment variables, and
 * strictly: a key under backup-orchestrator that no property takes (a misspelt or unknown one) fails
 * the bind. The webhooks (global and per cluster) then pass the application's startup checks
 * ({@link Webhooks}); {@link #notificationKeys()} lists their keys.
 */
record RenderedConfig(
    OrchestratorProperties orchestrator,
    SecurityProperties security,
    LockProperties lock,
    ExportingResumeProperties exportingResume,
    NotificationProperties notifications,
    ClusterRegistry registry,
    Webhooks webhooks,
    Map<String, Object> flat) {

  /** Properties bound by other classes than OrchestratorProperties, or by @Value. */
  private static final Pattern OTHER_OWNERS = Pattern.compile(
      "backup-orchestrator\\.(security|lock|exporting-resume|allow-backup-ids-beyond-now|metrics|notifications)(\\.|\\[|$).*");

  static RenderedConfig bind(String applicationYaml, Collection<String> environmentVariables) throws IOException {
    Map<String, Object> flat = new LinkedHashMap<>();
    for (PropertySource<?> source : new YamlPropertySourceLoader().load("application.yaml",
        new ByteArrayResource(applicationYaml.getBytes(StandardCharsets.UTF_8)))) {
      EnumerablePropertySource<?> enumerable = (EnumerablePropertySource<?>) source;
      for (String name : enumerable.getPropertyNames()) {
        flat.put(name, enumerable.getProperty(name));
      }
    }
    Map<String, Object> secrets = new HashMap<>();
    // a webhook URL from a Secret must be a URL to pass the startup checks; other secrets are opaque
    environmentVariables.forEach(variable -> secrets.put(variable,
        variable.contains("_WEBHOOK_") && variable.endsWith("_URL") ? "https://hooks.example.com/" + variable : "value-of-" + variable));
    StandardEnvironment placeholders = new StandardEnvironment();
    placeholders.getPropertySources().addFirst(new MapPropertySource("secrets", secrets));

    OrchestratorProperties orchestrator = strict(flat, placeholders, "backup-orchestrator", OrchestratorProperties.class,
        name -> !OTHER_OWNERS.matcher(name).matches());
    SecurityProperties security = strict(flat, placeholders, SecurityProperties.PREFIX, SecurityProperties.class, name -> true);
    LockProperties lock = strict(flat, placeholders, "backup-orchestrator.lock", LockProperties.class, name -> true);
    ExportingResumeProperties exportingResume = strict(flat, placeholders, "backup-orchestrator.exporting-resume",
        ExportingResumeProperties.class, name -> true);
    NotificationProperties notifications = strict(flat, placeholders, "backup-orchestrator.notifications", NotificationProperties.class,
        name -> true);
    return new RenderedConfig(orchestrator, security, lock, exportingResume, notifications, new ClusterRegistry(orchestrator),
        new Webhooks(notifications, orchestrator), flat);
  }

  /** Binds prefix from the keys that pass keep; fails on any such key under prefix that the class does not take. */
  private static <T> T strict(Map<String, Object> flat, StandardEnvironment placeholders, String prefix, Class<T> type,
      Predicate<String> keep) {
    Map<String, Object> kept = new LinkedHashMap<>();
    flat.forEach((name, value) -> {
      if (keep.test(name)) {
        kept.put(name, value);
      }
    });
    MapPropertySource source = new MapPropertySource("rendered", kept);
    Binder binder = new Binder(ConfigurationPropertySources.from(source), new PropertySourcesPlaceholdersResolver(placeholders));
    // unknown keys fail, and so do the classes' constraints (@NotNull, @Pattern, @Min, ...)
    Recording recording = new Recording(new NoUnboundElementsBindHandler(BindHandler.DEFAULT));
    BindHandler handler = new ValidationBindHandler(recording,
        new SpringValidatorAdapter(Validation.buildDefaultValidatorFactory().getValidator()));
    T bound = binder.bindOrCreate(prefix, Bindable.of(type), handler);
    // NoUnboundElementsBindHandler lets keys inside list elements pass (clusters[0].retention.keep-completee):
    // every rendered key must have been bound itself, or lie inside a bound map or list
    ConfigurationPropertyName root = ConfigurationPropertyName.of(prefix);
    List<String> unbound = kept.keySet().stream()
        .filter(key -> root.isAncestorOf(ConfigurationPropertyName.adapt(key, '.')))
        .filter(key -> !recording.took(ConfigurationPropertyName.adapt(key, '.')))
        .toList();
    if (!unbound.isEmpty()) {
      throw new IllegalStateException("no property of " + type.getSimpleName() + " takes " + unbound);
    }
    return bound;
  }

  /** Records the names bound, and which of them were bound as a whole map or collection. */
  private static final class Recording extends AbstractBindHandler {
    private final Set<ConfigurationPropertyName> bound = new HashSet<>();
    private final Set<ConfigurationPropertyName> containers = new HashSet<>();

    Recording(BindHandler parent) {
      super(parent);
    }

    @Override
    public Object onSuccess(ConfigurationPropertyName name, Bindable<?> target, BindContext context, Object result) {
      bound.add(name);
      // a list or map of plain values (approvers.groups, command.environment) takes its elements whole;
      // one of objects (clusters, grants) does not: their keys must each be bound
      ResolvableType type = target.getType();
      Class<?> element = type.asMap() != ResolvableType.NONE ? type.asMap().resolveGeneric(1)
          : type.asCollection() != ResolvableType.NONE ? type.asCollection().resolveGeneric(0) : null;
      if (element != null && (element.isPrimitive() || element.isEnum()
          || element.getName().startsWith("java.") && !Collection.class.isAssignableFrom(element) && !Map.class.isAssignableFrom(element))) {
        containers.add(name);
      }
      return super.onSuccess(name, target, context, result);
    }

    boolean took(ConfigurationPropertyName name) {
      return bound.contains(name) || containers.stream().anyMatch(container -> container.isAncestorOf(name));
    }
  }

  /** The rendered keys under backup-orchestrator.notifications and clusters[i].notifications. */
  List<String> notificationKeys() {
    return flat.keySet().stream().filter(name -> name.matches("backup-orchestrator\\.(clusters\\[\\d+]\\.)?notifications\\..*")).toList();
  }

  Object get(String name) {
    return flat.get(name);
  }
}
