package io.camunda.community.backup.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/**
 * Blocking plain-HTTP access to OpenSearch, the same REST API the real Camunda components use.
 * Callers on Netty event loop threads must offload these calls.
 */
class OpenSearchHttp {

  static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient client =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(2))
          .build();
  private final String baseUrl;

  OpenSearchHttp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  String baseUrl() {
    return baseUrl;
  }

  /** A response whatever its status; connection failures throw {@link Unreachable}. */
  record Response(int status, String body) {

    boolean ok() {
      return status >= 200 && status < 300;
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("OpenSearch answered with non-JSON: " + body, e);
      }
    }

    /** The body as JSON, failing unless the status is 2xx. */
    JsonNode requireOk() {
      if (!ok()) {
        throw new Failure(status, body);
      }
      return json();
    }

    /** OpenSearch's error type, e.g. {@code repository_missing_exception}. */
    String errorType() {
      return ok() ? null : json().path("error").path("type").asText(null);
    }
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response put(String path, Object body) {
    return send("PUT", path, body);
  }

  Response post(String path, Object body) {
    return send("POST", path, body);
  }

  Response delete(String path) {
    return send("DELETE", path, null);
  }

  /** Sends a request; a String body is sent as is (e.g. NDJSON), anything else as JSON. */
  Response send(String method, String path, Object body) {
    var request =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(text(body)))
            .build();
    try {
      var response = client.send(request, BodyHandlers.ofString());
      return new Response(response.statusCode(), response.body());
    } catch (IOException e) {
      throw new Unreachable(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable(method + " " + path, new IOException(e));
    }
  }

  private static String text(Object body) {
    if (body instanceof String string) {
      return string;
    }
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** OpenSearch could not be reached at all (the web apps answer 502 for this). */
  static final class Unreachable extends UncheckedIOException {
    Unreachable(String request, IOException cause) {
      super("OpenSearch unreachable for " + request + ": " + cause.getMessage(), cause);
    }
  }

  /** OpenSearch answered with an unexpected error status. */
  static final class Failure extends RuntimeException {
    Failure(int status, String body) {
      super("OpenSearch answered " + status + ": " + body);
    }
  }
}
