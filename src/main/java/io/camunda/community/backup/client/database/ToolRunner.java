package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs one tool process to completion: stderr goes to a private temporary file (no pipe to
 * deadlock on), of which the last lines are kept for the error message with every secret masked.
 */
final class ToolRunner {

  static final int TAIL_LINES = 15;
  static final int TAIL_CHARS = 3000;
  /** How often a running tool checks whether its caller withdrew it. */
  static final long CANCELLATION_CHECK_MILLIS = 200;
  /** For callers that cannot be withdrawn. */
  static final BooleanSupplier NEVER_CANCELLED = () -> false;

  private ToolRunner() {}

  /** How a run ended; {@code stderrTail} is already free of secrets. */
  record Outcome(int exitCode, boolean timedOut, String stderrTail) {
    boolean succeeded() {
      return !timedOut && exitCode == 0;
    }

    /** "exit code 1: <stderr>" or "timed out after PT5S". */
    String describe(Duration timeout) {
      String status = timedOut ? "timed out after " + timeout + " and was killed" : "exit code " + exitCode;
      return stderrTail.isBlank() ? status + " (no error output)" : status + ": " + stderrTail;
    }
  }

  static Outcome run(ProcessBuilder builder, Duration timeout, Collection<String> secrets)
      throws IOException, InterruptedException {
    return run(builder, timeout, secrets, NEVER_CANCELLED);
  }

  /**
   * Starts the process and waits for it. Standard output, if the caller did not redirect it, is
   * discarded; standard input, if not redirected, is closed at once so the tool never waits on it.
   * While it runs, {@code cancelled} is asked every {@value #CANCELLATION_CHECK_MILLIS} ms; once it
   * answers true the process and everything it started are killed.
   *
   * @throws IOException the process could not be started (binary vanished, not executable)
   * @throws DumpCancelledException {@code cancelled} answered true; the process tree is gone
   */
  static Outcome run(ProcessBuilder builder, Duration timeout, Collection<String> secrets, BooleanSupplier cancelled)
      throws IOException, InterruptedException {
    return run(builder, timeout, secrets, cancelled, null);
  }

  /** Reads a tool's standard output while it runs. */
  @FunctionalInterface
  interface OutputReader {
    void read(InputStream stdout) throws IOException;
  }

  /**
   * {@link #run(ProcessBuilder, Duration, Collection, BooleanSupplier)} with {@code stdout} reading
   * the tool's standard output as it is written (on a thread of its own, so a tool filling the
   * pipe never blocks); a reader that fails fails the run with its exception once the tool ended.
   */
  static Outcome run(ProcessBuilder builder, Duration timeout, Collection<String> secrets, BooleanSupplier cancelled,
      OutputReader stdout) throws IOException, InterruptedException {
    String tool = builder.command().get(0);
    if (cancelled.getAsBoolean()) {
      throw new DumpCancelledException(tool + " was not started: the job was cancelled");
    }
    Path stderr = Files.createTempFile("db-tool-", ".stderr",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      builder.redirectError(stderr.toFile());
      if (stdout != null) {
        builder.redirectOutput(ProcessBuilder.Redirect.PIPE);
      } else if (builder.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      }
      Process process = builder.start();
      if (builder.redirectInput() == ProcessBuilder.Redirect.PIPE) {
        OutputStream stdin = process.getOutputStream();
        stdin.close();
      }
      CompletableFuture<Void> reading = stdout == null
          ? CompletableFuture.completedFuture(null)
          : readOutput(process, stdout);
      long deadline = System.nanoTime() + timeout.toNanos();
      boolean finished = false;
      try {
        while (!finished) {
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            break;
          }
          finished = process.waitFor(Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(CANCELLATION_CHECK_MILLIS)),
              TimeUnit.NANOSECONDS);
          if (!finished && cancelled.getAsBoolean()) {
            kill(process);
            throw new DumpCancelledException(tool + " was killed (pid " + process.pid() + " and its children): the job was cancelled");
          }
        }
      } catch (InterruptedException e) {
        kill(process);
        throw e;
      }
      if (!finished) {
        kill(process);
      }
      Outcome outcome = new Outcome(finished ? process.exitValue() : -1, !finished, tail(stderr, secrets));
      if (outcome.succeeded()) {
        awaitReader(reading);
      }
      return outcome;
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  private static CompletableFuture<Void> readOutput(Process process, OutputReader stdout) {
    CompletableFuture<Void> reading = new CompletableFuture<>();
    Thread.ofVirtual().name("tool-output-" + process.pid()).start(() -> {
      try (InputStream in = process.getInputStream()) {
        stdout.read(in);
        in.transferTo(OutputStream.nullOutputStream()); // what the reader left: the tool must not block on a full pipe
        reading.complete(null);
      } catch (IOException | RuntimeException e) {
        reading.completeExceptionally(e);
      }
    });
    return reading;
  }

  private static void awaitReader(CompletableFuture<Void> reading) throws IOException, InterruptedException {
    try {
      reading.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IOException(e.getCause());
    }
  }

  /** The whole tree: a wrapper script's children too, so nothing keeps the database busy. */
  private static void kill(Process process) throws InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    process.waitFor(10, TimeUnit.SECONDS);
    for (ProcessHandle child : children) {
      child.onExit().completeOnTimeout(child, 10, TimeUnit.SECONDS).join();
    }
  }

  static String tail(Path file, Collection<String> secrets) throws IOException {
    Deque<String> lines = new ArrayDeque<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      lines.addLast(line.strip());
      if (lines.size() > TAIL_LINES) {
        lines.removeFirst();
      }
    }
    String text = String.join(" | ", lines);
    if (text.length() > TAIL_CHARS) {
      text = "…" + text.substring(text.length() - TAIL_CHARS);
    }
    return mask(text, secrets);
  }

  static String mask(String text, Collection<String> secrets) {
    String masked = text;
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) {
        masked = masked.replace(secret, "****");
      }
    }
    return masked;
  }

  static List<String> secretsOf(DatabaseConnection connection) {
    return connection.password().isEmpty() ? List.of() : List.of(connection.password());
  }

  /**
   * Runs a vendor tool for {@code connection} and throws {@link TargetUnavailableException} naming
   * the tool, the database, the outcome (stderr with secrets masked) and what to {@code check}.
   */
  static void runOrFail(ProcessBuilder builder, DumperOptions options, DatabaseConnection connection, String tool,
      String check, BooleanSupplier cancelled) throws IOException, InterruptedException {
    runOrFail(builder, options, connection, tool, check, cancelled, null);
  }

  /** {@link #runOrFail(ProcessBuilder, DumperOptions, DatabaseConnection, String, String, BooleanSupplier)}, reading standard output. */
  static void runOrFail(ProcessBuilder builder, DumperOptions options, DatabaseConnection connection, String tool,
      String check, BooleanSupplier cancelled, OutputReader stdout) throws IOException, InterruptedException {
    Outcome outcome;
    try {
      outcome = run(builder, options.timeout(), secretsOf(connection), cancelled, stdout);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot start " + tool + " (" + builder.command().get(0) + ") for "
          + connection.describe() + ": " + e + "; check that the binary is executable", e);
    }
    if (!outcome.succeeded()) {
      throw new TargetUnavailableException(tool + " for " + connection.describe() + " failed with "
          + outcome.describe(options.timeout()) + " — " + check);
    }
  }
}
