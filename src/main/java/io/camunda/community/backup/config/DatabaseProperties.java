package io.camunda.community.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Camunda database of a cluster with RDBMS secondary storage, and where its dumps go. The
 * password is meant to come from the environment ({@code password: ${PROD_DB_PASSWORD}}); it
 * reaches the dump tools only through their environment or a private options file, never a
 * command line or a process variable, and {@link #toString()} masks it.
 *
 * @param dumpDirectory dumps of this cluster go to {@code <dump-directory>/<cluster name>/}, each
 *     next to a {@code .json} record of its size and SHA-256
 * @param binDirectory where the vendor tools are; unset: the usual install locations and PATH
 * @param toolTimeout how long one dump or restore may run before it is killed
 */
public record DatabaseProperties(
    @NotNull DatabaseVendor vendor,
    String host,
    Integer port,
    String name,
    String username,
    String password,
    Path dumpDirectory,
    Path binDirectory,
    @NotNull @DefaultValue("PT2H") Duration toolTimeout,
    @Valid CommandProperties command) {

  /** The port, or the vendor's default when none is set. */
  public int effectivePort() {
    return port == null ? vendor.defaultPort() : port;
  }

  /**
   * A dump and a restore command for databases without a built-in tool. Both get the backup ID and
   * the dump file as {@code BACKUP_ID}/{@code DUMP_FILE} and as {@code {backupId}}/{@code {file}}
   * in their arguments; secrets belong in {@code environment}, never in the arguments.
   *
   * @param name short name used in dump file names ({@code camunda-<name>-<backupId>.<extension>})
   */
  public record CommandProperties(
      @DefaultValue("database") String name,
      @DefaultValue("dump") String extension,
      List<String> dump,
      List<String> restore,
      Map<String, String> environment) {

    @Override
    public String toString() {
      return "CommandProperties[name=" + name + ", extension=" + extension + ", dump=" + dump + ", restore=" + restore
          + ", environment=" + (environment == null ? "{}" : environment.keySet()) + "]";
    }
  }

  @Override
  public String toString() {
    return "DatabaseProperties[vendor=%s, host=%s, port=%s, name=%s, username=%s, password=%s, dumpDirectory=%s, binDirectory=%s, toolTimeout=%s, command=%s]"
        .formatted(vendor, host, port, name, username, password == null ? null : "******", dumpDirectory, binDirectory,
            toolTimeout, command);
  }
}
