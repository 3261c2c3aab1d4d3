package io.camunda.community.backup.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.config.DatabaseProperties.CommandProperties;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Texts shown to people lose URL credentials, authorization header values and every configured credential. */
class SecretRedactionTest {

  @Test
  void urlUserInfoIsMaskedAnywhereInAText() {
    assertThat(SecretRedaction.redact("GET http://elastic:hunter2@es:9200/_snapshot failed; see https://u@x.example/y"))
        .isEqualTo("GET http://****@es:9200/_snapshot failed; see https://****@x.example/y");
  }

  @Test
  void authorizationHeaderValuesAreMasked() {
    assertThat(SecretRedaction.redact("request had Authorization: Basic ZWxhc3RpYzpodW50ZXIy, was refused"))
        .isEqualTo("request had Authorization: Basic ****, was refused");
    assertThat(SecretRedaction.redact("{\"authorization\":\"Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.sig\"}"))
        .doesNotContain("eyJhbGciOiJSUzI1NiJ9");
    assertThat(SecretRedaction.redact("sent ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAy")).isEqualTo("sent ApiKey ****");
  }

  @Test
  void ordinaryTextIsLeftAlone() {
    String text = "Zeebe management API: POST http://camunda-zeebe-gateway:9600/actuator/backupRuntime answered 401: Basic authentication"
        + " required (WWW-Authenticate: Basic realm=\"security\")";
    assertThat(SecretRedaction.redact(text)).isEqualTo(text);
    assertThat(SecretRedaction.redact(null)).isNull();
  }

  @Test
  void aConfiguredUrlIsShownWithoutItsUserInfo() {
    assertThat(SecretRedaction.url("http://elastic:pw@es:9200/x")).isEqualTo("http://****@es:9200/x");
    assertThat(SecretRedaction.url("elastic:pw@es:9200")).isEqualTo("****@es:9200");
    assertThat(SecretRedaction.url("http://es:9200/path@x")).isEqualTo("http://es:9200/path@x");
  }

  @Test
  void everyConfiguredCredentialIsMasked() {
    SecondaryStorageProperties search = new SecondaryStorageProperties(SecondaryStorageType.ELASTICSEARCH,
        URI.create("https://es:9200"), "elastic", "es-password-1", null, "camunda", "zeebe-record", "", "optimize", null);
    SecondaryStorageProperties keyed = new SecondaryStorageProperties(SecondaryStorageType.OPENSEARCH,
        URI.create("https://os:9200"), null, null, "os-api-key-2", "camunda", "zeebe-record", "", "optimize", null);
    DatabaseProperties database = new DatabaseProperties(DatabaseVendor.COMMAND, null, null, null, null, "db-password-3",
        Path.of("/dumps"), null, Duration.ofHours(2), new CommandProperties("oracle", "dmp", List.of("dump"), List.of("restore"),
            Map.of("ORACLE_CONNECT", "scott/tiger-4@db", "NLS_LANG", "AMERICAN_AMERICA.AL32UTF8")));
    SecondaryStorageProperties rdbms = new SecondaryStorageProperties(SecondaryStorageType.RDBMS, null, null, null, null,
        "camunda", "zeebe-record", "", "optimize", database);
    ConfiguredSecrets secrets = new ConfiguredSecrets(TestClusters.properties(TestClusters.cluster("a", search),
        TestClusters.cluster("b", keyed), TestClusters.cluster("c", rdbms)));
    String basic = Base64.getEncoder().encodeToString("elastic:es-password-1".getBytes(StandardCharsets.UTF_8));

    String masked = secrets.mask("es-password-1 os-api-key-2 db-password-3 scott/tiger-4@db AMERICAN_AMERICA.AL32UTF8 " + basic
        + " http://u:p@h/");

    assertThat(masked).isEqualTo("**** **** **** **** **** **** http://****@h/");
  }
}
