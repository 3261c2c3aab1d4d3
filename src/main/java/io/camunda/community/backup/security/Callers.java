package io.camunda.community.backup.security;

import java.util.Objects;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import reactor.core.publisher.Mono;

/**
 * The name of whoever calls the HTTP API, for {@code requestedBy} and the audit log: the token's
 * principal claim or {@code api-key:<name>}; never a token or key.
 */
public final class Callers {

  /** The caller when {@code backup-orchestrator.security.mode} is {@code none}. */
  public static final String ANONYMOUS = "anonymous";

  private Callers() {}

  public static Mono<String> current() {
    return ReactiveSecurityContextHolder.getContext()
        .map(SecurityContext::getAuthentication)
        .filter(Objects::nonNull)
        .filter(Authentication::isAuthenticated)
        .map(Authentication::getName)
        .defaultIfEmpty(ANONYMOUS);
  }

  /**
   * The operating-system user who runs an operator command: the commands are not authenticated
   * by the application; whoever can run it with the control cluster's credentials may use them.
   */
  public static String commandLineUser() {
    return "os-user:" + System.getProperty("user.name", "unknown");
  }
}
