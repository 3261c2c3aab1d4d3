package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
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
import java.util.concurrent.TimeUnit;

/**
 * Runs one tool process to completion: stderr goes to a private temporary file (no pipe to
 * deadlock on), of which the last lines are kept for the error message with every secret masked.
 */
final class ToolRunner {

  static final int TAIL_LINES = 15;
  static final int TAIL_CHARS = 3000;

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

  /**
   * Starts the process and waits for it. Standard output, if the caller did not redirect it, is
   * discarded; standard input, if not redirected, is closed at once so the tool never waits on it.
   *
   * @throws IOException the process could not be started (binary vanished, not executable)
   */
  static Outcome run(ProcessBuilder builder, Duration timeout, Collection<String> secrets)
      throws IOException, InterruptedException {
    Path stderr = Files.createTempFile("db-tool-", ".stderr",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      builder.redirectError(stderr.toFile());
      if (builder.redirectOutput() == ProcessBuilder.Redirect.PIPE) {
        builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
      }
      Process process = builder.start();
      if (builder.redirectInput() == ProcessBuilder.Redirect.PIPE) {
        OutputStream stdin = process.getOutputStream();
        stdin.close();
      }
      boolean finished;
      try {
        finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        kill(process);
        throw e;
      }
      if (!finished) {
        kill(process);
      }
      return new Outcome(finished ? process.exitValue() : -1, !finished, tail(stderr, secrets));
    } finally {
      Files.deleteIfExists(stderr);
    }
  }

  private static void kill(Process process) throws InterruptedException {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    process.waitFor(10, TimeUnit.SECONDS);
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
      String check) throws IOException, InterruptedException {
    Outcome outcome;
    try {
      outcome = run(builder, options.timeout(), secretsOf(connection));
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
