package io.camunda.community.backup.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.ClusterProperties.TimeoutProperties;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.config.OrchestratorProperties;
import io.camunda.community.backup.config.RestoreProperties;
import io.camunda.community.backup.config.SecondaryStorageProperties;
import io.camunda.community.backup.config.SecondaryStorageType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Builds clients the way production does: {@link TargetClients} over a {@link ClusterRegistry}
 * made from {@link OrchestratorProperties}, a {@link WebClient.Builder} and a Jackson mapper
 * configured like Spring Boot's (unknown properties ignored).
 */
final class ClientFixtures {

  static final ObjectMapper JSON = Jackson2ObjectMapperBuilder.json().build();
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
  static final String CLUSTER = "prod";

  private ClientFixtures() {}

  /** A fluent description of one target cluster; everything points at the given base URL by default. */
  static final class Cluster {
    private String name = CLUSTER;
    private String managementUrl;
    private String optimizeUrl;
    private String storageUrl;
    private SecondaryStorageType type = SecondaryStorageType.ELASTICSEARCH;
    private String username;
    private String password;
    private String apiKey;
    private String repository = "camunda";
    private Duration requestTimeout = REQUEST_TIMEOUT;

    Cluster(String baseUrl) {
      managementUrl = baseUrl;
      optimizeUrl = baseUrl;
      storageUrl = baseUrl;
    }

    Cluster name(String value) { name = value; return this; }
    Cluster managementUrl(String value) { managementUrl = value; return this; }
    Cluster optimizeUrl(String value) { optimizeUrl = value; return this; }
    Cluster storageUrl(String value) { storageUrl = value; return this; }
    Cluster type(SecondaryStorageType value) { type = value; return this; }
    Cluster basicAuth(String user, String pass) { username = user; password = pass; return this; }
    Cluster apiKey(String value) { apiKey = value; return this; }
    Cluster repository(String value) { repository = value; return this; }
    Cluster requestTimeout(Duration value) { requestTimeout = value; return this; }

    ClusterProperties properties() {
      SecondaryStorageProperties storage = new SecondaryStorageProperties(
          type, URI.create(storageUrl), username, password, apiKey, repository, "zeebe-record", "", "optimize", null);
      TimeoutProperties timeouts = new TimeoutProperties(
          requestTimeout, Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(30), Duration.ofMinutes(5));
      return new ClusterProperties(
          name,
          URI.create(managementUrl),
          optimizeUrl == null ? null : URI.create(optimizeUrl),
          true,
          Duration.ofMinutes(30),
          Duration.ofSeconds(5),
          storage,
          timeouts,
          new ClusterProperties.RetentionProperties(true, 3, 3, null), Duration.ZERO, Duration.ofDays(1),
        RestoreProperties.defaults());
    }

    TargetClients clients() {
      return ClientFixtures.clients(properties());
    }
  }

  static Cluster cluster(String baseUrl) {
    return new Cluster(baseUrl);
  }

  static Cluster cluster(RecordingHttpServer server) {
    return new Cluster(server.baseUrl());
  }

  static TargetClients clients(ClusterProperties... clusters) {
    OrchestratorProperties properties = new OrchestratorProperties(
        new OrchestratorProperties.Schedule(true, "0 0 2 * * *"),
        new OrchestratorProperties.Housekeeping(true, "0 15 * * * *"), Duration.ofSeconds(10), List.of(clusters));
    return new TargetClients(new ClusterRegistry(properties), WebClient.builder(), JSON);
  }

  static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A port on 127.0.0.1 nobody listens on (bound, then released). */
  static int closedPort() {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Realistic Elasticsearch error body: {"error":{"root_cause":[...],"type":...,"reason":...},"status":...}. */
  static String esError(int status, String type, String reason) {
    return """
        {"error":{"root_cause":[{"type":"%1$s","reason":"%2$s"}],"type":"%1$s","reason":"%2$s"},"status":%3$d}"""
        .formatted(type, reason, status);
  }

  /** Zeebe / web-apps actuator error body. */
  static String message(String text) {
    return "{\"message\":\"" + text + "\"}";
  }

  /** Optimize error body (contract 1.5.1). */
  static String optimizeError(String errorCode, String errorMessage, String detailedMessage) {
    return """
        {"errorCode":"%s","errorMessage":"%s","detailedMessage":"%s","reportDefinition":null}"""
        .formatted(errorCode, errorMessage, detailedMessage);
  }
}
