package io.camunda.community.backup.client.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * Requests to the second location's bucket are signed as AWS documents it: the examples of "Signature
 * Calculations for the Authorization Header: Transferring Payload in a Single Chunk" (Amazon S3 API
 * reference), computed here from their inputs. S3Mock, which the other tests use, does not check
 * signatures, so this is where a wrong one would show.
 */
class S3BucketSigningTest {

  private static final Clock MAY_24_2013 = Clock.fixed(Instant.parse("2013-05-24T00:00:00Z"), ZoneOffset.UTC);

  private static final ContentStreamProvider NO_PAYLOAD = () -> new ByteArrayInputStream(new byte[0]);

  private final S3Bucket bucket = new S3Bucket(WebClient.create(), URI.create("https://s3.amazonaws.com"), "us-east-1",
      "examplebucket", false, "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Duration.ofSeconds(5),
      MAY_24_2013);

  @Test
  void getObjectIsSignedAsAwsDocumentsIt() {
    SdkHttpRequest signed = bucket.sign(SdkHttpMethod.GET, bucket.uri("test.txt", Map.of()), Map.of("Range", "bytes=0-9"),
        NO_PAYLOAD);

    assertThat(signed.getUri()).hasToString("https://examplebucket.s3.amazonaws.com/test.txt");
    assertThat(signed.firstMatchingHeader("Authorization")).hasValue("AWS4-HMAC-SHA256"
        + " Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;range;x-amz-content-sha256;x-amz-date, Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41");
  }

  @Test
  void putObjectIsSignedWithItsPayloadsHash() {
    SdkHttpRequest signed = bucket.sign(SdkHttpMethod.PUT, bucket.uri("test$file.text", Map.of()),
        Map.of("Date", "Fri, 24 May 2013 00:00:00 GMT", "x-amz-storage-class", "REDUCED_REDUNDANCY"),
        () -> new ByteArrayInputStream("Welcome to Amazon S3.".getBytes(StandardCharsets.UTF_8)));

    assertThat(signed.firstMatchingHeader("x-amz-content-sha256"))
        .hasValue("44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");

    assertThat(signed.firstMatchingHeader("Authorization")).hasValue("AWS4-HMAC-SHA256"
        + " Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class, Signature=98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd");
  }

  @Test
  void listObjectsIsSignedWithItsQuery() {
    // "Example: GET Bucket Lifecycle" uses ?lifecycle; a listing's query is signed the same way
    SdkHttpRequest signed = bucket.sign(SdkHttpMethod.GET, bucket.uri("", Map.of("max-keys", "2", "prefix", "J")), Map.of(),
        NO_PAYLOAD);

    assertThat(signed.getUri()).hasToString("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J");
    assertThat(signed.firstMatchingHeader("Authorization")).hasValue("AWS4-HMAC-SHA256"
        + " Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  }
}
