package io.camunda.community.backup.engine;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.process.test.filters.RecordStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The control cluster for tests and the embedded demo: the real Zeebe workflow engine in memory,
 * serving the gRPC gateway API on a local port. It has no REST API, so the client must be told to
 * deploy and command over gRPC.
 */
public final class InMemoryControlCluster implements AutoCloseable {

  /**
   * How long a client of this engine waits for a command's answer: a busy machine (other builds, a
   * CPU-bound process beside the suite) stalls the engine for seconds, and a deadline there fails a
   * test about something else.
   */
  public static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(60);

  private static InMemoryControlCluster shared;

  private final ZeebeTestEngine engine;

  private InMemoryControlCluster(ZeebeTestEngine engine) {
    this.engine = engine;
  }

  public static InMemoryControlCluster start() {
    ZeebeTestEngine engine = EngineFactory.create();
    engine.start();
    return new InMemoryControlCluster(engine);
  }

  /** One engine per JVM for the process tests: starting one takes seconds. */
  public static synchronized InMemoryControlCluster shared() {
    if (shared == null) {
      shared = start();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  public String grpcAddress() {
    String address = engine.getGatewayAddress(); // "0.0.0.0:<port>"
    return "http://localhost:" + address.substring(address.lastIndexOf(':') + 1);
  }

  /** The {@code camunda.client.*} properties that point the worker application at this engine. */
  public Map<String, String> clientProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("camunda.client.mode", "self-managed");
    properties.put("camunda.client.grpc-address", grpcAddress());
    properties.put("camunda.client.rest-address", "http://localhost:1"); // no REST API here
    properties.put("camunda.client.auth.method", "none");
    properties.put("camunda.client.prefer-rest-over-grpc", "false");
    properties.put("camunda.client.worker.defaults.stream-enabled", "true");
    // The first deployment at context start can take longer than the default 10 s on a machine
    // busy with other builds; a deadline there fails the whole test class.
    properties.put("camunda.client.request-timeout", REQUEST_TIMEOUT.toString());
    return properties;
  }

  public ZeebeTestEngine engine() {
    return engine;
  }

  /** The engine's records so far, a copy ({@link EngineRecords}). */
  public RecordStream records() {
    List<io.camunda.zeebe.protocol.record.Record<?>> copy = EngineRecords.copy(engine);
    return RecordStream.of(() -> copy);
  }

  public ProcessInstanceView instance(long processInstanceKey) {
    return new ProcessInstanceView(this, processInstanceKey);
  }

  /** Keys of the instances of a process, in the order they were created. */
  public java.util.List<Long> instancesOf(String bpmnProcessId) {
    return java.util.stream.StreamSupport.stream(records().processInstanceRecords().spliterator(), false)
        .filter(r -> r.getIntent() == io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent.ELEMENT_ACTIVATED
            && r.getValue().getBpmnElementType() == io.camunda.zeebe.protocol.record.value.BpmnElementType.PROCESS
            && r.getValue().getBpmnProcessId().equals(bpmnProcessId))
        .map(io.camunda.zeebe.protocol.record.Record::getKey)
        .toList();
  }

  /** Moves the engine clock (timers, timer start events) forward. */
  public void increaseTime(Duration duration) {
    engine.increaseTime(duration);
  }

  @Override
  public void close() {
    engine.stop();
  }
}
