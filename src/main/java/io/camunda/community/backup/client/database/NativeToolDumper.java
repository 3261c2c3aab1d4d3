package io.camunda.community.backup.client.database;

import java.util.function.Function;

/**
 * What the built-in vendor dumpers share: the connection they dump, the options the tools run
 * with, where the tools are found, and files named {@code camunda-<db>-<backupId>.<extension>}.
 */
abstract class NativeToolDumper implements DatabaseDumper {

  protected final DatabaseConnection connection;
  protected final DumperOptions options;
  protected final ToolLocator locator;
  protected final DumpWriter.PartialFileFactory partialFiles;
  private final String extension;

  NativeToolDumper(DatabaseConnection connection, DatabaseConnection.Kind kind, String extension, DumperOptions options,
      Function<DumperOptions, ToolLocator> locator, DumpWriter.PartialFileFactory partialFiles) {
    if (connection.kind() != kind) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " needs a " + kind + " connection, got " + connection);
    }
    this.connection = connection;
    this.options = options;
    this.locator = locator.apply(options);
    this.partialFiles = partialFiles;
    this.extension = extension;
  }

  @Override
  public String fileName(long backupId) {
    return DumpFiles.fileName(connection.database(), backupId, extension);
  }
}
