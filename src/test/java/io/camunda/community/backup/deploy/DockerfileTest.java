package io.camunda.community.backup.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The image's database clients are the versions docs/rdbms.md names. Docker cannot run here, so the
 * Dockerfile is read, not built; its RUN step itself fails the build when apt brings other versions.
 */
class DockerfileTest {

  private static final Path DOCKERFILE = Path.of("deploy/Dockerfile");

  @Test
  void theImageInstallsThePostgresqlAndMariadbClientsTheDocsName() throws IOException {
    String dockerfile = Files.readString(DOCKERFILE);
    String docs = Files.readString(Path.of("docs/rdbms.md"));

    String postgresql = group(docs, "PostgreSQL (\\d+) client \\(`/usr/lib/postgresql/\\1/bin`\\)");
    String mariadb = group(docs, "MariaDB (\\d+\\.\\d+) client");
    assertThat(docs).contains("# bin-directory: /usr/lib/postgresql/" + postgresql + "/bin");
    assertThat(group(dockerfile, "(?m)^ARG POSTGRESQL_CLIENT_MAJOR=(\\S+)$")).isEqualTo(postgresql);
    assertThat(group(dockerfile, "(?m)^ARG MARIADB_CLIENT_VERSION=(\\S+)$")).isEqualTo(mariadb);
    String install = group(dockerfile, "(?s)(RUN apt-get update.*?)\\n\\n");
    assertThat(install)
        .contains("apt-get install -y --no-install-recommends \"postgresql-client-${POSTGRESQL_CLIENT_MAJOR}\" mariadb-client")
        .contains("\"/usr/lib/postgresql/${POSTGRESQL_CLIENT_MAJOR}/bin/pg_dump\" --version | grep -q \" ${POSTGRESQL_CLIENT_MAJOR}\\.\"")
        .contains("mariadb-dump --version | grep -q \"${MARIADB_CLIENT_VERSION}\\.\"");
    // Ubuntu 24.04's own packages are these versions; the tag is pinned so the base cannot move under them
    assertThat(dockerfile).contains("FROM eclipse-temurin:21-jre-noble");
    // installed as root, before the image switches to the non-root user
    assertThat(dockerfile.indexOf("apt-get install")).isLessThan(dockerfile.indexOf("USER 10001:10001"));
  }

  private static String group(String text, String regex) {
    Matcher m = Pattern.compile(regex).matcher(text);
    assertThat(m.find()).as("%s in the text", regex).isTrue();
    return m.group(1);
  }
}
