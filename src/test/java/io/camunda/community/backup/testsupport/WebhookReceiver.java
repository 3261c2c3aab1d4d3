package io.camunda.community.backup.testsupport;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real HTTP server on 127.0.0.1 (JDK {@code com.sun.net.httpserver}) standing in for a webhook:
 * it records every request (arrival time, path with query, content type, body) and answers as
 * scripted: 200, a status for the first n requests, or never (the request hangs until the
 * receiver is closed or {@link #answerAll()} is called).
 */
public final class WebhookReceiver implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One request as received. */
  public record Received(Instant at, String method, String uri, String contentType, String body) {

    public JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON: " + body, e);
      }
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger answered = new AtomicInteger();
  private volatile int failFirst;
  private volatile int failStatus = 500;
  private volatile boolean hang;
  private volatile CountDownLatch release = new CountDownLatch(1);

  private WebhookReceiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(threads);
    server.start();
  }

  /** Answers 200 to everything. */
  public static WebhookReceiver answering() {
    return new WebhookReceiver();
  }

  /** Answers {@code status} to the first {@code count} requests, then 200. */
  public static WebhookReceiver failingFirst(int count, int status) {
    WebhookReceiver receiver = new WebhookReceiver();
    receiver.failFirst = count;
    receiver.failStatus = status;
    return receiver;
  }

  /** Accepts every request and never answers (until {@link #answerAll()} or {@link #close()}). */
  public static WebhookReceiver hanging() {
    WebhookReceiver receiver = new WebhookReceiver();
    receiver.hang = true;
    return receiver;
  }

  /** From now on, answers {@code status} to the next {@code count} requests, then 200. */
  public WebhookReceiver failNext(int count, int status) {
    failStatus = status;
    failFirst = received.size() + count;
    return this;
  }

  /** {@code http://127.0.0.1:<port><path>}. */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      int index = received.size();
      received.add(new Received(Instant.now(), exchange.getRequestMethod(), exchange.getRequestURI().toString(),
          exchange.getRequestHeaders().getFirst("Content-Type"), body));
      if (hang) {
        try {
          release.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      int status = index < failFirst ? failStatus : 200;
      byte[] answer = (status == 200 ? "ok" : "{\"error\":\"scripted " + status + "\"}").getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(status, answer.length);
      exchange.getResponseBody().write(answer);
      answered.incrementAndGet();
    }
  }

  public List<Received> requests() {
    return List.copyOf(received);
  }

  /** Requests whose JSON body matches. */
  public List<Received> requests(Predicate<JsonNode> body) {
    return received.stream().filter(r -> body.test(r.json())).toList();
  }

  /** Requests answered so far (a hanging receiver answers none). */
  public int answered() {
    return answered.get();
  }

  public List<Received> awaitRequests(int count, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(20)).until(() -> received.size() >= count);
    return requests();
  }

  /** Lets the hanging requests answer 200. */
  public void answerAll() {
    hang = false;
    release.countDown();
  }

  /** Forgets the requests and stops failing; a hanging receiver keeps hanging for new requests. */
  public void reset() {
    received.clear();
    answered.set(0);
    failFirst = 0;
    CountDownLatch old = release;
    release = new CountDownLatch(1);
    old.countDown();
  }

  @Override
  public void close() {
    release.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
