package io.camunda.community.backup.sandbox;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;

/** Plain HTTP calls to a sandbox cluster's management API, as the sandbox tests make them. */
final class SandboxHttp {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  record Response(int status, String body) {
    JsonNode json() throws IOException {
      return JSON.readTree(body);
    }
  }

  private SandboxHttp() {}

  static Response send(String method, String url, String jsonBody) throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(10))
            .method(method, jsonBody == null ? BodyPublishers.noBody() : BodyPublishers.ofString(jsonBody));
    if (jsonBody != null) {
      request.header("Content-Type", "application/json");
    }
    var response = HTTP.send(request.build(), BodyHandlers.ofString());
    return new Response(response.statusCode(), response.body());
  }

  static Response call(String method, String url) throws Exception {
    return send(method, url, null);
  }

  /** Takes a Zeebe or web-apps backup with this ID. */
  static Response post(String url, long backupId) throws Exception {
    return send("POST", url, "{\"backupId\": " + backupId + "}");
  }

  /** Polls {@code url} until its {@code state} is {@code expected}; returns that body. */
  static JsonNode awaitState(String url, String expected, Duration timeout) {
    return await()
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> call("GET", url).json(), json -> expected.equals(json.path("state").asText()));
  }
}
