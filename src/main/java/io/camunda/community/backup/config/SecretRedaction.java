package io.camunda.community.backup.config;

import java.util.regex.Pattern;

/**
 * Text rules that take credentials out of anything shown to people (error texts, incidents, API
 * answers) without knowing the configured secrets: the {@code user:password@} part of URLs and
 * the value of authorization headers. {@link ConfiguredSecrets} adds the configured values.
 */
public final class SecretRedaction {

  /** What replaces a removed secret. */
  public static final String MASK = "****";

  /** {@code scheme://user:password@} (or {@code user@}) anywhere in a text. */
  private static final Pattern URL_USERINFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^\\s/?#@]+@");
  /** {@code Authorization: Basic abc}, {@code Bearer abc}, {@code ApiKey abc}. */
  private static final Pattern AUTHORIZATION =
      Pattern.compile("(?i)\\b(authorization\\s*[:=]\\s*)(?:(basic|bearer|apikey)\\s+)?[^\\s,;\"'})\\]]+");
  /** A credential after its scheme word: 8+ token characters with a digit or symbol, so "basic authentication" stays. */
  private static final Pattern SCHEME_TOKEN =
      Pattern.compile("(?i)\\b(basic|bearer|apikey)\\s+(?=[A-Za-z]*[0-9+/=._~-])[A-Za-z0-9+/=._~-]{8,}");

  private SecretRedaction() {}

  /** The text with URL credentials and authorization header values masked; null stays null. */
  public static String redact(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String redacted = URL_USERINFO.matcher(text).replaceAll("$1" + MASK + "@");
    redacted = AUTHORIZATION.matcher(redacted).replaceAll(m -> m.group(1) + (m.group(2) == null ? "" : m.group(2) + " ") + MASK);
    return SCHEME_TOKEN.matcher(redacted).replaceAll("$1 " + MASK);
  }

  /**
   * A configured URL as it may be shown: without its user info, even when it has no scheme
   * ({@code elastic:pw@es:9200} becomes {@code ****@es:9200}).
   */
  public static String url(String url) {
    if (url == null) {
      return null;
    }
    int at = url.lastIndexOf('@');
    if (at < 0) {
      return url;
    }
    int schemeEnd = url.indexOf("://");
    int hostStart = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
    int pathStart = url.indexOf('/', hostStart);
    if (pathStart >= 0 && pathStart < at) {
      return url; // the '@' is in the path, not user info
    }
    return url.substring(0, hostStart) + MASK + url.substring(at);
  }
}
