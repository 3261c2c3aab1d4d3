package io.camunda.community.backup.testsupport;

import static org.awaitility.Awaitility.await;

import io.camunda.community.backup.BackupOrchestratorApplication;
import io.camunda.community.backup.engine.InMemoryControlCluster;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real worker application in an OS process of its own (a child JVM on the test's classpath),
 * so that it can be killed the hard way ({@code SIGKILL}): no shutdown hook, no job completed or
 * failed on the way out, its connections just gone. Children still alive when the test JVM exits
 * are killed by a shutdown hook, so none outlives the test.
 */
public final class WorkerProcess implements AutoCloseable {

  /** Logged by Spring Boot once the context (job workers included) is up. */
  private static final String READY_LINE = "Started " + BackupOrchestratorApplication.class.getSimpleName();
  /** On Linux a process killed by signal 9 exits with 128 + 9. */
  public static final int SIGKILL_EXIT = 137;

  private static final Set<Process> ALIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> ALIVE.forEach(WorkerProcess::killTree)));
  }

  private final Process process;
  private final Path log;

  private WorkerProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /**
   * Starts {@link BackupOrchestratorApplication} with the properties as {@code --key=value}
   * arguments (as {@link WorkerApplication#arguments} builds them), no web server, its output in
   * {@code log}.
   */
  public static WorkerProcess start(InMemoryControlCluster control, Map<String, String> properties, Path log) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    // Small and quick to start: it shares two cores with the test JVM and the sandbox's OpenSearch.
    command.addAll(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto"));
    command.add("-Dopensearch.set.netty.runtime.available.processors=false");
    command.addAll(List.of("-cp", classpath()));
    command.add(BackupOrchestratorApplication.class.getName());
    command.add("--spring.main.web-application-type=none");
    command.addAll(Arrays.asList(WorkerApplication.arguments(control, properties)));
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      ALIVE.add(process);
      return new WorkerProcess(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the worker application's JVM", e);
    }
  }

  /**
   * The test JVM's classpath. Surefire's ends with a separator: an empty entry, which a JVM reads
   * as the working directory, where the project's {@code bpmn/} would be found a second time.
   */
  private static String classpath() {
    return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static String javaBinary() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for Spring Boot's "Started" line; fails with the log's tail when the JVM exits first. */
  public WorkerProcess awaitReady(Duration timeout) {
    try {
      await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(() -> {
        if (!process.isAlive()) {
          throw new AssertionError("worker JVM " + pid() + " exited with " + process.exitValue() + " before it was ready:\n" + logTail());
        }
        return logText().contains(READY_LINE);
      });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("worker JVM " + pid() + " not ready within " + timeout + ":\n" + logTail(), e);
    }
    return this;
  }

  /**
   * Kills the JVM with {@code SIGKILL} ({@link Process#destroyForcibly()} on Linux) and returns
   * once the OS confirms it is gone.
   *
   * @return its exit value ({@value #SIGKILL_EXIT} for a SIGKILL)
   */
  public int kill() {
    killTree(process);
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("worker JVM " + pid() + " still alive 60 s after SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while killing worker JVM " + pid(), e);
    }
    if (ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false)) {
      throw new AssertionError("worker JVM " + pid() + " still listed as alive after SIGKILL");
    }
    ALIVE.remove(process);
    return process.exitValue();
  }

  private static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  public Path log() {
    return log;
  }

  private String logText() throws IOException {
    // Bytes, not readString: the child may be in the middle of writing a multi-byte character.
    return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.UTF_8) : "";
  }

  /** The last lines of the child's output, for failure messages. */
  public String logTail() {
    try {
      List<String> lines = logText().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
    ALIVE.remove(process);
  }
}
