package io.camunda.community.backup.retention;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.ClusterProperties.RetentionProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code retention.max-deletions-per-run} binds with its default, next to the older properties. */
class RetentionPropertiesBindingTest {

  private static RetentionProperties bind(Map<String, String> properties) {
    return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("retention", RetentionProperties.class);
  }

  @Test
  void defaultsToTenDeletionsPerRun() {
    RetentionProperties policy = bind(Map.of("retention.keep-complete", "5"));

    assertThat(policy.maxDeletionsPerRun()).isEqualTo(10);
    assertThat(policy.keepComplete()).isEqualTo(5);
    assertThat(policy.keepFailed()).isEqualTo(3);
    assertThat(policy.enabled()).isTrue();
  }

  @Test
  void bindsAConfiguredCap() {
    assertThat(bind(Map.of("retention.max-deletions-per-run", "4")).maxDeletionsPerRun()).isEqualTo(4);
  }
}
