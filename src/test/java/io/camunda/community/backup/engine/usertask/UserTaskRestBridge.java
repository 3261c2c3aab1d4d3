package io.camunda.community.backup.engine.usertask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import io.camunda.zeebe.protocol.record.RejectionType;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.LoopResources;

/**
 * The slice of the orchestration cluster REST API (v2) that the Camunda 8.8 Java client uses for
 * user task commands, served on 127.0.0.1 and forwarded to {@link UserTasks}. With {@code
 * camunda.client.rest-address} pointing here (and {@code prefer-rest-over-grpc=false} for
 * everything else), an application's own {@code camundaClient.newCompleteUserTaskCommand(key)}
 * works unchanged against the in-memory engine.
 *
 * <p>Served (paths relative to {@link #restAddress()}, as {@code camunda-client-java} 8.8.14 builds
 * them: rest address + {@code /v2} + command path):
 *
 * <ul>
 *   <li>{@code POST /v2/user-tasks/{userTaskKey}/completion}, body {@code {"variables": {...},
 *       "action": "..."}} (both optional) - 204
 *   <li>{@code POST /v2/user-tasks/{userTaskKey}/assignment}, body {@code {"assignee": "...",
 *       "allowOverride": true|false, "action": "..."}} - 204 ({@code allowOverride=false} is a claim)
 *   <li>{@code DELETE /v2/user-tasks/{userTaskKey}/assignee} (unassign) - 204
 * </ul>
 *
 * Engine rejections come back as {@code application/problem+json} with the status the real gateway
 * uses (NOT_FOUND 404, INVALID_STATE 409, INVALID_ARGUMENT 400, ...), which the client raises as a
 * {@code ProblemException}. Anything else (searches, user task update, ...) is answered 501 and
 * listed in {@link #requests()}.
 *
 * <p>Runs on its own event loop and worker threads, not Reactor Netty's global resources: closing a
 * Spring context disposes the global ones, which would kill the bridge between test contexts.
 */
public final class UserTaskRestBridge implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TASK = "/v2/user-tasks/{userTaskKey}";

  private final UserTasks tasks;
  private final LoopResources loops;
  private final Scheduler workers;
  private final DisposableServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private UserTaskRestBridge(UserTasks tasks) {
    this.tasks = tasks;
    this.loops = LoopResources.create("user-task-bridge", 1, true);
    this.workers = Schedulers.newBoundedElastic(4, 1024, "user-task-bridge-worker", 60, true);
    try {
      this.server = HttpServer.create()
          .runOn(loops)
          .host("127.0.0.1")
          .port(0)
          .route(routes -> routes
              .post(TASK + "/completion", (req, res) -> handle(req, res, this::complete))
              .post(TASK + "/assignment", (req, res) -> handle(req, res, this::assign))
              .delete(TASK + "/assignee", (req, res) -> handle(req, res, (key, body) -> tasks.unassign(key)))
              .route(req -> true, this::notServed))
          .bindNow(Duration.ofSeconds(10));
    } catch (RuntimeException e) {
      workers.dispose();
      loops.dispose();
      throw e;
    }
  }

  public static UserTaskRestBridge start(UserTasks tasks) {
    return new UserTaskRestBridge(tasks);
  }

  public static UserTaskRestBridge start(InMemoryControlCluster control) {
    return start(new UserTasks(control));
  }

  /** For {@code camunda.client.rest-address} / {@code CamundaClientBuilder.restAddress}. */
  public String restAddress() {
    return "http://127.0.0.1:" + server.port();
  }

  public int port() {
    return server.port();
  }

  public UserTasks userTasks() {
    return tasks;
  }

  /**
   * The {@code camunda.client.*} properties of the control cluster with the REST address pointed at
   * this bridge (gRPC stays the engine's; {@code prefer-rest-over-grpc} stays false).
   */
  public Map<String, String> clientProperties(InMemoryControlCluster control) {
    Map<String, String> properties = new LinkedHashMap<>(control.clientProperties());
    properties.put("camunda.client.rest-address", restAddress());
    properties.put("camunda.client.prefer-rest-over-grpc", "false");
    return properties;
  }

  /** Every request received, as {@code "POST /v2/user-tasks/1/completion -> 204"}, in order. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.disposeNow(Duration.ofSeconds(5));
    loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    workers.dispose();
  }

  // ---------------------------------------------------------------- handlers

  @FunctionalInterface
  private interface Command {
    void run(long userTaskKey, JsonNode body);
  }

  private void complete(long key, JsonNode body) {
    JsonNode variables = body.path("variables");
    if (!variables.isMissingNode() && !variables.isNull() && !variables.isObject()) {
      throw new IllegalArgumentException("'variables' must be a JSON object, was: " + variables);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> map = variables.isObject() ? JSON.convertValue(variables, Map.class) : Map.of();
    tasks.complete(key, map, text(body, "action"));
  }

  private void assign(long key, JsonNode body) {
    String assignee = text(body, "assignee");
    if (assignee == null || assignee.isBlank()) {
      throw new IllegalArgumentException("No assignee provided.");
    }
    JsonNode allowOverride = body.path("allowOverride");
    boolean override = !allowOverride.isBoolean() || allowOverride.booleanValue(); // default true, as the gateway
    tasks.assign(key, assignee, override, text(body, "action"));
  }

  private Publisher<Void> handle(HttpServerRequest req, HttpServerResponse res, Command command) {
    String request = req.method().name() + " " + req.uri();
    String keyParam = req.param("userTaskKey");
    return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
        .publishOn(workers) // UserTasks blocks until the engine processed the command
        .map(body -> {
          command.run(parseKey(keyParam), parseBody(body));
          return HttpResponseStatus.NO_CONTENT;
        })
        .flatMap(status -> {
          requests.add(request + " -> " + status.code());
          return res.status(status).send();
        })
        .onErrorResume(e -> problem(res, request, e));
  }

  private Publisher<Void> notServed(HttpServerRequest req, HttpServerResponse res) {
    String request = req.method().name() + " " + req.uri();
    return req.receive().then(problem(res, request, HttpResponseStatus.NOT_IMPLEMENTED, "NOT_IMPLEMENTED",
        "UserTaskRestBridge serves only the user task completion, assignment and unassignment endpoints, not: "
            + request));
  }

  private Mono<Void> problem(HttpServerResponse res, String request, Throwable e) {
    if (e instanceof UserTasks.Rejected rejected) {
      return problem(res, request, statusOf(rejected.rejectionType()), rejected.rejectionType().name(),
          "Command '" + rejected.intent() + "' rejected with code '" + rejected.rejectionType() + "': " + rejected.reason());
    }
    if (e instanceof IllegalArgumentException) {
      return problem(res, request, HttpResponseStatus.BAD_REQUEST, "INVALID_ARGUMENT", e.getMessage());
    }
    return problem(res, request, HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
  }

  private Mono<Void> problem(HttpServerResponse res, String request, HttpResponseStatus status, String title, String detail) {
    requests.add(request + " -> " + status.code());
    ObjectNode problem = JSON.createObjectNode()
        .put("type", "about:blank")
        .put("title", title)
        .put("status", status.code())
        .put("detail", detail)
        .put("instance", request.substring(request.indexOf(' ') + 1));
    return res.status(status)
        .header("Content-Type", "application/problem+json")
        .sendString(Mono.just(problem.toString()), StandardCharsets.UTF_8)
        .then();
  }

  /** As the orchestration cluster gateway maps rejections to HTTP. */
  private static HttpResponseStatus statusOf(RejectionType type) {
    return switch (type) {
      case NOT_FOUND -> HttpResponseStatus.NOT_FOUND;
      case INVALID_STATE, ALREADY_EXISTS -> HttpResponseStatus.CONFLICT;
      case INVALID_ARGUMENT -> HttpResponseStatus.BAD_REQUEST;
      case UNAUTHORIZED -> HttpResponseStatus.UNAUTHORIZED;
      case FORBIDDEN -> HttpResponseStatus.FORBIDDEN;
      default -> HttpResponseStatus.INTERNAL_SERVER_ERROR;
    };
  }

  private static long parseKey(String key) {
    try {
      return Long.parseLong(key);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("user task key is not a number: " + key);
    }
  }

  private static JsonNode parseBody(String body) {
    if (body.isBlank()) {
      return JSON.createObjectNode();
    }
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new IllegalArgumentException("request body is not JSON: " + e.getMessage());
    }
  }

  private static String text(JsonNode body, String field) {
    JsonNode node = body.path(field);
    return node.isTextual() ? node.textValue() : null;
  }
}
