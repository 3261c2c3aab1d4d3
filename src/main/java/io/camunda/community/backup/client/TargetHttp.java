package io.camunda.community.backup.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.config.SecretRedaction;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Exceptions;

/**
 * Blocking JSON-over-HTTP to one component of a target cluster. Every transport fault comes back
 * as a {@link TargetUnavailableException} that names the component, the request and what to
 * check; every answer, whatever its status, comes back as a {@link Response} for the client to
 * interpret against the contract. Its fault texts pass through {@link SecretRedaction}: they become
 * incident messages, and a target may echo a URL with credentials or an authorization header.
 */
public final class TargetHttp {

  private final WebClient webClient;
  private final String baseUrl;
  private final String component;
  private final String hint;
  private final Duration timeout;
  private final ObjectMapper json;

  TargetHttp(WebClient webClient, String baseUrl, String component, String hint, Duration timeout, ObjectMapper json) {
    this.webClient = webClient;
    this.baseUrl = baseUrl;
    this.component = component;
    this.hint = hint;
    this.timeout = timeout;
    this.json = json;
  }

  /** Base URL the requests go to (no credentials: those travel in headers). */
  String baseUrl() {
    return baseUrl;
  }

  public Response send(HttpMethod method, String path, Object body) {
    return send(method, path, body, timeout);
  }

  /** Like {@link #send(HttpMethod, String, Object)} with a longer timeout for calls that wait. */
  public Response send(HttpMethod method, String path, Object body, Duration timeout) {
    String request = method.name() + " " + baseUrl + path;
    WebClient.RequestBodySpec spec = webClient.method(method).uri(path);
    WebClient.RequestHeadersSpec<?> ready =
        body == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(toJson(body));
    try {
      Response response =
          ready
              .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("").map(b -> new Response(r.statusCode().value(), b, request)))
              .timeout(timeout)
              .block();
      if (response == null) {
        throw unavailable(request, "no response", null);
      }
      return response;
    } catch (WebClientRequestException e) {
      String cause = rootMessage(e);
      String what = cause.contains("prematurely closed") ? "closed the connection before answering" : "cannot connect";
      throw unavailable(request, what + " (" + cause + ")", e);
    } catch (RuntimeException e) {
      if (Exceptions.unwrap(e) instanceof TimeoutException) {
        throw unavailable(request, "no answer within " + describe(timeout), e);
      }
      throw e;
    }
  }

  /** The fault to raise for an answer the contract does not allow at this point (5xx, unexpected 4xx). */
  public TargetUnavailableException unexpected(Response response) {
    return unavailable(response.request(), "answered " + response.status() + ": " + response.message(), null);
  }

  private TargetUnavailableException unavailable(String request, String what, Throwable cause) {
    return new TargetUnavailableException(SecretRedaction.redact("%s: %s %s. %s".formatted(component, request, what, hint)), cause);
  }

  private String toJson(Object body) {
    try {
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize request body", e);
    }
  }

  /** "300 ms", "2 s", "1.5 s": the configured timeout as an operator wrote it, never rounded to 0. */
  static String describe(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1000) {
      return millis + " ms";
    }
    return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }

  public <T> T read(Response response, Class<T> type) {
    try {
      return json.readValue(response.body(), type);
    } catch (JsonProcessingException e) {
      throw new TargetUnavailableException(SecretRedaction.redact(
          "%s: %s answered %d with a body that is not the documented JSON (%s). %s"
              .formatted(component, response.request(), response.status(), e.getOriginalMessage(), hint)),
          e);
    }
  }

  /** For a 200 answer that lacks a field the contract marks as required. */
  public TargetUnavailableException missingField(Response response, String field) {
    return new TargetUnavailableException(SecretRedaction.redact("%s: %s answered %d without the required field '%s' (body: %s). %s"
        .formatted(component, response.request(), response.status(), field, response.message(), hint)));
  }

  public JsonNode tree(Response response) {
    return read(response, JsonNode.class);
  }

  /** One HTTP answer; {@link #message()} extracts the error text of any of the targets' error bodies. */
  public record Response(int status, String body, String request) {

    private static final ObjectMapper PARSER = new ObjectMapper();

    public boolean is(int code) {
      return status == code;
    }

    /**
     * Zeebe/web apps: {@code message}; Optimize: {@code detailedMessage}; ES/OS: {@code error.reason};
     * redacted, because it ends up in incidents and failure reasons.
     */
    public String message() {
      return SecretRedaction.redact(rawMessage());
    }

    private String rawMessage() {
      try {
        JsonNode node = PARSER.readTree(body);
        for (String field : new String[] {"message", "detailedMessage", "errorMessage"}) {
          if (node.hasNonNull(field)) {
            return node.get(field).asText();
          }
        }
        if (node.path("error").hasNonNull("reason")) {
          return node.path("error").path("type").asText() + ": " + node.path("error").get("reason").asText();
        }
      } catch (JsonProcessingException | RuntimeException ignored) {
        // not JSON: fall through to the raw body
      }
      return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
  }
}
