package io.camunda.community.backup.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/** Status and body of an answer; a body is sent as JSON when it looks like JSON. */
record HttpReply(int status, String body) {

  static HttpReply json(int status, Object value) {
    try {
      return new HttpReply(status, OpenSearchHttp.JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** The actuator error body of Zeebe and the web apps. */
  static HttpReply message(int status, String message) {
    return json(status, Map.of("message", message));
  }

  static HttpReply noContent() {
    return new HttpReply(204, "");
  }

  boolean isJson() {
    var trimmed = body == null ? "" : body.stripLeading();
    return trimmed.startsWith("{") || trimmed.startsWith("[");
  }
}
