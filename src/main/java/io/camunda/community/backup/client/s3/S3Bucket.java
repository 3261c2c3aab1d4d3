package io.camunda.community.backup.client.s3;

import io.camunda.community.backup.client.TargetUnavailableException;
import io.camunda.community.backup.config.SecretRedaction;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import javax.xml.parsers.DocumentBuilderFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpMethod;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * One bucket of an S3-compatible object store (AWS S3, MinIO, Ceph, GCS's XML API), over
 * WebClient, each request signed with Signature Version 4 by the AWS SDK's signer. Only what the
 * second location needs: head, get, put (single request, so objects up to 5 GiB), delete, and
 * list. Every fault names the request and what to check; an object that is not there is an answer
 * ({@link OptionalLong#empty()}, {@code false}), never an error, and an error is never "not there".
 */
public final class S3Bucket {

  /** The largest object one PUT may write (S3's limit; larger ones need a multipart upload). */
  public static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;
  private static final ContentStreamProvider NO_PAYLOAD = () -> new ByteArrayInputStream(new byte[0]);

  private final WebClient webClient;
  private final URI endpoint;
  private final String bucket;
  private final boolean pathStyle;
  private final String region;
  private final AwsCredentialsIdentity credentials;
  private final Duration timeout;
  private final Clock clock;
  private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();

  public S3Bucket(WebClient webClient, URI endpoint, String region, String bucket, boolean pathStyle, String accessKey,
      String secretKey, Duration timeout, Clock clock) {
    this.webClient = webClient;
    this.endpoint = endpoint;
    this.region = region;
    this.bucket = bucket;
    this.pathStyle = pathStyle;
    this.credentials = AwsCredentialsIdentity.create(accessKey, secretKey);
    this.timeout = timeout;
    this.clock = clock;
  }

  /** {@code s3://bucket/key}, for messages. */
  public String describe(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** The object's size; empty when there is no such object. */
  public OptionalLong size(String key) {
    Answer answer = send(HttpMethod.HEAD, key, Map.of(), Map.of(), null, NO_PAYLOAD, "read");
    if (answer.status() == 404) {
      return OptionalLong.empty();
    }
    answer.requireSuccess("read");
    return OptionalLong.of(Long.parseLong(answer.header("Content-Length", "0")));
  }

  /** Streams the object into {@code out}; false when there is no such object. */
  public boolean read(String key, OutputStream out) {
    String request = "GET " + describe(key);
    try {
      Integer status = signed(HttpMethod.GET, key, Map.of(), NO_PAYLOAD)
          .exchangeToMono(response -> {
            if (response.statusCode().value() != 200) {
              return response.bodyToMono(String.class).defaultIfEmpty("").flatMap(body -> Mono.error(
                  response.statusCode().value() == 404 && body.contains("NoSuchKey") ? new NoSuchObject()
                      : failure(request, response.statusCode().value(), body, "read")));
            }
            // written off the event loop: a multi-gigabyte dump must not hold the thread every other request shares
            return DataBufferUtils.write(response.bodyToFlux(DataBuffer.class).publishOn(Schedulers.boundedElastic()), out)
                .map(DataBufferUtils::release).then(Mono.just(200));
          })
          .timeout(timeout)
          .block();
      return status != null;
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.unwrap(e);
      if (cause instanceof NoSuchObject) {
        return false;
      }
      if (cause instanceof TargetUnavailableException answered) {
        throw answered;
      }
      throw transport(request, e, "read");
    }
  }

  /** The object's content, for small objects. Empty when there is no such object. */
  public java.util.Optional<byte[]> readBytes(String key) {
    var out = new java.io.ByteArrayOutputStream();
    return read(key, out) ? java.util.Optional.of(out.toByteArray()) : java.util.Optional.empty();
  }

  /**
   * Writes {@code file} as the object: one PUT, which S3 makes visible whole or not at all. The
   * request is signed with the file's SHA-256, which the server checks against what it received.
   */
  public void write(String key, Path file) {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new TargetUnavailableException("Cannot read " + file + " to write it to " + describe(key) + ": " + e.getMessage(), e);
    }
    if (size > MAX_SINGLE_PUT) {
      throw new TargetUnavailableException(file + " has " + size + " bytes, more than one PUT may write to " + describe(key)
          + " (5 GiB); multipart uploads are not supported yet: keep such dumps on a file-system second location");
    }
    Flux<DataBuffer> body = DataBufferUtils.read(file, DefaultDataBufferFactory.sharedInstance, 64 * 1024);
    send(HttpMethod.PUT, key, Map.of(), Map.of("Content-Length", Long.toString(size)), body, () -> open(file), "write")
        .requireSuccess("write");
  }

  /** Writes a small object. */
  public void write(String key, byte[] content) {
    Flux<DataBuffer> body = Flux.just(DefaultDataBufferFactory.sharedInstance.wrap(content));
    send(HttpMethod.PUT, key, Map.of(), Map.of("Content-Length", Integer.toString(content.length)), body,
        () -> new ByteArrayInputStream(content), "write")
        .requireSuccess("write");
  }

  /** Deletes the object; S3 answers the same whether it was there or not. */
  public void delete(String key) {
    send(HttpMethod.DELETE, key, Map.of(), Map.of(), null, NO_PAYLOAD, "delete").requireSuccess("delete");
  }

  /** One entry of a listing: an object's key and size. */
  public record ObjectEntry(String key, long size) {}

  /** A listing: the objects under a prefix and, with a delimiter, the "directories" just below it. */
  public record Listing(List<ObjectEntry> objects, List<String> commonPrefixes) {}

  /**
   * Every object whose key starts with {@code prefix} (all pages), and with {@code delimiter} the
   * common prefixes below it. A listing that fails part-way fails whole: a partial view is no view.
   */
  public Listing list(String prefix, String delimiter) {
    List<ObjectEntry> objects = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    String token = null;
    do {
      Map<String, String> query = new TreeMap<>();
      query.put("list-type", "2");
      query.put("prefix", prefix);
      if (delimiter != null) {
        query.put("delimiter", delimiter);
      }
      if (token != null) {
        query.put("continuation-token", token);
      }
      Answer answer = send(HttpMethod.GET, "", query, Map.of(), null, NO_PAYLOAD, "list");
      answer.requireSuccess("list");
      Document page = parse(answer.body(), "ListObjectsV2 of " + describe(prefix));
      NodeList contents = page.getElementsByTagName("Contents");
      for (int i = 0; i < contents.getLength(); i++) {
        Element content = (Element) contents.item(i);
        objects.add(new ObjectEntry(text(content, "Key"), Long.parseLong(text(content, "Size"))));
      }
      NodeList common = page.getElementsByTagName("CommonPrefixes");
      for (int i = 0; i < common.getLength(); i++) {
        prefixes.add(text((Element) common.item(i), "Prefix"));
      }
      boolean truncated = "true".equals(text(page.getDocumentElement(), "IsTruncated"));
      token = truncated ? text(page.getDocumentElement(), "NextContinuationToken") : null;
      if (truncated && (token == null || token.isEmpty())) {
        throw new TargetUnavailableException("The listing of " + describe(prefix) + " is truncated without a continuation token:"
            + " nothing is decided on a partial listing. Check that the endpoint speaks ListObjectsV2");
      }
    } while (token != null);
    return new Listing(List.copyOf(objects), List.copyOf(prefixes));
  }

  /** Fails unless the bucket answers a listing (one key under {@code prefix}): a bucket gone is never "empty". */
  public void requireReachable(String prefix) {
    send(HttpMethod.GET, "", Map.of("list-type", "2", "max-keys", "1", "prefix", prefix), Map.of(), null, NO_PAYLOAD, "list")
        .requireSuccess("list");
  }

  // ---------------------------------------------------------------------------------------------

  private record Answer(int status, String body, Map<String, String> headers, String request) {
    String header(String name, String otherwise) {
      return headers.entrySet().stream().filter(entry -> entry.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
          .findFirst().orElse(otherwise);
    }

    void requireSuccess(String action) {
      if (status < 200 || status > 299) {
        throw failure(request, status, body, action);
      }
    }
  }

  private static final class NoSuchObject extends RuntimeException {
    NoSuchObject() {
      super(null, null, false, false);
    }
  }

  private Answer send(HttpMethod method, String key, Map<String, String> parameters, Map<String, String> headers,
      Flux<DataBuffer> body, ContentStreamProvider payload, String action) {
    String request = method.name() + " " + describe(key) + (parameters.isEmpty() ? "" : "?" + parameters);
    WebClient.RequestHeadersSpec<?> spec = signed(method, key, parameters, headers, payload, body);
    try {
      Answer answer = spec.exchangeToMono((ClientResponse response) -> response.bodyToMono(String.class).defaultIfEmpty("")
              .map(text -> new Answer(response.statusCode().value(), text, response.headers().asHttpHeaders().toSingleValueMap(),
                  request)))
          .timeout(timeout)
          .block();
      if (answer == null) {
        throw new TargetUnavailableException(request + " got no answer. Check " + endpoint);
      }
      return answer;
    } catch (TargetUnavailableException e) {
      throw e;
    } catch (RuntimeException e) {
      throw transport(request, e, action);
    }
  }

  private WebClient.RequestHeadersSpec<?> signed(HttpMethod method, String key, Map<String, String> parameters,
      ContentStreamProvider payload) {
    return signed(method, key, parameters, Map.of(), payload, null);
  }

  private WebClient.RequestHeadersSpec<?> signed(HttpMethod method, String key, Map<String, String> parameters,
      Map<String, String> headers, ContentStreamProvider payload, Flux<DataBuffer> body) {
    URI uri = uri(key, parameters);
    SdkHttpRequest signedRequest = sign(SdkHttpMethod.fromValue(method.name()), uri, headers, payload);
    WebClient.RequestBodySpec spec = webClient.method(method).uri(uri).headers(http -> signedRequest.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("Host")) {
        http.put(name, values);
      }
    }));
    return body == null ? spec : spec.body(BodyInserters.fromDataBuffers(body));
  }

  /** Signs a request with its payload's SHA-256, which the signer computes and sends in {@code x-amz-content-sha256}. */
  SdkHttpRequest sign(SdkHttpMethod method, URI uri, Map<String, String> headers, ContentStreamProvider payload) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder().method(method).uri(uri)
        .putHeader("Host", uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort());
    headers.forEach(unsigned::putHeader);
    return signer.sign(request -> request.identity(credentials).request(unsigned.build())
        .payload(payload)
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)).request();
  }

  /** The request's URI, with the key and query encoded as Signature Version 4 expects (RFC 3986, {@code /} kept in keys). */
  URI uri(String key, Map<String, String> parameters) {
    String base = endpoint.toString().replaceAll("/+$", "");
    String path;
    if (pathStyle) {
      path = "/" + encode(bucket, false) + (key.isEmpty() ? "" : "/" + encode(key, true));
    } else {
      base = endpoint.getScheme() + "://" + bucket + "." + endpoint.getRawAuthority();
      path = "/" + encode(key, true);
    }
    StringBuilder query = new StringBuilder();
    new TreeMap<>(parameters).forEach((name, value) -> query.append(query.isEmpty() ? "?" : "&").append(encode(name, false))
        .append('=').append(encode(value, false)));
    return URI.create(base + path + query);
  }

  static String encode(String value, boolean keepSlashes) {
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A").replace("%7E", "~");
    return keepSlashes ? encoded.replace("%2F", "/") : encoded;
  }

  private TargetUnavailableException transport(String request, RuntimeException e, String action) {
    Throwable cause = Exceptions.unwrap(e);
    String what = cause instanceof TimeoutException ? "got no answer within " + timeout
        : cause instanceof WebClientRequestException ? "could not reach " + endpoint + ": " + cause.getMessage()
        : cause.toString();
    return new TargetUnavailableException(SecretRedaction.redact(request + " " + what + ". Check that the S3 endpoint "
        + endpoint + " is reachable from this application and the bucket '" + bucket + "' exists (" + action + ")"), cause);
  }

  private static TargetUnavailableException failure(String request, int status, String body, String action) {
    String code = code(body);
    String hint = switch (code) {
      case "NoSuchBucket" -> "the bucket does not exist: create it, or correct second-location.s3.bucket";
      case "AccessDenied", "SignatureDoesNotMatch", "InvalidAccessKeyId" ->
          "the credentials (second-location.s3.access-key/secret-key) or region may not " + action + " it";
      case "XAmzContentSHA256Mismatch", "BadDigest" -> "the object changed while it was being written; it is written again";
      default -> "check the S3 endpoint and the bucket";
    };
    return new TargetUnavailableException(SecretRedaction.redact(request + " answered " + status + (code.isEmpty() ? "" : " " + code)
        + ": " + hint));
  }

  private static String code(String body) {
    int start = body.indexOf("<Code>");
    int end = body.indexOf("</Code>");
    return start >= 0 && end > start ? body.substring(start + 6, end) : "";
  }

  private static Document parse(String xml, String what) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      try (InputStream in = new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8))) {
        return factory.newDocumentBuilder().parse(in);
      }
    } catch (Exception e) {
      throw new TargetUnavailableException("The " + what + " is not an S3 listing: " + e.getMessage(), e);
    }
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
  }

  private static InputStream open(Path file) {
    try {
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
