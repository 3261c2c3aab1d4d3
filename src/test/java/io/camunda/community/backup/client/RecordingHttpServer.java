package io.camunda.community.backup.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * A tiny HTTP server on 127.0.0.1 (random port) for client tests. Tests program a {@link Reply}
 * per method + path (query ignored for matching) and read back every request it received, in
 * arrival order. Unprogrammed requests get 599 so a wrong path shows up as a clear failure.
 *
 * <p>Register it once per test class ({@code @RegisterExtension static final RecordingHttpServer
 * server = new RecordingHttpServer();}): it forgets replies and requests before each test and stops
 * after the class.
 */
final class RecordingHttpServer implements AutoCloseable, BeforeEachCallback, AfterAllCallback {

  static final int UNPROGRAMMED = 599;

  /** One request as received: {@code uri} is path + query exactly as sent on the wire. */
  record Recorded(String method, String uri, Map<String, List<String>> headers, String body) {

    String path() {
      int q = uri.indexOf('?');
      return q < 0 ? uri : uri.substring(0, q);
    }

    /** The raw query string, or {@code null} when the request had none. */
    String query() {
      int q = uri.indexOf('?');
      return q < 0 ? null : uri.substring(q + 1);
    }

    /** Values of one header (case-insensitive name), empty when absent. */
    List<String> header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
    }

    String firstHeader(String name) {
      List<String> values = header(name);
      return values.isEmpty() ? null : values.get(0);
    }
  }

  /**
   * A programmed answer.
   *
   * @param delay wait this long before answering ({@link Duration#ZERO} for none)
   * @param closeWithoutAnswer drop the connection instead of answering
   */
  record Reply(int status, String body, String contentType, Duration delay, boolean closeWithoutAnswer) {

    static Reply json(int status, String body) {
      return new Reply(status, body, "application/json", Duration.ZERO, false);
    }

    static Reply status(int status) {
      return new Reply(status, "", null, Duration.ZERO, false);
    }

    static Reply text(int status, String contentType, String body) {
      return new Reply(status, body, contentType, Duration.ZERO, false);
    }

    static Reply closeConnection() {
      return new Reply(0, "", null, Duration.ZERO, true);
    }

    Reply delayedBy(Duration delay) {
      return new Reply(status, body, contentType, delay, closeWithoutAnswer);
    }
  }

  private final Map<String, Reply> replies = new ConcurrentHashMap<>();
  private final List<Recorded> requests = new CopyOnWriteArrayList<>();
  private final DisposableServer server;

  RecordingHttpServer() {
    server = HttpServer.create().host("127.0.0.1").port(0).handle(this::handle).bindNow(Duration.ofSeconds(10));
  }

  int port() {
    return server.port();
  }

  /** {@code http://127.0.0.1:PORT} without a trailing slash. */
  String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  /** Programs the answer for {@code method path}; {@code path} is matched without the query. */
  RecordingHttpServer on(String method, String path, Reply reply) {
    replies.put(key(method, path), reply);
    return this;
  }

  List<Recorded> requests() {
    return new ArrayList<>(requests);
  }

  /** The only request received; fails when there were none or several. */
  Recorded single() {
    List<Recorded> all = requests();
    if (all.size() != 1) {
      throw new AssertionError("expected exactly one request but got " + all.size() + ": " + all);
    }
    return all.get(0);
  }

  void reset() {
    replies.clear();
    requests.clear();
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    reset();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
  }

  private static String key(String method, String path) {
    return method.toUpperCase(Locale.ROOT) + " " + path;
  }

  private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("").flatMap(body -> {
      Map<String, List<String>> headers = new LinkedHashMap<>();
      request.requestHeaders().forEach(h ->
          headers.computeIfAbsent(h.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(h.getValue()));
      Recorded recorded = new Recorded(request.method().name(), request.uri(), headers, body);
      requests.add(recorded);
      Reply reply = replies.get(key(recorded.method(), recorded.path()));
      if (reply == null) {
        reply = Reply.json(UNPROGRAMMED, "{\"message\":\"RecordingHttpServer: nothing programmed for " + recorded.method() + " " + recorded.path() + "\"}");
      }
      if (reply.closeWithoutAnswer()) {
        request.withConnection(connection -> connection.channel().close());
        return Mono.<Void>empty();
      }
      Reply answer = reply;
      Mono<Void> send = Mono.defer(() -> {
        response.status(answer.status());
        if (answer.contentType() != null) {
          response.header("Content-Type", answer.contentType());
        }
        return answer.body().isEmpty() ? response.send().then() : response.sendString(Mono.just(answer.body())).then();
      });
      return answer.delay().isZero() ? send : Mono.delay(answer.delay()).then(send);
    });
  }
}
