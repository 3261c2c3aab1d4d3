package io.camunda.community.backup.sandbox;

import java.time.Instant;

/**
 * A request as the sandbox received it, in arrival order.
 *
 * @param path without the context path and without the query
 * @param query the raw query string, "" when there is none
 * @param body the request body, "" when there is none
 */
public record RecordedRequest(String method, String path, String query, String body, Instant timestamp) {}
