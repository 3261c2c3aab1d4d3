package io.camunda.community.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.ClusterProperties.TimeoutProperties;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Credentials never show up in {@code toString()}, including through the enclosing records. */
class SecondaryStoragePropertiesTest {

  private static final String PASSWORD = "Pa55-w0rd-only-in-env";
  private static final String API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

  private static SecondaryStorageProperties storage(String username, String password, String apiKey) {
    return new SecondaryStorageProperties(SecondaryStorageType.ELASTICSEARCH, URI.create("https://es.example.com:9200"),
        username, password, apiKey, "camunda", "zeebe-record", "", "optimize", null);
  }

  @Test
  void passwordIsMasked() {
    String text = storage("elastic", PASSWORD, null).toString();

    assertThat(text).doesNotContain(PASSWORD).contains("password=******").contains("username=elastic").contains("apiKey=null");
  }

  @Test
  void apiKeyIsMasked() {
    String text = storage(null, null, API_KEY).toString();

    assertThat(text).doesNotContain(API_KEY).doesNotContain("VnVhQ2Z").contains("apiKey=******").contains("password=null");
  }

  @Test
  void bothMaskedEvenWhenBothAreSet() {
    String text = storage("elastic", PASSWORD, API_KEY).toString();

    assertThat(text).doesNotContain(PASSWORD).doesNotContain(API_KEY);
  }

  @Test
  void otherFieldsAreShown() {
    assertThat(storage(null, null, null).toString())
        .contains("type=ELASTICSEARCH")
        .contains("url=https://es.example.com:9200")
        .contains("snapshotRepository=camunda")
        .contains("zeebeRecordsIndexPrefix=zeebe-record");
  }

  @Test
  void enclosingClusterToStringDoesNotLeakEither() {
    ClusterProperties cluster = new ClusterProperties("prod", URI.create("http://zeebe:9600"), null, true,
        Duration.ofMinutes(30), Duration.ofSeconds(5), storage("elastic", PASSWORD, API_KEY),
        new TimeoutProperties(Duration.ofSeconds(30), Duration.ofMinutes(30), Duration.ofMinutes(30),
            Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(5)),
        new ClusterProperties.RetentionProperties(true, 3, 3, null), Duration.ZERO, Duration.ofDays(1),
        RestoreProperties.defaults());

    assertThat(cluster.toString()).doesNotContain(PASSWORD).doesNotContain(API_KEY).contains("prod");
  }

  @Test
  void credentialKinds() {
    assertThat(storage("elastic", PASSWORD, null).hasBasicAuth()).isTrue();
    assertThat(storage("  ", PASSWORD, null).hasBasicAuth()).isFalse();
    assertThat(storage(null, null, API_KEY).hasApiKey()).isTrue();
    assertThat(storage(null, null, " ").hasApiKey()).isFalse();
  }
}
