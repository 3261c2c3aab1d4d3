package io.camunda.community.backup.security;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * 401 and 403 in the API's error shape ({@code {"error", "field", "fix"}}), saying what was
 * missing or rejected and what to do; never echoing a token or key.
 */
final class SecurityErrorResponses implements ServerAuthenticationEntryPoint, ServerAccessDeniedHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SecurityErrorResponses.class);
  private static final String DOCS = "see docs/security.md";

  private final ObjectMapper json;
  private final boolean oidc;
  private final String apiKeyHeader;

  SecurityErrorResponses(ObjectMapper json, SecurityProperties properties) {
    this.json = json;
    this.oidc = properties.oidc().enabled();
    this.apiKeyHeader = properties.apiKeysEnabled() ? properties.apiKeyHeader() : null;
  }

  @Override
  public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException rejection) {
    String error;
    if (rejection instanceof OAuth2AuthenticationException token) {
      String description = token.getError().getDescription();
      error = "the bearer token was rejected: " + (description != null ? description : token.getError().getErrorCode());
    } else if (rejection instanceof BadCredentialsException) {
      error = "the API key is not valid";
    } else {
      error = "authentication required";
    }
    LOG.debug("401 for {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), error);
    ServerHttpResponse response = exchange.getResponse();
    if (oidc) {
      response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE,
          rejection instanceof OAuth2AuthenticationException ? "Bearer error=\"invalid_token\"" : "Bearer");
    }
    if (apiKeyHeader != null) {
      response.getHeaders().add(HttpHeaders.WWW_AUTHENTICATE, "ApiKey header=\"" + apiKeyHeader + "\"");
    }
    return write(response, HttpStatus.UNAUTHORIZED, error, "send " + String.join(" or ", credentials()) + "; " + DOCS);
  }

  @Override
  public Mono<Void> handle(ServerWebExchange exchange, AccessDeniedException denied) {
    return exchange.getPrincipal().defaultIfEmpty(() -> Callers.ANONYMOUS).flatMap(principal -> {
      Optional<OperatorAction> action = actionOf(exchange);
      String granted = principal instanceof org.springframework.security.core.Authentication caller
          ? new TreeSet<>(caller.getAuthorities().stream().map(GrantedAuthority::getAuthority).toList()).toString()
          : "[]";
      String error = action
          .map(a -> "'" + principal.getName() + "' may not " + a.auditName() + " on cluster '"
              + pathCluster(exchange) + "': that needs the '"
              + a.permission().configName() + "' permission there; granted: " + granted)
          .orElse("'" + principal.getName() + "' may not make this request; granted: " + granted);
      return write(exchange.getResponse(), HttpStatus.FORBIDDEN, error,
          "ask for a grant of the permission (an OIDC role/group/scope or an API key's permissions); " + DOCS);
    });
  }

  private List<String> credentials() {
    List<String> ways = new java.util.ArrayList<>();
    if (oidc) {
      ways.add("Authorization: Bearer <access token>");
    }
    if (apiKeyHeader != null) {
      ways.add(apiKeyHeader + ": <API key>");
    }
    return ways.isEmpty() ? List.of("credentials") : ways;
  }

  private static Optional<OperatorAction> actionOf(ServerWebExchange exchange) {
    return Arrays.stream(OperatorAction.values())
        .filter(a -> a.method().equals(exchange.getRequest().getMethod()))
        .filter(a -> PathPatternParser.defaultInstance.parse(a.pathPattern()).matches(exchange.getRequest().getPath().pathWithinApplication()))
        .findFirst();
  }

  private static String pathCluster(ServerWebExchange exchange) {
    var info = PathPatternParser.defaultInstance.parse(OperatorAction.CLUSTER_PATH + "/**")
        .matchAndExtract(exchange.getRequest().getPath().pathWithinApplication());
    return info == null ? "-" : info.getUriVariables().get(OperatorAction.CLUSTER_VARIABLE);
  }

  private Mono<Void> write(ServerHttpResponse response, HttpStatus status, String error, String fix) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("error", error);
    body.put("field", null);
    body.put("fix", fix);
    byte[] bytes;
    try {
      bytes = json.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      bytes = ("{\"error\":\"" + status.getReasonPhrase() + "\"}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    response.setStatusCode(status);
    response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
    return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
  }
}
