package io.camunda.community.backup.sandbox;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * Routes the requests of one HTTP server to handlers, after stripping the context path,
 * recording the request and applying the faults that match it.
 */
final class SandboxRouter {

  @FunctionalInterface
  interface Handler {
    Mono<HttpReply> handle(SandboxRequest request);
  }

  /** A route method that matches every request method, for endpoints that answer all alike. */
  static final String ANY_METHOD = "*";

  private record Route(String method, Pattern path, Handler handler) {}

  private final String contextPath;
  private final SandboxFaults faults;
  private final List<Route> routes = new ArrayList<>();

  SandboxRouter(String contextPath, SandboxFaults faults) {
    this.contextPath = contextPath;
    this.faults = faults;
  }

  SandboxRouter route(String method, String pathRegex, Handler handler) {
    routes.add(new Route(method, Pattern.compile(pathRegex), handler));
    return this;
  }

  /** Wraps a handler that blocks (OpenSearch calls, disk) so it never runs on an event loop thread. */
  static Handler blocking(Function<SandboxRequest, HttpReply> handler) {
    return request ->
        Mono.fromCallable(() -> handler.apply(request)).subscribeOn(Schedulers.boundedElastic());
  }

  /** Spring's default error body, which the real actuator answers for unknown paths and the like. */
  static HttpReply springError(HttpResponseStatus status, String path) {
    var body = new LinkedHashMap<String, Object>();
    body.put("timestamp", OffsetDateTime.now(ZoneOffset.UTC).toString());
    body.put("path", path);
    body.put("status", status.code());
    body.put("error", status.reasonPhrase());
    return HttpReply.json(status.code(), body);
  }

  Mono<Void> serve(HttpServerRequest request, HttpServerResponse response) {
    return request
        .receive()
        .aggregate()
        .asString(StandardCharsets.UTF_8)
        .defaultIfEmpty("")
        .flatMap(body -> dispatch(request, response, body));
  }

  private Mono<Void> dispatch(HttpServerRequest request, HttpServerResponse response, String body) {
    var uri = new QueryStringDecoder(request.uri());
    var method = request.method().name();
    var path = withoutContextPath(uri.path());
    if (path == null) {
      return write(response, springError(HttpResponseStatus.NOT_FOUND, uri.path()));
    }
    faults.record(new RecordedRequest(method, path, uri.rawQuery(), body, Instant.now()));
    var decision = faults.decide(method, path);
    var contentType = request.requestHeaders().get(HttpHeaderNames.CONTENT_TYPE);
    Mono<HttpReply> reply =
        decision.failure().map(Mono::just).orElseGet(() -> execute(method, path, uri, body, contentType));
    if (!decision.delay().isZero()) {
      var executed = reply;
      reply = Mono.firstWithSignal(Mono.delay(decision.delay()).thenReturn(true), decision.cleared().thenReturn(false))
          .flatMap(delayPassed -> delayPassed
              ? executed
              : Mono.just(HttpReply.message(503, "sandbox faults cleared: delayed request dropped unexecuted")));
    }
    return reply.flatMap(answer -> decision.loseResponse() ? cut(response) : write(response, answer));
  }

  private Mono<HttpReply> execute(
      String method, String path, QueryStringDecoder uri, String body, String contentType) {
    return Mono.defer(
        () -> {
          boolean pathKnown = false;
          for (var route : routes) {
            var matcher = route.path().matcher(path);
            if (!matcher.matches()) {
              continue;
            }
            pathKnown = true;
            if (route.method().equals(method) || route.method().equals(ANY_METHOD)) {
              var request = new SandboxRequest(method, path, uri.parameters(), body, contentType, matcher);
              return route
                  .handler()
                  .handle(request)
                  .onErrorResume(e -> Mono.just(HttpReply.message(500, String.valueOf(e.getMessage()))));
            }
          }
          var status = pathKnown ? HttpResponseStatus.METHOD_NOT_ALLOWED : HttpResponseStatus.NOT_FOUND;
          return Mono.just(springError(status, contextPath + path));
        });
  }

  private String withoutContextPath(String fullPath) {
    var path = fullPath.length() > 1 && fullPath.endsWith("/") ? fullPath.substring(0, fullPath.length() - 1) : fullPath;
    if (contextPath.isEmpty()) {
      return path;
    }
    if (path.equals(contextPath)) {
      return "/";
    }
    return path.startsWith(contextPath + "/") ? path.substring(contextPath.length()) : null;
  }

  private static Mono<Void> write(HttpServerResponse response, HttpReply reply) {
    response.status(reply.status());
    if (reply.body() == null || reply.body().isEmpty()) {
      return response.send();
    }
    response.header(HttpHeaderNames.CONTENT_TYPE, reply.isJson() ? "application/json" : "text/plain");
    return response.sendString(Mono.just(reply.body())).then();
  }

  /** Closes the connection without an answer: the effects happened, the client never learns. */
  private static Mono<Void> cut(HttpServerResponse response) {
    response.withConnection(Connection::dispose);
    return Mono.empty();
  }
}
