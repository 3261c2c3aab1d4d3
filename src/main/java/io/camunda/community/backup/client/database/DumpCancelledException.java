package io.camunda.community.backup.client.database;

/**
 * The caller withdrew a dump or restore while its tool ran (the job was cancelled): the tool's
 * process tree was killed and its temporary file deleted; no dump was written.
 */
public class DumpCancelledException extends RuntimeException {

  public DumpCancelledException(String message) {
    super(message);
  }
}
