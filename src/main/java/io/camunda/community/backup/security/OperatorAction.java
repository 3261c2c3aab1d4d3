package io.camunda.community.backup.security;

import java.util.Locale;
import org.springframework.http.HttpMethod;

/**
 * What an operator can do through the HTTP API (and the same commands on the command line), the
 * endpoint of each and the permission it needs. The one table the access rules, the audit log
 * and the error texts read.
 */
public enum OperatorAction {
  CATALOG(Permission.READ, HttpMethod.GET, "/backups"),
  RUN_STATUS(Permission.READ, HttpMethod.GET, "/runs/{processInstanceKey}"),
  MANIFEST(Permission.READ, HttpMethod.GET, "/backups/{backupId}/manifest"),
  RESTORABLE_WINDOW(Permission.READ, HttpMethod.GET, "/restorable-window"),
  BACKUP(Permission.BACKUP, HttpMethod.POST, "/backups"),
  CANCEL_BACKUP(Permission.BACKUP, HttpMethod.POST, "/backups/cancellation"),
  RETENTION(Permission.ADMIN, HttpMethod.POST, "/retention"),
  RESTORE(Permission.ADMIN, HttpMethod.POST, "/restores"),
  DRILL(Permission.ADMIN, HttpMethod.POST, "/drills"),
  RELEASE_LOCK(Permission.ADMIN, HttpMethod.POST, "/lock/release");

  /** Every endpoint is below a cluster's path; the variable names the cluster for per-cluster grants. */
  public static final String CLUSTER_PATH = "/api/clusters/{clusterName}";
  public static final String CLUSTER_VARIABLE = "clusterName";

  private final Permission permission;
  private final HttpMethod method;
  private final String path;

  OperatorAction(Permission permission, HttpMethod method, String path) {
    this.permission = permission;
    this.method = method;
    this.path = path;
  }

  public Permission permission() {
    return permission;
  }

  public HttpMethod method() {
    return method;
  }

  /** The endpoint's path pattern, e.g. {@code /api/clusters/{clusterName}/backups}. */
  public String pathPattern() {
    return CLUSTER_PATH + path;
  }

  /** As it appears in the audit log: {@code catalog}, {@code cancel-backup}, ... */
  public String auditName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
