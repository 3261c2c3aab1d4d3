package io.camunda.community.backup.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.community.backup.config.ClusterRegistry;
import io.camunda.community.backup.security.SecurityProperties.Oidc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.autoconfigure.security.reactive.EndpointRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authentication.AuthenticationWebFilter;
import org.springframework.security.web.server.authentication.ServerAuthenticationEntryPointFailureHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * Who may call the HTTP API (docs/security.md). Stateless: every request carries its credentials
 * (a bearer token or an API key header), nothing is kept in a session and no cookie is ever
 * accepted as a credential, so a page in an operator's browser cannot act on their behalf and
 * CSRF tokens have nothing to protect. Every endpoint needs a permission; only the liveness and
 * readiness probes are open; anything not listed is denied.
 *
 * <p>Only for the web server: the operator commands run without one, in-process, with the
 * control cluster's own credentials.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableWebFluxSecurity
class ApiSecurityConfiguration {

  private static final Logger LOG = LoggerFactory.getLogger(ApiSecurityConfiguration.class);
  /** The actuator endpoints callers with {@code read} may use; the probes are open. */
  static final String[] READABLE_ENDPOINTS = {"health", "info", "prometheus"};

  @Bean
  SecurityWebFilterChain apiSecurity(
      ServerHttpSecurity http, SecurityProperties properties, ClusterRegistry registry, ObjectMapper json, WebEndpointProperties actuator) {
    SecuritySettingsCheck.check(properties, registry.names());
    http.csrf(ServerHttpSecurity.CsrfSpec::disable)
        .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
        .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
        .logout(ServerHttpSecurity.LogoutSpec::disable)
        .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
        .securityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    if (properties.mode() == SecurityProperties.Mode.NONE) {
      LOG.warn("{}.mode=none: the HTTP API accepts every request WITHOUT authentication; anyone who can reach it can start,"
          + " cancel and restore backups and release locks. Only for a local demo; see docs/security.md", SecurityProperties.PREFIX);
      return http.authorizeExchange(rules -> rules.anyExchange().permitAll()).build();
    }

    SecurityErrorResponses errors = new SecurityErrorResponses(json, properties);
    http.exceptionHandling(handling -> handling.authenticationEntryPoint(errors).accessDeniedHandler(errors));
    Oidc oidc = properties.oidc();
    if (oidc.enabled()) {
      http.oauth2ResourceServer(server -> server
          .authenticationEntryPoint(errors)
          .accessDeniedHandler(errors)
          .jwt(jwt -> jwt.jwtDecoder(OidcTokenDecoder.create(oidc)).jwtAuthenticationConverter(new JwtGrants(oidc))));
    }
    if (properties.apiKeysEnabled()) {
      http.addFilterAt(apiKeyFilter(properties, errors), SecurityWebFiltersOrder.AUTHENTICATION);
    }
    String actuatorBase = actuator.getBasePath();
    http.authorizeExchange(rules -> {
      rules.pathMatchers(HttpMethod.GET, actuatorBase + "/health/liveness", actuatorBase + "/health/readiness").permitAll();
      for (OperatorAction action : OperatorAction.values()) {
        rules.pathMatchers(action.method(), action.pathPattern()).access(PermissionCheck.forAction(action));
      }
      // Named, not "any endpoint": widening the exposure later must not open env, heapdump and the like.
      rules.matchers(EndpointRequest.to(READABLE_ENDPOINTS)).access(PermissionCheck.anyCluster(Permission.READ));
      // An endpoint added without a rule here is refused, not open.
      rules.anyExchange().denyAll();
    });
    LOG.info("HTTP API authentication: {}{}", oidc.enabled() ? "OIDC bearer tokens (" + issuer(oidc) + ")" : "",
        properties.apiKeysEnabled() ? (oidc.enabled() ? " and " : "") + properties.apiKeys().size() + " API key(s) in header "
            + properties.apiKeyHeader() : "");
    return http.build();
  }

  private static AuthenticationWebFilter apiKeyFilter(SecurityProperties properties, SecurityErrorResponses errors) {
    AuthenticationWebFilter filter = new AuthenticationWebFilter(new ApiKeyAuthenticationManager(properties.apiKeys()));
    String header = properties.apiKeyHeader();
    filter.setServerAuthenticationConverter(exchange -> Mono.justOrEmpty(exchange.getRequest().getHeaders().getFirst(header))
        .filter(value -> !value.isBlank())
        .map(PresentedApiKey::new));
    filter.setAuthenticationFailureHandler(new ServerAuthenticationEntryPointFailureHandler(errors));
    filter.setSecurityContextRepository(NoOpServerSecurityContextRepository.getInstance());
    return filter;
  }

  private static String issuer(Oidc oidc) {
    return oidc.issuerUri() != null ? "issuer " + oidc.issuerUri() : "keys from " + oidc.jwkSetUri();
  }
}
