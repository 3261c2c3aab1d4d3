package io.camunda.community.backup.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.resources.LoopResources;

/**
 * The slice of the control cluster's REST API (v2) the application reads, for the in-memory engine,
 * which has none, served on 127.0.0.1; point {@code camunda.client.rest-address} here:
 *
 * <ul>
 *   <li>the groups of its Identity: {@code POST /v2/groups/{groupId}/users/search} (cursor paging
 *       with {@code page.limit} and {@code page.after}, as the Camunda 8.8 client sends it); an
 *       unknown group is a 404 problem, as the real API answers;
 *   <li>what Operate shows of a run, from the shared engine's records ({@link RunSearches}): {@code
 *       GET /v2/process-instances/{key}} and {@code POST /v2/element-instances/search}, {@code
 *       /v2/incidents/search}, {@code /v2/variables/search}. The real API answers from secondary
 *       storage a second or two behind the engine; this one is up to date.
 * </ul>
 *
 * Any other path, and any search filter it does not serve, is a 501 problem.
 *
 * <p>Runs on its own event loop: closing a Spring context disposes Reactor Netty's global resources.
 */
public final class ControlClusterRestApi implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ControlClusterRestApi SHARED = new ControlClusterRestApi(InMemoryControlCluster::shared);

  private final Map<String, List<String>> members = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final DisposableServer server;
  private final Scheduler searchers = Schedulers.newBoundedElastic(4, 1024, "control-cluster-search", 60, true);
  private volatile RunSearches runs;
  private final java.util.function.Supplier<InMemoryControlCluster> engine;
  private final LoopResources loops;

  private ControlClusterRestApi(java.util.function.Supplier<InMemoryControlCluster> engine) {
    this.engine = engine;
    loops = LoopResources.create("control-cluster-rest-api", 1, true);
    server = HttpServer.create()
        .runOn(loops)
        .host("127.0.0.1")
        .port(0)
        .route(routes -> routes
            .post("/v2/groups/{groupId}/users/search", this::searchMembers)
            .get("/v2/process-instances/{key}", (req, res) -> answer(req, res, body -> runs().processInstance(Long.parseLong(req.param("key")))
                .orElseThrow(() -> new NotFound("Process instance with key '" + req.param("key") + "' not found"))))
            .post("/v2/process-instances/search", (req, res) -> answer(req, res, body -> runs().processInstances(body)))
            .post("/v2/element-instances/search", (req, res) -> answer(req, res, body -> runs().elementInstances(body)))
            .post("/v2/incidents/search", (req, res) -> answer(req, res, body -> runs().incidents(body)))
            .post("/v2/variables/search", (req, res) -> answer(req, res, body -> runs().variables(body)))
            .route(req -> true, (req, res) -> req.receive().then(problem(res, HttpResponseStatus.NOT_IMPLEMENTED,
                "ControlClusterRestApi does not serve " + req.method() + " " + req.uri()))))
        .bindNow(Duration.ofSeconds(10));
  }

  /** One per test JVM, like the in-memory control cluster. */
  public static ControlClusterRestApi shared() {
    return SHARED;
  }

  /** The search API of an engine of a test's own; {@link #close()} it with the engine. */
  public static ControlClusterRestApi serving(InMemoryControlCluster control) {
    return new ControlClusterRestApi(() -> control);
  }

  @Override
  public void close() {
    server.disposeNow();
    searchers.dispose();
    loops.dispose();
  }

  public String restAddress() {
    return "http://127.0.0.1:" + server.port();
  }

  private RunSearches runs() {
    if (runs == null) {
      runs = new RunSearches(engine.get());
    }
    return runs;
  }

  private static final class NotFound extends RuntimeException {
    NotFound(String message) {
      super(message);
    }
  }

  /** Answers a read from the records off the event loop (it scans the whole stream); refusals as problems. */
  private Publisher<Void> answer(HttpServerRequest req, HttpServerResponse res, java.util.function.Function<JsonNode, JsonNode> read) {
    String request = req.method().name() + " " + req.uri();
    return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("{}")
        .publishOn(searchers)
        .map(body -> read.apply(parse(body)))
        .flatMap(answer -> {
          requests.add(request + " -> 200");
          return res.status(HttpResponseStatus.OK).header("Content-Type", "application/json")
              .sendString(Mono.just(answer.toString()), StandardCharsets.UTF_8).then();
        })
        .onErrorResume(e -> {
          requests.add(request + " -> " + e.getClass().getSimpleName());
          if (e instanceof NotFound) {
            return problem(res, HttpResponseStatus.NOT_FOUND, e.getMessage());
          }
          return problem(res, e instanceof UnsupportedOperationException ? HttpResponseStatus.NOT_IMPLEMENTED
              : HttpResponseStatus.INTERNAL_SERVER_ERROR, e.toString());
        });
  }

  /** Defines (or replaces) a group and its members, in this order. */
  public ControlClusterRestApi group(String groupId, List<String> usernames) {
    members.put(groupId, List.copyOf(usernames));
    return this;
  }

  /** Every request received, as {@code "POST /v2/groups/ops/users/search after=99"} or {@code "POST /v2/incidents/search -> 200"}. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  private Publisher<Void> searchMembers(HttpServerRequest req, HttpServerResponse res) {
    String groupId = req.param("groupId");
    return req.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("{}").flatMap(body -> {
      JsonNode page = parse(body).path("page");
      int limit = page.path("limit").asInt(100);
      int from = page.hasNonNull("after") ? Integer.parseInt(page.get("after").asText()) + 1 : page.path("from").asInt(0);
      requests.add("POST /v2/groups/" + groupId + "/users/search after=" + page.path("after").asText("-"));
      List<String> users = members.get(groupId);
      if (users == null) {
        return problem(res, HttpResponseStatus.NOT_FOUND, "Group with id '" + groupId + "' not found");
      }
      List<String> slice = users.subList(Math.min(from, users.size()), Math.min(from + limit, users.size()));
      ObjectNode answer = JSON.createObjectNode();
      ArrayNode items = answer.putArray("items");
      slice.forEach(user -> items.addObject().put("username", user));
      ObjectNode pageInfo = answer.putObject("page").put("totalItems", users.size());
      if (!slice.isEmpty()) {
        pageInfo.put("startCursor", Integer.toString(from)).put("endCursor", Integer.toString(from + slice.size() - 1));
      }
      return res.status(HttpResponseStatus.OK).header("Content-Type", "application/json")
          .sendString(Mono.just(answer.toString()), StandardCharsets.UTF_8).then();
    });
  }

  private static Mono<Void> problem(HttpServerResponse res, HttpResponseStatus status, String detail) {
    ObjectNode problem = JSON.createObjectNode().put("type", "about:blank").put("title", status.reasonPhrase())
        .put("status", status.code()).put("detail", detail);
    return res.status(status).header("Content-Type", "application/problem+json")
        .sendString(Mono.just(problem.toString()), StandardCharsets.UTF_8).then();
  }

  private static JsonNode parse(String body) {
    try {
      return JSON.readTree(body.isBlank() ? "{}" : body);
    } catch (Exception e) {
      return JSON.createObjectNode();
    }
  }
}
