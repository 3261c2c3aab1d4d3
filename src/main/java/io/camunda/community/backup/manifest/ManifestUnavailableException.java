package io.camunda.community.backup.manifest;

/** The place the manifests are kept could not be read: nobody can tell whether the manifest exists. */
public class ManifestUnavailableException extends RuntimeException {

  public ManifestUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
