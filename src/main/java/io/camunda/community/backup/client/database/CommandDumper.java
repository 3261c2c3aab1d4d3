package io.camunda.community.backup.client.database;

import io.camunda.community.backup.client.TargetUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A configured command for databases without a built-in dumper (Oracle RMAN, SQL Server, …).
 *
 * <p>The dump command must write the dump to the file it is given; it receives the backup ID and
 * that file as environment variables {@code BACKUP_ID} and {@code DUMP_FILE} and as placeholders
 * {@code {backupId}} and {@code {file}} anywhere in its arguments. The file it is given is a
 * hidden temporary file next to the final one; it is moved into place only when the command
 * exited 0 and wrote something, and size and SHA-256 are computed from the final file. The
 * restore command gets the dump as {@code DUMP_FILE} / {@code {file}} (and {@code BACKUP_ID} /
 * {@code {backupId}} when the file name carries one).
 *
 * <p>Secrets belong in {@code environment} (never in the arguments); every value of {@code
 * environment} is masked in error messages and logs, whatever the variable's name (a
 * connection string in {@code DB_URL} is as secret as {@code DB_PASSWORD}). {@code BACKUP_ID} and
 * {@code DUMP_FILE} are not: they are the orchestrator's own, and messages need them.
 *
 * @param name short name used in the file name {@code camunda-<name>-<backupId>.<extension>} and
 *     in messages
 */
public record CommandDumper(
    String name,
    String extension,
    List<String> dumpCommand,
    List<String> restoreCommand,
    Map<String, String> environment,
    DumperOptions options)
    implements DatabaseDumper {

  public CommandDumper {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(extension, "extension");
    if (dumpCommand == null || dumpCommand.isEmpty()) {
      throw new IllegalArgumentException("dump command of '" + name + "' must not be empty");
    }
    if (restoreCommand == null || restoreCommand.isEmpty()) {
      throw new IllegalArgumentException("restore command of '" + name + "' must not be empty");
    }
    dumpCommand = List.copyOf(dumpCommand);
    restoreCommand = List.copyOf(restoreCommand);
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    options = options == null ? DumperOptions.defaults() : options;
  }

  @Override
  public String fileName(long backupId) {
    return DumpFiles.fileName(name, backupId, extension);
  }

  @Override
  public DumpResult dump(long backupId, Path directory, BooleanSupplier cancelled) {
    String what = "dump command of '" + name + "' (" + dumpCommand.get(0) + ")";
    return DumpWriter.write(directory, fileName(backupId), DumpWriter.DEFAULT_PARTIAL_FILES, what,
        partial -> run(process(dumpCommand, Long.toString(backupId), partial), what,
            "check the command, its credentials and free space in " + directory, cancelled));
  }

  @Override
  public void restore(Path dump, BooleanSupplier cancelled) {
    if (!Files.isRegularFile(dump)) {
      throw new DumpVerificationException("dump file " + dump + " does not exist or is not a file");
    }
    String what = "restore command of '" + name + "' (" + restoreCommand.get(0) + ")";
    try {
      run(process(restoreCommand, backupIdOf(dump), dump), what + " for " + dump.getFileName(),
          "check the command, its credentials and the state of the database", cancelled);
    } catch (IOException e) {
      throw new TargetUnavailableException(what + " failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TargetUnavailableException(what + " was interrupted", e);
    }
  }

  ProcessBuilder process(List<String> template, String backupId, Path file) {
    List<String> command = new ArrayList<>(template.size());
    for (String argument : template) {
      command.add(argument.replace("{backupId}", backupId).replace("{file}", file.toString()));
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().putAll(environment);
    builder.environment().put("BACKUP_ID", backupId);
    builder.environment().put("DUMP_FILE", file.toString());
    return builder;
  }

  /** The backup ID in {@code camunda-<name>-<id>.<ext>}, or empty when the name has none. */
  String backupIdOf(Path dump) {
    String file = dump.getFileName().toString();
    String prefix = "camunda-" + name.replaceAll("[^A-Za-z0-9_.-]", "_") + "-";
    String suffix = "." + extension;
    if (file.startsWith(prefix) && file.endsWith(suffix)) {
      String id = file.substring(prefix.length(), file.length() - suffix.length());
      if (id.matches("\\d+")) {
        return id;
      }
    }
    return "";
  }

  private void run(ProcessBuilder builder, String what, String check, BooleanSupplier cancelled)
      throws IOException, InterruptedException {
    ToolRunner.Outcome outcome;
    try {
      outcome = ToolRunner.run(builder, options.timeout(), secrets(), cancelled);
    } catch (IOException e) {
      throw new TargetUnavailableException("cannot start " + what + ": " + e
          + "; check that the command exists and is executable", e);
    }
    if (!outcome.succeeded()) {
      throw new TargetUnavailableException(what + " failed with " + outcome.describe(options.timeout()) + " — " + check);
    }
  }

  /** Environment values are not shown: they may hold credentials. */
  @Override
  public String toString() {
    return "CommandDumper[name=" + name + ", extension=" + extension + ", dumpCommand=" + dumpCommand
        + ", restoreCommand=" + restoreCommand + ", environment=" + environment.keySet() + ", options=" + options + "]";
  }

  /** Every configured environment value, the longest first so one containing another is masked whole. */
  Collection<String> secrets() {
    return environment.values().stream()
        .filter(value -> value != null && !value.isEmpty())
        .sorted(Comparator.comparingInt(String::length).reversed())
        .toList();
  }
}
