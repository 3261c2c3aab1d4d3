package io.camunda.community.backup.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * {@code /actuator/exporting/*}, {@code /actuator/partitions} and {@code /actuator/health} of the
 * management port. The exporting endpoints always answer HTTP 200 with a serialized
 * WebEndpointResponse whose own {@code status} tells success (204) from failure (500).
 */
final class ExportingApi {

  private final ZeebeExporter exporter;
  private final SandboxFaults faults;

  ExportingApi(ZeebeExporter exporter, SandboxFaults faults) {
    this.exporter = exporter;
    this.faults = faults;
  }

  void register(SandboxRouter router) {
    router
        .route("POST", "/actuator/exporting/pause", request -> Mono.just(pause(request)))
        .route("POST", "/actuator/exporting/resume", request -> Mono.just(resume()))
        .route("GET", "/actuator/partitions", request -> Mono.just(partitions()))
        .route("GET", "/actuator/health", request -> Mono.just(HttpReply.json(200, Map.of("status", "UP"))));
  }

  private HttpReply pause(SandboxRequest request) {
    if (faults.consumeExportingPauseFailure()) {
      return endpointResponse(500, topologyError());
    }
    exporter.pause(Boolean.parseBoolean(request.queryParam("soft", "false")));
    return endpointResponse(204, null);
  }

  private HttpReply resume() {
    if (faults.consumeExportingResumeFailure()) {
      return endpointResponse(500, topologyError());
    }
    exporter.resume();
    return endpointResponse(204, null);
  }

  private HttpReply partitions() {
    var partitions = new LinkedHashMap<String, Object>();
    for (int id = 1; id <= exporter.partitionCount(); id++) {
      var position = exporter.partition(id);
      var status = new LinkedHashMap<String, Object>();
      status.put("role", "LEADER");
      status.put("processedPosition", position.processedPosition());
      status.put("snapshotId", position.snapshotId());
      status.put("processedPositionInSnapshot", position.processedPosition());
      status.put("streamProcessorPhase", "PROCESSING");
      status.put("exporterPhase", position.phase().name());
      status.put("exportedPosition", position.exportedPosition());
      status.put("health", Map.of("status", "HEALTHY"));
      partitions.put(String.valueOf(id), status);
    }
    return HttpReply.json(200, partitions);
  }

  /** The real call fails like this when a broker is missing; nothing is paused or resumed then. */
  private Map<String, Object> topologyError() {
    int partitions = exporter.partitionCount();
    return Map.of(
        "message",
        "Expected %d members of partition 1 but found %d, current topology: {partitions: %d, brokers: [0]}"
            .formatted(partitions, partitions - 1, partitions));
  }

  private static HttpReply endpointResponse(int status, Object body) {
    var response = new LinkedHashMap<String, Object>();
    response.put("body", body);
    response.put("status", status);
    response.put("contentType", null);
    return HttpReply.json(200, response);
  }
}
