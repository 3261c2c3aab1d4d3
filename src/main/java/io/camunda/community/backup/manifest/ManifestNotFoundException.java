package io.camunda.community.backup.manifest;

/** The set has no manifest where its flavour keeps them (taken before manifests existed, or not written yet). */
public class ManifestNotFoundException extends RuntimeException {

  public ManifestNotFoundException(String clusterName, long backupId, String location) {
    super("Backup " + backupId + " of cluster '" + clusterName + "' has no manifest (looked for " + location + ")");
  }
}
