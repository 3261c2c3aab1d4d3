package io.camunda.community.backup.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;

/** A received request as the API handlers see it, with the route's named groups resolved. */
record SandboxRequest(
    String method, String path, Map<String, List<String>> query, String body, String contentType, Matcher route) {

  String pathParam(String name) {
    return route.group(name);
  }

  String queryParam(String name, String fallback) {
    var values = query.get(name);
    return values == null || values.isEmpty() ? fallback : values.getFirst();
  }

  boolean hasJsonBody() {
    return contentType != null && contentType.toLowerCase().contains("json");
  }

  /** The body's {@code backupId} if it is a positive integer (Spring also binds numeric text), else null. */
  Long backupId() {
    var node = json().path("backupId");
    long value;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      value = node.asLong();
    } else if (node.isTextual() && node.asText().matches("\\d{1,18}")) {
      value = Long.parseLong(node.asText());
    } else {
      return null;
    }
    return value > 0 ? value : null;
  }

  /** The body's {@code backupId} as sent, for error messages ("null" when absent). */
  String rawBackupId() {
    var node = json().path("backupId");
    return node.isMissingNode() || node.isNull() ? "null" : node.asText();
  }

  /** The body as JSON, or a missing node when it is empty or not JSON. */
  JsonNode json() {
    try {
      return body.isBlank() ? OpenSearchHttp.JSON.missingNode() : OpenSearchHttp.JSON.readTree(body);
    } catch (Exception e) {
      return OpenSearchHttp.JSON.missingNode();
    }
  }
}
