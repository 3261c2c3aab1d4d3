package io.camunda.community.backup.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code clusters[i].second-location}: where every set of the cluster is kept a second time, so
 * that losing the storage of one place (a region, a bucket, a volume) does not lose the restore
 * points. Each part of a set has its own pair of directories as the worker application sees them
 * (mounted volumes, or buckets mounted as file systems): the brokers' backup store, the snapshot
 * repository's storage (Elasticsearch/OpenSearch), and the dump directory (RDBMS storage and
 * additional databases).
 *
 * @param mode {@code copy}: the orchestrator copies the set after it is complete; {@code verify}:
 *     the storage replicates itself (a replicated bucket) and the orchestrator only checks that the
 *     set has arrived, whole, before the deadline
 * @param deadline how long the set may take to be whole in the second location, counted from when
 *     the replication step starts; past it the replication is reported failed (the backup stays
 *     complete)
 * @param checkInterval {@code verify}: how long the model waits between two checks
 * @param zeebeStore the brokers' backup store ({@code <base-path>/<partition>/<backup-id>/}),
 *     required
 * @param snapshotRepository the snapshot repository's storage, and the repository registered
 *     read-only over the second copy; required with Elasticsearch/OpenSearch storage
 * @param dumpDirectory the second dump directory: every dump of the cluster (its Camunda database
 *     and its additional databases) is kept under it as under its own {@code dump-directory};
 *     required when the cluster has dumps
 * @param s3 optional: the second places are key prefixes in this S3-compatible bucket instead of
 *     directories ({@code zeebe-store.second: zeebe}); the primary places stay directories
 * @param keepComplete optional (copy mode, RDBMS storage): how many sets the second location
 *     keeps, counted apart from the primary's retention; unset, a set's second copy is deleted with
 *     the set
 */
public record SecondLocationProperties(
    @NotNull Mode mode,
    @NotNull @DefaultValue(SecondLocationProperties.DEFAULT_DEADLINE) Duration deadline,
    @NotNull @DefaultValue(SecondLocationProperties.DEFAULT_CHECK_INTERVAL) Duration checkInterval,
    @Valid Directories zeebeStore,
    @Valid SnapshotRepository snapshotRepository,
    Path dumpDirectory,
    @jakarta.validation.constraints.Min(value = 1, message = "must be at least 1; leave it out to keep what the primary keeps")
        Integer keepComplete,
    @Valid S3 s3) {

  /** Without a keep count of its own. */
  public SecondLocationProperties(Mode mode, Duration deadline, Duration checkInterval, Directories zeebeStore,
      SnapshotRepository snapshotRepository, Path dumpDirectory) {
    this(mode, deadline, checkInterval, zeebeStore, snapshotRepository, dumpDirectory, null, null);
  }

  @org.springframework.boot.context.properties.bind.ConstructorBinding
  public SecondLocationProperties {}

  /** Whether the second places are in an S3-compatible bucket. */
  public boolean inBucket() {
    return s3 != null;
  }

  /** Whether the second location keeps its own number of sets ({@code keep-complete}). */
  public boolean keepsOnItsOwn() {
    return keepComplete != null;
  }

  public static final String DEFAULT_DEADLINE = "PT6H";
  public static final String DEFAULT_CHECK_INTERVAL = "PT1M";

  /** How a set reaches the second location. */
  public enum Mode {
    /** The orchestrator copies every object of the set, then checks sizes and SHA-256. */
    COPY,
    /** The storage replicates itself; the orchestrator checks sizes and SHA-256 of what arrived. */
    VERIFY
  }

  /**
   * The S3-compatible bucket the second places are in (AWS S3, MinIO, Ceph, ...). Requests are
   * signed with Signature Version 4; the keys are meant to come from the environment ({@code
   * secret-key: ${DR_S3_SECRET_KEY}}), and {@link #toString()} masks the secret.
   *
   * @param endpoint e.g. {@code https://s3.eu-central-1.amazonaws.com}, {@code http://minio:9000}
   * @param region the region the requests are signed for ({@code us-east-1} for most non-AWS stores)
   * @param pathStyleAccess {@code true}: {@code <endpoint>/<bucket>/<key>} (MinIO and most other
   *     stores); {@code false}: {@code <bucket>.<endpoint host>/<key>} (AWS's default)
   * @param requestTimeout how long one request may take; an object is written in one request (up to
   *     5 GiB), so it bounds the largest file's upload too
   */
  public record S3(@NotNull java.net.URI endpoint, @jakarta.validation.constraints.NotBlank String region,
      @jakarta.validation.constraints.NotBlank String bucket, @jakarta.validation.constraints.NotBlank String accessKey,
      @jakarta.validation.constraints.NotBlank String secretKey, @DefaultValue("false") boolean pathStyleAccess,
      @NotNull @DefaultValue("PT30M") Duration requestTimeout) {

    @Override
    public String toString() {
      return "S3[endpoint=%s, region=%s, bucket=%s, accessKey=%s, secretKey=%s, pathStyleAccess=%s, requestTimeout=%s]"
          .formatted(endpoint, region, bucket, accessKey, secretKey == null ? null : "******", pathStyleAccess, requestTimeout);
    }
  }

  /** A part's storage as the worker application reads it, in both places. */
  public record Directories(@NotNull Path primary, @NotNull Path second) {}

  /**
   * The snapshot repository's files in both places, and the name of the repository registered on
   * the target, read-only, over the second copy (restores from the second location use it).
   */
  public record SnapshotRepository(@NotNull Path primary, @NotNull Path second, String secondRepository) {}
}
