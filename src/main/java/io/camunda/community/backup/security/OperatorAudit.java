package io.camunda.community.backup.security;

import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Who did what: one log line per operator action with its action, cluster, principal and outcome,
 * as text ({@code key=value}) and as structured key-value pairs (JSON with Spring Boot's
 * {@code logging.structured.format.console}). Names only, never a token or key. Reading the
 * catalog is logged at DEBUG (dashboards poll it); everything else at INFO.
 */
public final class OperatorAudit {

  /** Its own logger, so the audit trail can be routed or kept apart. */
  static final Logger LOG = LoggerFactory.getLogger("io.camunda.community.backup.audit");
  private static final Pattern PLAIN = Pattern.compile("[\\w.@:+/-]+");

  private OperatorAudit() {}

  public static void record(OperatorAction action, String cluster, String principal, String outcome) {
    LoggingEventBuilder event = action == OperatorAction.CATALOG ? LOG.atDebug() : LOG.atInfo();
    event.addKeyValue("action", action.auditName())
        .addKeyValue("cluster", cluster)
        .addKeyValue("principal", principal)
        .addKeyValue("outcome", outcome)
        .log("operator action={} cluster={} principal={} outcome={}",
            action.auditName(), value(cluster), value(principal), value(outcome));
  }

  /** A value as it is, or quoted with control characters escaped: a path or claim cannot forge a log line. */
  static String value(String text) {
    if (text == null) {
      return "-";
    }
    if (PLAIN.matcher(text).matches()) {
      return text;
    }
    StringBuilder quoted = new StringBuilder("\"");
    text.codePoints().forEach(c -> {
      if (c == '"' || c == '\\') {
        quoted.append('\\').append((char) c);
      } else if (Character.isISOControl(c)) {
        quoted.append(String.format("\\u%04x", c));
      } else {
        quoted.appendCodePoint(c);
      }
    });
    return quoted.append('"').toString();
  }
}
