package io.camunda.community.backup.replication;

import io.camunda.community.backup.client.s3.S3Bucket;
import io.camunda.community.backup.config.ClusterProperties;
import io.camunda.community.backup.config.SecondLocationProperties;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The second places of a cluster as {@link SecondPlace}s: directories, or key prefixes in the
 * cluster's {@code second-location.s3} bucket. The one place that knows which.
 */
@Component
public class SecondPlaces {

  /** A ListObjectsV2 page of 1000 long keys is larger than WebClient's default buffer of 256 KiB. */
  private static final int LISTING_BUFFER = 16 * 1024 * 1024;

  private final WebClient.Builder webClientBuilder;
  private final Map<String, S3Bucket> buckets = new ConcurrentHashMap<>();

  public SecondPlaces(WebClient.Builder webClientBuilder) {
    this.webClientBuilder = webClientBuilder;
  }

  /** The place {@code second} names for the cluster: the directory, or the key prefix in its bucket. */
  public SecondPlace of(ClusterProperties cluster, Path second) {
    SecondLocationProperties location = SetFileLister.secondLocation(cluster);
    if (!location.inBucket()) {
      return new DirectoryPlace(second);
    }
    String prefix = second.toString().replace(java.io.File.separatorChar, '/').replaceAll("^/+", "");
    return new BucketPlace(buckets.computeIfAbsent(cluster.name(), name -> bucket(location.s3())), prefix);
  }

  private S3Bucket bucket(SecondLocationProperties.S3 s3) {
    WebClient webClient = webClientBuilder.clone()
        .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(LISTING_BUFFER))
        .build();
    return new S3Bucket(webClient, s3.endpoint(), s3.region(), s3.bucket(), s3.pathStyleAccess(), s3.accessKey(), s3.secretKey(),
        s3.requestTimeout(), Clock.systemUTC()); // a signature carries the real time, whatever clock the processes run on
  }
}
