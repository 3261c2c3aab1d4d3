package io.camunda.community.backup.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.community.backup.client.RecordingHttpServer.Reply;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@link ExportingStateReader} over real HTTP: every partition's state comes from its leader, on
 * whichever broker hosts it; a broker that does not answer makes the state unknown, never "exporting".
 */
class ExportingStateReaderTest {

  @RegisterExtension static final RecordingHttpServer broker0 = new RecordingHttpServer();
  @RegisterExtension static final RecordingHttpServer broker1 = new RecordingHttpServer();

  private static final String BROKER0 = """
      {"1": {"role": "LEADER", "exporterPhase": "EXPORTING", "exportedPosition": 10, "processedPosition": 10},
       "2": {"role": "FOLLOWER", "exporterPhase": null, "exportedPosition": null, "processedPosition": null}}""";

  @Test
  void aPartitionPausedOnlyOnAnotherBrokerIsFound() {
    broker0.on("GET", "/actuator/partitions", Reply.json(200, BROKER0));
    broker1.on("GET", "/actuator/partitions", Reply.json(200, """
        {"1": {"role": "FOLLOWER", "exporterPhase": null},
         "2": {"role": "LEADER", "exporterPhase": "SOFT_PAUSED", "exportedPosition": 7, "processedPosition": 9}}"""));

    ExportingStateReader.Report report = ExportingStateReader.read(brokers(broker0.baseUrl(), broker1.baseUrl()), null);

    assertThat(report.phases()).containsEntry("1", "EXPORTING").containsEntry("2", "SOFT_PAUSED");
    assertThat(report.paused()).isTrue();
    assertThat(report.unknown()).isFalse();
  }

  @Test
  void aBrokerThatDoesNotAnswerMakesItsPartitionsUnknownNotExporting() {
    broker0.on("GET", "/actuator/partitions", Reply.json(200, BROKER0));
    String down = "http://127.0.0.1:" + ClientFixtures.closedPort();

    ExportingStateReader.Report report = ExportingStateReader.read(brokers(broker0.baseUrl(), down), 3);

    assertThat(report.phases()).containsEntry("1", "EXPORTING").containsEntry("2", "UNKNOWN").containsEntry("3", "UNKNOWN");
    assertThat(report.paused()).isFalse();
    assertThat(report.unknown()).isTrue();
    assertThat(String.join(" ", report.problems())).contains(down).contains("did not answer").contains("partition(s) 2, 3");
  }

  @Test
  void theGatewayAloneReportingOnlyItsOwnLeadersIsNotReadAsExporting() {
    broker0.on("GET", "/actuator/partitions", Reply.json(200, BROKER0));

    ExportingStateReader.Report report = ExportingStateReader.read(brokers(broker0.baseUrl()), null);

    assertThat(report.unknown()).as("partition 2's leader was not asked").isTrue();
    assertThat(report.phases()).containsEntry("2", "UNKNOWN");
  }

  private static List<ZeebeManagementClient> brokers(String... urls) {
    return java.util.Arrays.stream(urls).map(url -> ClientFixtures.cluster(url).clients().zeebe(ClientFixtures.CLUSTER)).toList();
  }
}
