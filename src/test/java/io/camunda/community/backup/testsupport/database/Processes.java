package io.camunda.community.backup.testsupport.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Small process and file helpers for the throwaway database servers. */
public final class Processes {

  private Processes() {}

  /** Output of a finished command. */
  public record Result(int exitCode, String stdout, String stderr) {}

  /** Runs the command with {@code stdin} (may be null) and fails unless it exits 0. */
  public static String run(List<String> command, String stdin) {
    return run(command, java.util.Map.of(), stdin);
  }

  public static String run(List<String> command, java.util.Map<String, String> env, String stdin) {
    Result result = exec(command, env, stdin, 300);
    if (result.exitCode() != 0) {
      throw new IllegalStateException("command failed (exit " + result.exitCode() + "): " + command
          + "\nstdout: " + result.stdout() + "\nstderr: " + result.stderr());
    }
    return result.stdout();
  }

  public static Result exec(List<String> command, String stdin, int timeoutSeconds) {
    return exec(command, java.util.Map.of(), stdin, timeoutSeconds);
  }

  public static Result exec(List<String> command, java.util.Map<String, String> env, String stdin, int timeoutSeconds) {
    try {
      Path out = Files.createTempFile("proc-", ".out");
      Path err = Files.createTempFile("proc-", ".err");
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try (var in = process.getOutputStream()) {
          if (stdin != null) {
            in.write(stdin.getBytes(StandardCharsets.UTF_8));
          }
        } catch (IOException e) {
          // Broken pipe: the process exited before reading its input (e.g. a client probing a
          // server that is not up yet); its exit code and stderr say why.
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
          process.destroyForcibly();
          throw new IllegalStateException("command timed out: " + command);
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
      } finally {
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** chown user:group on the path (not recursive). */
  public static void chown(Path path, String user, String group) throws IOException {
    UserPrincipalLookupService lookup = path.getFileSystem().getUserPrincipalLookupService();
    PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
    view.setOwner(lookup.lookupPrincipalByName(user));
    GroupPrincipal g = lookup.lookupPrincipalByGroupName(group);
    view.setGroup(g);
  }

  public static void deleteRecursively(Path root) {
    if (root == null || !Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // best effort
        }
      });
    } catch (IOException ignored) {
      // best effort
    }
  }
}
