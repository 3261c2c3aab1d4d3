package io.camunda.community.backup.control;

/** No backup, restore or retention run of the cluster under that key is visible in the control cluster. */
public class RunNotFoundException extends RuntimeException {

  public RunNotFoundException(String clusterName, long processInstanceKey) {
    super("No backup, restore or retention run of cluster '" + clusterName + "' with key " + processInstanceKey
        + " is visible in the control cluster");
  }
}
