package io.camunda.community.backup.security;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * Allows a request when the caller holds a grant of the needed permission for the cluster in its
 * path (or, for requests about no cluster, on any cluster). A refused authenticated caller is
 * written to the audit log.
 */
final class PermissionCheck implements ReactiveAuthorizationManager<AuthorizationContext> {

  private final Permission needed;
  private final OperatorAction action;

  private PermissionCheck(Permission needed, OperatorAction action) {
    this.needed = needed;
    this.action = action;
  }

  /** For an action's endpoint: the grant must cover the cluster named in the path. */
  static PermissionCheck forAction(OperatorAction action) {
    return new PermissionCheck(action.permission(), action);
  }

  /** For requests that concern no cluster (actuator): any grant of the permission will do. */
  static PermissionCheck anyCluster(Permission needed) {
    return new PermissionCheck(needed, null);
  }

  @Override
  @SuppressWarnings("deprecation") // check() is still what the 6.5 filter calls through authorize()
  public Mono<AuthorizationDecision> check(Mono<Authentication> authentication, AuthorizationContext context) {
    String cluster = action == null ? null : (String) context.getVariables().get(OperatorAction.CLUSTER_VARIABLE);
    return authentication
        .filter(Authentication::isAuthenticated)
        .map(caller -> {
          boolean granted = allows(caller, cluster);
          if (!granted && action != null) {
            OperatorAudit.record(action, cluster, caller.getName(), "DENIED");
          }
          return new AuthorizationDecision(granted);
        })
        .defaultIfEmpty(new AuthorizationDecision(false));
  }

  private boolean allows(Authentication caller, String cluster) {
    return caller.getAuthorities().stream()
        .filter(ClusterGrant.class::isInstance)
        .map(ClusterGrant.class::cast)
        .anyMatch(grant -> cluster == null ? grant.permission().includes(needed) : grant.allows(needed, cluster));
  }
}
