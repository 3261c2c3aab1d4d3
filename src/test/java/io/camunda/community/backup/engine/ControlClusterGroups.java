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
import reactor.netty.resources.LoopResources;

/**
 * The groups of the control cluster's Identity, for the in-memory engine, which has no REST API:
 * serves {@code POST /v2/groups/{groupId}/users/search} (cursor paging with {@code page.limit} and
 * {@code page.after}, as the Camunda 8.8 client sends it) on 127.0.0.1. An unknown group is a 404
 * problem, as the real API answers; any other path is a 501 problem. Point {@code
 * camunda.client.rest-address} here.
 *
 * <p>Runs on its own event loop: closing a Spring context disposes Reactor Netty's global resources.
 */
public final class ControlClusterGroups {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ControlClusterGroups SHARED = new ControlClusterGroups();

  private final Map<String, List<String>> members = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final DisposableServer server;

  private ControlClusterGroups() {
    LoopResources loops = LoopResources.create("control-cluster-groups", 1, true);
    server = HttpServer.create()
        .runOn(loops)
        .host("127.0.0.1")
        .port(0)
        .route(routes -> routes
            .post("/v2/groups/{groupId}/users/search", this::searchMembers)
            .route(req -> true, (req, res) -> req.receive().then(problem(res, HttpResponseStatus.NOT_IMPLEMENTED,
                "ControlClusterGroups serves only /v2/groups/{groupId}/users/search, not " + req.method() + " " + req.uri()))))
        .bindNow(Duration.ofSeconds(10));
  }

  /** One per test JVM, like the in-memory control cluster. */
  public static ControlClusterGroups shared() {
    return SHARED;
  }

  public String restAddress() {
    return "http://127.0.0.1:" + server.port();
  }

  /** Defines (or replaces) a group and its members, in this order. */
  public ControlClusterGroups group(String groupId, List<String> usernames) {
    members.put(groupId, List.copyOf(usernames));
    return this;
  }

  /** Every request received, as {@code "POST /v2/groups/ops/users/search after=99"}. */
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
