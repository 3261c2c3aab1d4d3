package io.camunda.community.backup.testsupport;

import io.camunda.community.backup.testsupport.database.Processes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An S3-compatible server for the second-location tests: Adobe's S3Mock (from Maven Central, see
 * the pom), in its own JVM on a free port of 127.0.0.1, storing under a temp directory; real HTTP.
 * One per test JVM, started on first use, stopped with the JVM. It accepts any credentials and
 * does not check signatures ({@code S3BucketSigningTest} checks those against AWS's examples).
 */
public final class S3MockServer {

  public static final String ACCESS_KEY = "test-access-key";
  public static final String SECRET_KEY = "test-secret-key";
  public static final String REGION = "us-east-1";

  private static S3MockServer shared;

  private final Process process;
  private final int port;
  private final Path log;
  private volatile boolean answering;

  private S3MockServer(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The JVM's server, started now if it is not yet; returns once it answers. */
  public static S3MockServer shared() {
    return starting().awaitAnswer();
  }

  /**
   * The JVM's server, its JVM started now if it is not yet, without waiting for it: its endpoint
   * can go into a configuration while it starts ({@link #shared()} waits).
   */
  public static synchronized S3MockServer starting() {
    if (shared == null) {
      shared = start();
    }
    return shared;
  }

  /** {@code http://127.0.0.1:<port>}: path-style access. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** A client of {@code bucket} on this server, as the orchestrator's second location builds one (path-style). */
  public io.camunda.community.backup.client.s3.S3Bucket bucket(String bucket) {
    return new io.camunda.community.backup.client.s3.S3Bucket(org.springframework.web.reactive.function.client.WebClient.create(),
        endpoint(), REGION, bucket, true, ACCESS_KEY, SECRET_KEY, java.time.Duration.ofSeconds(30), java.time.Clock.systemUTC());
  }

  /** Creates a bucket (idempotent). */
  public void createBucket(String name) {
    int status = send(HttpRequest.newBuilder(endpoint().resolve("/" + name)).PUT(HttpRequest.BodyPublishers.noBody()));
    if (status != 200 && status != 409) {
      throw new IllegalStateException("S3Mock refused to create bucket " + name + ": " + status);
    }
  }

  /** Writes an object as another writer would (a replicating store, a damaged copy), unsigned. */
  public void put(String bucket, String key, byte[] content) {
    int status = send(HttpRequest.newBuilder(endpoint().resolve("/" + bucket + "/" + key))
        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)));
    if (status != 200) {
      throw new IllegalStateException("S3Mock refused to write " + key + ": " + status);
    }
  }

  private static S3MockServer start() {
    String jar = System.getProperty("s3mock.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("system property s3mock.jar does not name S3Mock's executable jar (" + jar + "): run"
          + " the tests through Maven, which sets it (pom.xml, surefire)");
    }
    try {
      Path root = Files.createTempDirectory("s3mock-");
      int port = Processes.freePort();
      List<String> command = List.of(javaBinary(), "-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar,
          "--server.port=0", "--server.address=127.0.0.1", "--com.adobe.testing.s3mock.http-port=" + port,
          "--com.adobe.testing.s3mock.store.root=" + root, "--com.adobe.testing.s3mock.store.retain-files-on-exit=false",
          "--logging.level.root=WARN");
      Path log = root.resolveSibling(root.getFileName() + ".log");
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "s3mock-stop"));
      return new S3MockServer(process, port, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock", e);
    }
  }

  private synchronized S3MockServer awaitAnswer() {
    if (!answering) {
      try {
        awaitFirstAnswer();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      answering = true;
    }
    return this;
  }

  private void awaitFirstAnswer() throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ": " + Files.readString(log));
      }
      try {
        HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint().resolve("/")).GET()
            .timeout(java.time.Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("S3Mock did not answer within 120 s: " + Files.readString(log));
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  private int send(HttpRequest.Builder request) {
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
